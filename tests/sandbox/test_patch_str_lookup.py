"""The `str_lookup` patch (wasm/patches/str_lookup.py): new strings are fresh heap strings.

`check` is the patched behaviour; `test_build_pipeline.py` runs it on a build without this patch,
where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Sandbox

# `s is t` between a built string and an equal interned one: False in CPython, and with the patch
# (the unpatched interpreter returns the interned object: True).
IDENTITY_CELL = """
a = "al"
t = "alpha"
built = [a + "pha", "".join(["al", "pha"]), "ALPHA".lower(), "xalpha"[1:], "%spha" % a]
print([s is t for s in built], [s == t for s in built])
"""

# Strings built at run time are no longer looked up among interned strings: every value operation
# must still behave as in CPython. Same cell, host CPython vs the sandbox.
STRING_CELL = """
class C:
    alpha = 1
names = ["al" + "pha", "".join(["a", "l", "p", "h", "a"]), "ALPHA".lower(), "xalpha"[1:], str("alpha")]
d = {"alpha": 1, "print": 2}
for n in names:
    print(n == "alpha", hash(n) == hash("alpha"), d[n], getattr(C, n), n in {"alpha"}, n in d)
def f(alpha=0, **kw):
    return alpha, sorted(kw)
print(f(**{names[0]: 5, "be" + "ta": 6}))
setattr(C, "be" + "ta", 2)
print(C.beta, hasattr(C, "beta"), "beta" in dir(C))
mod = __import__("ma" + "th")
print(mod.__name__ == "math", getattr(mod, "s" + "qrt")(16.0))
print(sorted(["b" + "b", "a" + "a", "aa"]), "-".join(n[:2] for n in names))
print(len(set(names)), {n: i for i, n in enumerate(names)})
print("print" + "" == "print", ("x" * 3).upper(), "a,b,,c".split(","), "%s-%d" % ("k", 7))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb`'s interpreter (empty: the patch works)."""
    r = sb.run(IDENTITY_CELL)
    expected = cpython(IDENTITY_CELL)
    if r.error is None and r.stdout == expected:
        return []
    return [f"identity: {r.stdout!r} {r.error}, CPython {expected!r}"]


def test_new_strings_are_not_interned_objects() -> None:
    with Sandbox() as sb:
        assert check(sb) == []


def test_built_strings_behave_like_cpython() -> None:
    with Sandbox() as sb:
        r = sb.run(STRING_CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(STRING_CELL)
