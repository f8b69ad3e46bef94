"""Hatch build hook: fetch, post-process and verify the pinned MicroPython `.wasm` before building.

Both wheels and editable installs run `wasm/fetch.py` (npm pack of MicroPython and Binaryen, the
Binaryen merge/optimize pipeline for both variants in parallel, hash checks against
`wasm/lock.json`), so `pip install .` or `pip install -e .` ends with a working sandbox. Nothing is
done when the installed files already match the lock. Needs npm and Node.js.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class FetchMicroPythonHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name not in ("wheel",):
            return
        script = Path(self.root) / "wasm" / "fetch.py"
        result = subprocess.run([sys.executable, str(script)], check=False)
        if result.returncode != 0:
            raise RuntimeError(
                "fetching or post-processing the MicroPython WebAssembly artifact failed "
                "(see the wasm/fetch.py message above)")
