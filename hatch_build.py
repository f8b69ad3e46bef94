"""Hatch build hook: fetch and verify the pinned MicroPython `.wasm` before building.

Both wheels and editable installs run `wasm/fetch.py`, so `pip install .` or `pip install -e .`
ends with a working sandbox. The fetch is skipped when the installed files already match
`wasm/lock.json`.
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
            raise RuntimeError("fetching the MicroPython WebAssembly artifact failed (see wasm/fetch.py output)")
