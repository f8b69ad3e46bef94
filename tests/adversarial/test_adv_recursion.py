"""Recursion and nesting: MicroPython's own depth checks (C stack and Python stack) turn deep
recursion, deeply nested source and deeply nested data into guest exceptions; nothing reaches the
host's (CPython) stack, and the host-side cell split survives nesting that CPython's parser refuses.
"""

from __future__ import annotations

import pytest
from hostile_support import Hostile

SANDBOX_LIMITS = {"wall_seconds": 30.0, "fuel": 5_000_000_000}  # fuel stops runaways
DEPTH_ERRORS = ("RuntimeError", "RecursionError", "MemoryError", "SyntaxError")
STOPS = ("FuelExhausted", "TimeLimitExceeded", "MemoryLimitExceeded",
         # wasmtime's own guard: "wasm trap: call stack exhausted" (C recursion MicroPython does not
         # count, e.g. parsing or comparing nested data); trapped and rolled back like any stop.
         "SandboxFault")

RECURSION = {
    "plain": "def f(n):\n    return f(n + 1)\nf(0)",
    "mutual": "def a(n):\n    return b(n)\ndef b(n):\n    return a(n + 1)\na(0)",
    "lambda": "f = lambda n: f(n + 1)\nf(0)",
    "via_repr": "class R:\n    def __repr__(self):\n        return repr(self)\nrepr(R())",
    "via_getattr": "class G:\n    def __getattr__(self, name):\n        return self.x\nG().y",
    "via_generator": "def g(n):\n    yield from g(n + 1)\nnext(g(0))",
    "via_eq": "class E:\n    def __eq__(self, o):\n        return self == o\nE() == E()",
    "via_init_subclass_new": "class N:\n    def __new__(cls):\n        return N()\nN()",
    "exec_chain": "s = '1'\nfor i in range(300):\n    s = 'exec(%r)' % s\nexec(s)",
}


@pytest.mark.parametrize("source", RECURSION.values(), ids=RECURSION.keys())
def test_deep_recursion_is_a_guest_error(hostile: Hostile, source: str) -> None:
    """Unbounded recursion of every flavour ends as a guest exception; state is kept."""
    r = hostile.attack(source, DEPTH_ERRORS + STOPS)
    assert r.error.ename in DEPTH_ERRORS or r.rolled_back


def test_recursion_that_catches_its_own_overflow(hostile: Hostile) -> None:
    """Recursion that catches the overflow and recurses again ends at a limit, and is rolled back."""
    src = "def f(n):\n    try:\n        return f(n + 1)\n    except BaseException:\n        return f(n)\nf(0)"
    hostile.attack("changed = 1\n" + src, DEPTH_ERRORS + STOPS)


NESTED_SOURCE = {
    "brackets_eval": "eval('[' * 100000 + ']' * 100000)",
    "parens_eval": "eval('(' * 100000 + '1' + ')' * 100000)",
    "unary_minus_eval": "eval('-' * 100000 + '1')",
    "not_chain_eval": "eval('not ' * 100000 + '1')",
    "dict_literal_eval": "eval('{1:' * 50000 + '1' + '}' * 50000)",
    "lambda_chain_eval": "eval('lambda: ' * 20000 + '1')",
    "nested_blocks_exec": "exec(''.join(' ' * i + 'if 1:\\n' for i in range(2000)) + ' ' * 2000 + 'pass\\n')",
    "nested_fstring": "eval('f\"{' * 200 + '1' + '}\"' * 200)",
    "attr_chain": "eval('x' + '.a' * 200000)",
    "call_chain": "eval('f' + '()' * 200000)",
}


@pytest.mark.parametrize("source", NESTED_SOURCE.values(), ids=NESTED_SOURCE.keys())
def test_deeply_nested_source_in_the_guest(hostile: Hostile, source: str) -> None:
    """Nested source compiled by MicroPython (eval/exec) fails in the guest or at a limit."""
    hostile.attack(source, DEPTH_ERRORS + STOPS + ("NameError", "IndentationError", None))


@pytest.mark.parametrize("depth", [200, 5000, 100_000])
def test_deeply_nested_cell_source(hostile: Hostile, depth: int) -> None:
    """The cell itself is deeply nested: the host's CPython split gives up (it refuses > 200 levels)
    and MicroPython reports its own error; nothing raises on the host."""
    hostile.attack("x = " + "[" * depth + "]" * depth, DEPTH_ERRORS + STOPS + (None,))
    hostile.attack("(" * depth + "1" + ")" * depth, DEPTH_ERRORS + STOPS + (None,))


NESTED_DATA = {
    "list_repr": "l = []\nfor i in range(100000):\n    l = [l]\nrepr(l)",
    "dict_repr": "d = {}\nfor i in range(100000):\n    d = {'a': d}\nstr(d)",
    "json_dumps": "import json\nl = []\nfor i in range(100000):\n    l = [l]\njson.dumps(l)",
    "trailing_value": "l = []\nfor i in range(100000):\n    l = [l]\nl",
    "self_containing": "l = []\nl.append(l)\nl",
    "equality": "a = []\nb = []\nfor i in range(100000):\n    a = [a]\n    b = [b]\na == b",
    "hash_tuple": "t = ()\nfor i in range(100000):\n    t = (t,)\nhash(t)",
    "deepcopy_like": "import json\ns = '[' * 100000 + ']' * 100000\njson.loads(s)",
}


@pytest.mark.parametrize("source", NESTED_DATA.values(), ids=NESTED_DATA.keys())
def test_nested_data_is_handled_in_the_guest(hostile: Hostile, source: str) -> None:
    """repr/json/equality of 100 000-deep data fails in the guest (or shows '<repr failed…>')."""
    r = hostile.attack(source, DEPTH_ERRORS + STOPS + ("ValueError", None))
    if r.value is not None:
        assert len(r.value) < 1_000_000
