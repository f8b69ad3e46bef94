"""Iterator results named as IPython names them (`<list_iterator at 0x...>`, issue 26), and
`help`, built-in functions, lambdas and built-in types' bound methods (`<function str.upper()>`)
as results.

MicroPython's iterators of lists, tuples, str, bytes and sets share one type; the host names the
kind from the cell's expression. Differential: the same cells on the host (IPython's pretty
printer) and in the sandbox, addresses masked.
"""

from __future__ import annotations

import pytest
from ipython_results import ipython_results, sandbox_results

from mpwasm_kernel import Sandbox

SESSIONS = {
    "displays": ["iter([2, 4, 6, 8, 10])", "iter(range(10))", "iter((1, 2))", "iter('abc')", "iter('é')",
                 "iter(b'ab')", "iter({1, 2})", "iter([x for x in 'ab'])", "iter(bytearray(b'a'))"],
    "names": ["L = [1, 2]\nt = ('a',)", "iter(L)", "it = iter(t)\nnext(it)", "it", "s = sorted('ba')\niter(s)"],
    "dicts": ["d = {'a': 1}", "iter(d)", "iter(d.keys())", "iter(d.values())", "iter(d.items())",
              "iter({'k': 2})"],
    "help_and_functions": ["help", "len", "print", "(lambda num: num)", "type(None)"],
    "bound_methods": ['"abc".upper', "[].append", "word = 'banana'\nword.split", "d = {'a': 1}\nd.get",
                      "{1, 2}.add", "(1, 2).count", "b'x'.decode", "(5).to_bytes", "m = 'x'.lower\nm",
                      "'ab'.title", "2.5.is_integer", "'abc'.index"],
    "classes_in_containers": ["type(3), type(3.0), type('s'), type([]), type({}), type(()), type(set()), type(None)",
                              "int, float, str", "class Dog: pass", "[Dog, int, (str,)]",
                              "{'a': int, 'b': [1.5, Dog]}", "(int,)", "['<b>', 'x<y']", "{'k': '<'}"],
    "regex_patterns": ["import re", "re.compile(r'\\d+')", "re.compile('abc', re.IGNORECASE | re.M)",
                       "re.compile(r\"\\bcat\\b|it's\", re.A)", "p = re.compile('[a-z]+')\np"],
    "reversed": ["reversed([1, 2])", "reversed('ab')", "reversed((1,))", "reversed(range(3))",
                 "d = {'a': 1}\nreversed(d)", "reversed(d.items())"],
}


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_iterator_results_as_ipython(sandbox: Sandbox, name: str) -> None:
    cells = SESSIONS[name]
    assert sandbox_results(sandbox, cells) == ipython_results(cells)


def test_unknown_kind_keeps_micropython_text(sandbox: Sandbox) -> None:
    # A function's result: the source does not say what it iterates, so nothing is guessed.
    shown = sandbox_results(sandbox, ["def f():\n    return iter([1])", "f()"])
    assert shown == [None, "<iterator>"]
