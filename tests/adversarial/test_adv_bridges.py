"""The JavaScript bridges (`js`, `jsffi`): the sandbox serves none of their host imports.

The import guard refuses them with ImportError; every way around the guard (deleting or
replacing `__import__`, reaching the original importer through the runtime's globals) ends at a
host import that is not provided, which traps: `SandboxFault`, rolled back, guard restored.
"""

from __future__ import annotations

import pytest
from hostile_support import Hostile

SANDBOX_LIMITS = {"wall_seconds": 30.0}
REFUSED = ("ImportError", "SandboxFault")

GUARDED = {
    "import_js": "import js",
    "import_jsffi": "import jsffi",
    "from_js_import": "from js import globalThis",
    "dunder_import": "__import__('js')",
    "dunder_import_jsffi": "__import__('jsffi')",
    "import_submodule": "import js.document",
    "builtins_dunder_import": "import builtins\nbuiltins.__import__('js')",
    "exec_import": "exec('import js')",
    "eval_dunder_import": "eval(\"__import__('jsffi')\")",
}


@pytest.mark.parametrize("source", GUARDED.values(), ids=GUARDED.keys())
def test_guarded_imports_are_refused(hostile: Hostile, source: str) -> None:
    """Direct imports of the bridges are a clean ImportError (or, for `builtins.__import__`, which is
    MicroPython's original importer, a SandboxFault with rollback) and change nothing."""
    r = hostile.attack(source, REFUSED)
    assert "JavaScript" in r.error.evalue or "js" in r.error.evalue
    assert r.error.ename == "ImportError" or r.rolled_back


BYPASSES = {
    "del_import_hook": "import builtins\ndel builtins.__import__\nimport js\njs.globalThis",
    "original_importer_js": (
        "import _mpk_runtime\nimp = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "js = imp('js')\njs.globalThis"),
    "original_importer_jsffi_proxy": (
        "import _mpk_runtime\nimp = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "jsffi = imp('jsffi')\njsffi.create_proxy(print)"),
    "original_importer_jsffi_to_js": (
        "import _mpk_runtime\nimp = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "jsffi = imp('jsffi')\njsffi.to_js([1, 2])"),
    "sys_modules_lookup": "import sys\nsys.modules.get('js') or sys.modules.get('jsffi')",
    "replace_guard_with_identity": (
        "import builtins, _mpk_runtime\nbuiltins.__import__ = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "import js\njs.document.cookie"),
    "js_attribute_walk": (
        "import _mpk_runtime\nimp = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "js = imp('js')\njs.process.env"),
    "js_call": (
        "import _mpk_runtime\nimp = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "js = imp('js')\njs.eval('1')"),
    "js_new": (
        "import _mpk_runtime\nimp = _mpk_runtime._guarded_import.__globals__['_import']\n"
        "js = imp('js')\njs.Object.new()"),
}


@pytest.mark.parametrize("source", BYPASSES.values(), ids=BYPASSES.keys())
def test_guard_bypasses_reach_no_host_function(hostile: Hostile, source: str) -> None:
    """Going around the guard ends at an unserved import: SandboxFault with rollback (or a guest error
    before any bridge call); the guard is in place afterwards."""
    r = hostile.attack("changed = 1\n" + source, REFUSED + (None, "AttributeError", "TypeError"))
    if r.error is not None and r.error.ename == "SandboxFault":
        assert r.rolled_back and "JavaScript" in r.error.evalue
    guard = hostile.attack("import js", ("ImportError", "SandboxFault"))
    assert guard.error is not None


def test_guard_removed_in_one_cell_still_cannot_reach_the_bridge(hostile: Hostile) -> None:
    """Removing the guard in a successful cell and importing in a later one still ends at SandboxFault."""
    hostile.attack("import builtins\ndel builtins.__import__", None)
    r = hostile.attack("import js\njs.globalThis", ("SandboxFault", "ImportError"))
    if r.error.ename == "SandboxFault":
        assert r.rolled_back
    hostile.sb.reset()
    assert hostile.attack("import js", "ImportError")
