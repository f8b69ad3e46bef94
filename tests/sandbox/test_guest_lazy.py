"""The guest runtime starts light: display and introspection load on first use; few run-time qstrs."""

from __future__ import annotations

import json
import re

import pytest

from mpwasm_kernel import Sandbox

# Run-time qstrs right after start (was 427 with every guest module loaded eagerly). MicroPython
# scans these linearly whenever it interns a name (and, in the upstream build, on every str
# creation): new eager guest code must stay under this bound (load it lazily instead). 77 after the
# lazy runtime; the CPython-compatibility hooks (import hook, builtins shims, exit/help) bring it
# to 127; the cell runner bound in a closure at load (grade integrity: guest code cannot rebind what
# decides a cell's verdict) and the compatibility work of issue 26 to 138; deferred figures
# (`figures`, `_flush_figures`) and the names of the lazily loaded `except ... as e`, docstring,
# range and format helpers to 149; write-only files (`oneway`, `_mpk_raw`) and exact `%` float
# formatting (`_mpk_pctf`) to 153; `super()` in CPython's order in multiple-inheritance cells
# (`_mpk_msup`) to 154; the source pass's guest-module accessor (`_mpk_mod`) with two runtime
# constants inlined (`_MAX_TEXT`, `_RUNTIME_FILE_MARK`) to 153.
MAX_STARTUP_QSTRS = 154

# (The probe's own `import sys` loads the guest library's sys, and so its loader `_mpk_library`.)
LOADED = ("import sys\nprint(sorted(k for k in sys.modules if (k.startswith('_mpk_') or k.startswith('IPython'))"
          " and k != '_mpk_library'))")


def qstrs(sb: Sandbox) -> int:
    r = sb.run("import micropython\nmicropython.qstr_info()")
    assert r.error is None, r.error
    match = re.search(r"n_qstr=(\d+)", r.stdout)
    assert match, r.stdout
    return int(match.group(1))


def loaded(sb: Sandbox) -> list[str]:
    r = sb.run(LOADED)
    assert r.error is None, r.error
    return json.loads(r.stdout.replace("'", '"'))


@pytest.fixture()
def sb():
    with Sandbox() as sandbox:
        yield sandbox


def test_runtime_qstrs_at_start_are_bounded(sb: Sandbox) -> None:
    assert qstrs(sb) <= MAX_STARTUP_QSTRS


def test_plain_cells_load_nothing(sb: Sandbox) -> None:
    for cell in ("x = 1", "x + 1", "[x, 'a', {1: (2.5, None)}]", "print(x)", "str(x) * 3"):
        assert sb.run(cell).error is None
    assert loaded(sb) == ["_mpk_boot", "_mpk_channel", "_mpk_pycompat", "_mpk_runtime"]


def test_display_loads_on_first_use(sb: Sandbox) -> None:
    before = qstrs(sb)
    r = sb.run("display('hi')")
    assert r.error is None, r.error
    assert [d["data"] for d in r.displays] == [{"text/plain": "'hi'"}]
    assert "_mpk_display" in loaded(sb)
    assert qstrs(sb) > before
    r = sb.run("import IPython.display\ndisplay is IPython.display.display")
    assert r.value == "True"
    assert "display" not in sb.call("who")  # the runtime's, not a user variable


def test_ipython_import_loads_display(sb: Sandbox) -> None:
    r = sb.run("from IPython.display import HTML\nHTML('<b>x</b>')")
    assert r.error is None, r.error
    assert r.data is not None and r.data["text/html"] == "<b>x</b>"
    assert sb.run("display is __import__('IPython').display.display").value == "True"


def test_rich_value_loads_display(sb: Sandbox) -> None:
    r = sb.run("class C:\n    def _repr_html_(self):\n        return '<i>c</i>'\nC()")
    assert r.error is None, r.error
    assert r.data is not None and r.data["text/html"] == "<i>c</i>"


@pytest.mark.parametrize("expr", [
    "1", "2.5", "1j", "True", "'s'", "b'b'", "bytearray(b'x')", "[1, [2]]", "(1,)", "{'a': 1}",
    "{1}", "frozenset()", "range(3)", "[object()]",
])
def test_plain_values_format_like_the_display_module(sb: Sandbox, expr: str) -> None:
    fast = sb.run(f"v = {expr}\nv")
    assert fast.error is None, fast.error
    full = sb.run("import _mpk_display, json\nprint(json.dumps(_mpk_display.format_object(v)))")
    assert full.error is None, full.error
    data, metadata = json.loads(full.stdout)
    assert re.sub(r"0x[0-9a-f]+", "", fast.data["text/plain"]) == re.sub(r"0x[0-9a-f]+", "", data["text/plain"])
    assert fast.data == data or "object" in expr
    assert fast.metadata == metadata


def test_failing_repr_inside_a_list_is_reported_like_before(sb: Sandbox) -> None:
    r = sb.run("class Bad:\n    def __repr__(self):\n        raise ValueError('no')\n[Bad()]")
    assert r.error is None, r.error
    assert r.data is not None and r.data["text/plain"].startswith("<repr failed: ValueError")


def test_introspection_loads_on_first_completion(sb: Sandbox) -> None:
    sb.run("value_x = 1")
    assert "_mpk_introspect" not in loaded(sb)
    assert "value_x" in sb.call("complete", "valu", 4)["matches"]
    assert "_mpk_introspect" in loaded(sb) and "_mpk_complete" in loaded(sb)
    assert sb.call("who") == ["sys", "value_x"]


def test_reset_unloads_lazy_modules(sb: Sandbox) -> None:
    sb.run("display(1)")
    sb.call("who")
    sb.reset()
    assert loaded(sb) == ["_mpk_boot", "_mpk_channel", "_mpk_pycompat", "_mpk_runtime"]


def test_user_code_cannot_fetch_other_files(sb: Sandbox) -> None:
    r = sb.run("import _mpk_channel\n_mpk_channel.source('../sandbox')")
    assert r.error is not None and r.error.ename == "ImportError"
    assert sb.run("6 * 7").value == "42"


def test_display_loaded_after_introspection_stays_hidden_from_who(sb: Sandbox) -> None:
    sb.run("value_y = 2")
    assert sb.call("who") == ["value_y"]  # loads introspection first
    assert sb.run("display(value_y)").error is None  # then display replaces the stub
    assert sb.run("import IPython\ndisplay is IPython.display.display").value == "True"
    assert sb.call("who") == ["IPython", "value_y"]
    assert sb.call("reset") is not None
    assert sb.call("who") == []
    assert sb.run("display").error is None
