"""Guest introspection (`_mpk_introspect`): completion, inspection, who/whos/reset.

Runs inside MicroPython through the real `Sandbox`; `Sandbox.call(name, *args)` calls
`_mpk_introspect.<name>(user_ns, *args)` exactly as the kernel does.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("mpwasm_kernel.sandbox", reason="mpwasm_kernel.sandbox (Sandbox) is not importable")

from mpwasm_kernel import Sandbox  # noqa: E402

SETUP = """
import math
class Point:
    def __init__(self, x):
        self.x = x
        self.xlabel = 'X'
    def norm(self):
        return abs(self.x)
    @property
    def boom(self):
        raise RuntimeError('property ran')
def area(w, h=1):
    return w * h
alpha = Point(3)
alphabet = 'abc'
numbers = [1, 2, 3]
_hidden_value = 1
"""


@pytest.fixture(scope="module")
def sb():
    with Sandbox() as sandbox:
        r = sandbox.run(SETUP)
        assert r.error is None, r.error
        yield sandbox


def complete(sb: Sandbox, code: str, pos: int | None = None) -> dict:
    return sb.call("complete", code, len(code) if pos is None else pos)


def matches(sb: Sandbox, code: str, pos: int | None = None) -> list[str]:
    return complete(sb, code, pos)["matches"]


# --- complete --------------------------------------------------------------------------------

def test_globals_builtins_and_keywords(sb: Sandbox) -> None:
    assert complete(sb, "al") == {"matches": ["all", "alpha", "alphabet"], "cursor_start": 0, "cursor_end": 2}
    assert matches(sb, "wh") == ["while"]
    assert matches(sb, "x = ar") == ["area"]
    assert matches(sb, "lamb") == ["lambda"]
    assert "print" in matches(sb, "pr")


def test_private_names_only_for_underscore_prefix(sb: Sandbox) -> None:
    assert "_hidden_value" not in matches(sb, "")  # empty token: nothing to complete
    assert matches(sb, "_hid") == ["_hidden_value"]
    assert all(not m.startswith("_") for m in matches(sb, "alpha."))
    assert "__init__" in matches(sb, "alpha.__")


def test_attribute_chains(sb: Sandbox) -> None:
    assert complete(sb, "alpha.x") == {"matches": ["x", "xlabel"], "cursor_start": 6, "cursor_end": 7}
    assert matches(sb, "alpha.") == ["boom", "norm", "x", "xlabel"]
    assert matches(sb, "alpha.xlabel.up") == ["upper"]
    assert matches(sb, "math.sq") == ["sqrt"]
    assert matches(sb, "numbers.app") == ["append"]
    assert matches(sb, "print(alpha.no") == ["norm"]


def test_attribute_walk_failures_give_nothing(sb: Sandbox) -> None:
    assert matches(sb, "alpha.boom.") == []  # the property raised: no completions, no error
    assert matches(sb, "missing.attr") == []
    assert matches(sb, "alpha.nothing.x") == []
    assert matches(sb, "1.") == []
    assert matches(sb, "x = 'al") == []  # inside a string literal


def test_cursor_in_the_middle_and_multiline(sb: Sandbox) -> None:
    assert complete(sb, "al + numbers", 2) == {"matches": ["all", "alpha", "alphabet"],
                                               "cursor_start": 0, "cursor_end": 2}
    code = "for i in numbers:\n    print(alp"
    assert complete(sb, code) == {"matches": ["alpha", "alphabet"], "cursor_start": len(code) - 3,
                                  "cursor_end": len(code)}


def test_cursor_counts_code_points(sb: Sandbox) -> None:
    code = "s = 'héllo wörld ✓'\nnumb"
    end = len(code)  # code points, as in Jupyter protocol >= 5.2
    assert complete(sb, code) == {"matches": ["numbers"], "cursor_start": end - 4, "cursor_end": end}


def test_import_module_names(sb: Sandbox) -> None:
    # the guest library's `matplotlib` is importable too, as it is in a CPython with matplotlib
    assert complete(sb, "import ma") == {"matches": ["math", "matplotlib"], "cursor_start": 7, "cursor_end": 9}
    assert matches(sb, "import js") == ["json"]  # js/jsffi are blocked in the sandbox
    assert matches(sb, "import json, ra") == ["random"]
    assert matches(sb, "from col") == ["collections"]
    assert matches(sb, "import os.") == ["path"]
    assert matches(sb, "import IPython.") == ["display"]  # IPython.core appears once imported
    assert "IPython" in matches(sb, "import IP")


def test_import_finds_files_on_sys_path(sb: Sandbox) -> None:
    r = sb.run("import sys\nsys.path.append('mods')\nimport os\n"
               "os.mkdir('mods')\nwith open('mods/mymodule_x.py', 'w') as f:\n    f.write('value = 1\\n')")
    assert r.error is None, r.error
    assert matches(sb, "import mymod") == ["mymodule_x"]


def test_from_module_import_names(sb: Sandbox) -> None:
    assert complete(sb, "from math import s") == {"matches": ["sin", "sinh", "sqrt"],
                                                 "cursor_start": 17, "cursor_end": 18}
    assert matches(sb, "from math import (sin, co") == ["comb", "copysign", "cos", "cosh"]
    assert matches(sb, "from os import pa") == ["pardir", "path", "pathsep"]  # as CPython's os
    assert matches(sb, "from os.path import jo") == ["join"]
    assert matches(sb, "from IPython.display import HT") == ["HTML"]
    assert matches(sb, "from math im") == ["import"]


def test_dict_keys(sb: Sandbox) -> None:
    assert sb.run("conf = {'alpha': 1, 'beta': 2, 3: 'int key'}").error is None
    assert complete(sb, "conf['al") == {"matches": ["alpha"], "cursor_start": 6, "cursor_end": 8}
    assert matches(sb, 'x = conf["') == ["alpha", "beta"]
    assert matches(sb, "conf[") == ["'alpha'", "'beta'"]
    assert matches(sb, "conf[alp") == ["'alpha'", "alpha", "alphabet"]  # key literals, then names
    assert matches(sb, "numbers[alp") == ["alpha", "alphabet"]  # not a dict: names only


def test_file_names_inside_strings(sb: Sandbox) -> None:
    r = sb.run("import os\nos.mkdir('cdata')\nopen('cdata/table.csv', 'w').close()\n"
               "open('cnotes.txt', 'w').close()")
    assert r.error is None, r.error
    assert complete(sb, "open('cd") == {"matches": ["cdata/"], "cursor_start": 6, "cursor_end": 8}
    assert matches(sb, "open('cn") == ["cnotes.txt"]
    assert complete(sb, "open('cdata/t") == {"matches": ["table.csv"], "cursor_start": 12, "cursor_end": 13}
    assert matches(sb, "open('missing/") == []


def test_bad_arguments_never_raise(sb: Sandbox) -> None:
    empty = {"matches": [], "cursor_start": 0, "cursor_end": 0}
    assert sb.call("complete", None, None) == empty
    assert sb.call("complete", 5, "x") == empty
    assert complete(sb, "al", 99)["matches"] == ["all", "alpha", "alphabet"]  # cursor clamped
    assert complete(sb, "al", -3)["matches"] == []


# --- inspect ---------------------------------------------------------------------------------

def inspect(sb: Sandbox, code: str, pos: int | None = None, detail: int = 0) -> dict:
    return sb.call("inspect", code, len(code) if pos is None else pos, detail)


def fields(reply: dict) -> dict[str, str]:
    out = {}
    for line in reply["data"]["text/plain"].split("\n"):
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def test_inspect_instance(sb: Sandbox) -> None:
    reply = inspect(sb, "alpha")
    assert reply["found"] is True and reply["metadata"] == {}
    assert reply["name"] == "alpha" and reply["kind"] == "object"
    f = fields(reply)
    assert f["Type"] == "Point"
    assert f["String form"].startswith("<__main__.Point object at 0x")  # as IPython (CPython repr)
    assert f["Docstring"] == "<no docstring>"


def test_inspect_sized_value_and_truncation(sb: Sandbox) -> None:
    f = fields(inspect(sb, "numbers"))
    assert f == {"Type": "list", "String form": "[1, 2, 3]", "Length": "3", "Docstring": "<no docstring>"}
    assert sb.run("big = list(range(1000))").error is None
    form = fields(inspect(sb, "big"))["String form"]
    assert len(form) <= 200 and " ... " in form and form.startswith("[0, 1, 2")


def test_inspect_function_class_module_builtin(sb: Sandbox) -> None:
    assert fields(inspect(sb, "area"))["Type"] == "function"
    cls = inspect(sb, "Point")
    assert cls["kind"] == "class" and fields(cls)["Bases"] == "object"
    assert fields(cls)["Type"] == "type"
    mod = fields(inspect(sb, "math"))
    assert mod["Type"] == "module" and mod["String form"].startswith("<module 'math'")
    assert fields(inspect(sb, "len"))["String form"] == "<built-in function len>"
    assert fields(inspect(sb, "alpha.norm"))["Type"] == "bound_method"


def test_inspect_cursor_positions(sb: Sandbox) -> None:
    assert inspect(sb, "area(2, ")["name"] == "area"  # inside a call: the callee
    assert inspect(sb, "print(alphabet.upper(")["name"] == "alphabet.upper"
    assert inspect(sb, "x = alphabet + 'q'", 6)["name"] == "alphabet"  # cursor inside the name
    assert inspect(sb, "math.pi * 2", 7)["name"] == "math.pi"
    assert inspect(sb, "math.pi * 2", 2)["name"] == "math"


def test_inspect_detail_level_one_mentions_source(sb: Sandbox) -> None:
    assert "Source" in fields(inspect(sb, "area", detail=1))
    assert "Source" not in fields(inspect(sb, "area", detail=0))


def test_inspect_not_found(sb: Sandbox) -> None:
    nothing = {"found": False, "data": {}, "metadata": {}}
    assert inspect(sb, "undefined_name") == nothing
    assert inspect(sb, "") == nothing
    assert inspect(sb, "alpha.boom") == nothing  # property raised
    assert inspect(sb, "for ") == nothing
    assert sb.call("inspect", None, "x", "y") == nothing


# --- who / whos / reset ----------------------------------------------------------------------

@pytest.fixture
def fresh():
    with Sandbox() as sandbox:
        yield sandbox


def test_who_and_whos(fresh: Sandbox) -> None:
    r = fresh.run("import math\nfrom IPython.display import HTML\na = 1\nname = 'x' * 200\n_private = 2\n"
                  "def f(): pass")
    assert r.error is None, r.error
    assert fresh.call("who") == ["HTML", "a", "f", "math", "name"]  # `display` (injected) is not listed
    rows = {row[0]: row[1:] for row in fresh.call("whos")}
    assert rows["a"] == ["int", "1"]
    assert rows["math"] == ["module", "math"]
    assert rows["f"][0] == "function"
    assert rows["name"][0] == "str" and len(rows["name"][1]) <= 80 and " ... " in rows["name"][1]


def test_who_lists_rebound_runtime_names(fresh: Sandbox) -> None:
    assert fresh.call("who") == []
    assert fresh.run("display = 5").error is None
    assert fresh.call("who") == ["display"]


def test_reset_and_hide_in_guest(fresh: Sandbox) -> None:
    src = """
