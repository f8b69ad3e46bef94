"""`s.split(sep=..., maxsplit=...)` / `s.rsplit(...)` with keyword arguments and
`s.replace('', new)`: the source pass sends these calls to the guest's `_mpk_strcall.call`
(MicroPython's split takes no keywords; its replace of an empty string inserts between the
bytes of a multi-byte character). Calls without them stay native. Differential: host CPython
vs sandbox."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox
from mpwasm_kernel.sandbox.cpython.transform import transform


def test_split_keywords(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        s = "a,b,,c, d e  f"
        print(s.split(sep=","), s.split(sep=",", maxsplit=1), s.split(maxsplit=2), s.split(",", maxsplit=2))
        print(s.split(maxsplit=1, sep=","), s.split(sep=None), s.split(sep=None, maxsplit=0), s.split(maxsplit=-1))
        print(s.rsplit(sep=","), s.rsplit(sep=",", maxsplit=1), s.rsplit(maxsplit=2), s.rsplit(",", maxsplit=2))
        print("  x  y z ".rsplit(maxsplit=1), "  x  y z ".split(maxsplit=1), "".split(sep=","), "".split(maxsplit=1))
        line = "name: Ada: Lovelace"
        key, value = line.split(sep=":", maxsplit=1)
        print(key, value.strip(), str.split("a b c", maxsplit=1), "é…é".split(sep="…"))
        print([w.split(sep="=", maxsplit=1) for w in "a=1 b=2=3".split()])
    """)


def test_split_keywords_other_receivers(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        class Words:
            def split(self, sep=None, maxsplit=-1):
                return ("own", sep, maxsplit)
        class S(str):
            pass
        class T(str):
            def split(self, sep=None, maxsplit=-1):
                return "T's own"
        print(Words().split(sep=";"), S("a b c").split(maxsplit=1), T("a b").split(sep=" "))
        print(b"a,b,c".split(sep=b",", maxsplit=1))
        for call in (lambda: "a b".split(sep=1), lambda: "a b".split(maxsplit="x"), lambda: (5).split(sep=",")):
            try:
                print(call())
            except (TypeError, AttributeError) as exc:
                print(type(exc).__name__)
    """, messages=False)


def test_replace_empty_old(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        for s in ["", "a", "abc", "é", "é…ü", "añb", "x€€"]:
            print(repr(s.replace("", "-")), repr(s.replace("", "")), repr(s.replace("", "<é>")))
            for n in (-1, 0, 1, 2, 3, 9):
                print(n, repr(s.replace("", "|", n)))
        print("é…".replace('', 'x'), "abc".replace("b", "B"), b"ab".replace(b"", b"."))
        class R:
            def replace(self, old, new):
                return "own " + repr(old)
        print(R().replace("", "x"))
        for call in (lambda: "ab".replace("", 5), lambda: "ab".replace("", "x", "2")):
            try:
                print(call())
            except TypeError as exc:
                print(type(exc).__name__)
    """, messages=False)


def test_plain_calls_stay_native() -> None:
    """A split without keywords and a replace of a non-empty string are not rewritten (native cost)."""
    for cell in ('s.split(",")\n', "s.split()\n", 's.split(",", 1)\n', 's.replace("a", "b")\n',
                 's.replace(old, "")\n'):
        assert transform(cell) == cell
    assert "_mpk_strcall" in transform('s.split(sep=",")\n')
    assert "_mpk_strcall" not in transform('__import__ = 1\ns.split(sep=",")\n')