import json, _mpk_introspect as I
ns = {'__name__': '__main__', 'helper': print, 'x': 1, '_y': 2}
I.hide(ns, ['helper'])
print(json.dumps([I.who(ns), I.reset(ns), sorted(ns)]))
ns['helper'] = 'rebound'
ns['z'] = 3
print(json.dumps([I.who(ns), I.reset(ns), sorted(ns), ns['helper'] is print]))
"""
    r = fresh.run(src)
    assert r.error is None, r.error
    first, second = (json.loads(line) for line in r.stdout.splitlines())
    # The runtime hid its own entries (`__name__`, `display`) when it made the user namespace;
    # reset keeps every hidden entry, so `display` comes back in this namespace too.
    assert first == [["x"], ["_y", "x"], ["__name__", "display", "helper"]]
    assert second == [["helper", "z"], ["helper", "z"], ["__name__", "display", "helper"], True]


def test_who_never_raises(fresh: Sandbox) -> None:
    src = "import _mpk_introspect as I\nprint(I.who(None), I.whos(3), I.reset(None), I.complete(1, 2, 3))"
    r = fresh.run(src)
    assert r.error is None and r.stdout == "[] [] [] {'matches': [], 'cursor_start': 0, 'cursor_end': 0}\n"


def test_ulab_variant_modules() -> None:
    try:
        sandbox = Sandbox(variant="ulab")
    except Exception as exc:  # the ulab artifact is optional
        pytest.skip(f"ulab variant unavailable: {exc}")
    with sandbox:
        assert sandbox.call("complete", "import ul", 9)["matches"] == ["ulab"]
        assert sandbox.call("complete", "import ulab.", 12)["matches"] == ["numpy", "scipy", "utils"]
        assert "array" in sandbox.call("complete", "from ulab.numpy import arr", 26)["matches"]
