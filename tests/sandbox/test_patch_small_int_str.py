"""The `small_int_str` patch (wasm/patches/small_int_str.py): `str(i)` of a small int writes its
digits directly instead of going through a vstr and the print machinery.

`check` is the patched behaviour: one `str(i)` in a function loop costs less than `MAX_FUEL` more
than the same loop without it (fuel is deterministic; measured in the constants' comments), and
the conversion cell prints what host CPython prints: `str`, `repr`, `%d`, `format`, f-strings of
ints around every digit-count boundary and the ends of the small-int range (±2**30, where big ints
take over), 0, negatives, `bool` (`str(True)` is `'True'`), `int` subclasses with and without
`__str__`/`__repr__`, a `str` subclass made from an int, and the strings as values: equality with
literals, hashing (dict and set keys, `hash()` equal to a literal's), concatenation, methods,
round trips. `str()` of an `int` subclass that overrides only `__repr__` is left out: MicroPython
prints the int's digits there (CPython calls the `__repr__`), with and without this patch (such an
instance is an object, never a small int). `test_build_pipeline.py` runs `check` on a build
without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import differs_from_cpython, fuel_after

from mpwasm_kernel import Sandbox

N = 5_000
LOOP = "def f(n):\n    for i in range(n):\n        {body}\nf({n})"
MAX_FUEL = 1_750  # per str(i) beyond the loop (incl. loading the name `str`): 1,409 patched, 2,034 without

CONVERSION_CELL = """
vals = [0, 1, -1, 7, -7, 9, 10, -10, 99, 100, 12345, -98765, 2 ** 30 - 1, -(2 ** 30), 2 ** 30,
        -(2 ** 30) - 1, 2 ** 31, -(2 ** 31), 10 ** 9, -(10 ** 9), 10 ** 10]
for k in range(1, 11):
    vals += [10 ** k - 1, 10 ** k, -(10 ** k) + 1, -(10 ** k)]
texts = []
for v in vals:
    s = str(v)
    texts += [s, repr(v), "%d" % v, "{}".format(v), f"{v}|{v!r}|{v:>12}", str(s), type(s).__name__]
    assert int(s) == v and len(s) == len(repr(v))
print(len(texts), "\\n".join(texts))
print(str(True), str(False), repr(True), str(True + 0), f"{True}", "%d" % True, [str(b) for b in (0 == 0, 1 == 0)])
class I(int):
    pass
class J(int):
    def __str__(self):
        return "J-str"
class K(int):
    def __repr__(self):
        return "K-repr"
for c in (I, J):
    x = c(42)
    print(c.__name__, str(x), repr(x), str(c(-5)), type(str(x)).__name__)
print(repr(K(42)), repr(K(-5)), type(str(K(42))).__name__, [repr(K(v)) for v in (0, 1)])
class S(str):
    def shout(self):
        return self + "!"
s5 = S(5)
print(type(s5).__name__, s5, s5.shout(), s5 == "5", S(-123), len(S(0)), isinstance(S(7), str))
keys = [str(i) for i in range(-50, 300)]
d = {k: i for i, k in enumerate(keys)}
print(len(d), d["0"], d["-50"], d["299"], "1" in d, "300" in d, len(set(keys)), "42" in set(keys))
print(all(hash(str(i)) == hash("%d" % i) for i in range(-2000, 2000, 7)), hash(str(5)) == hash("5"))
lits = {"0": "zero", "1": "one", "-1": "minus one", "10": "ten", "1073741823": "max"}
print([lits.get(str(v), "?") for v in (0, 1, -1, 10, 2 ** 30 - 1, 11)])
acc = ""
for i in range(-300, 3000, 3):
    acc += str(i)
print(len(acc), acc[:40], acc[-40:], hash(acc) == hash("".join(str(i) for i in range(-300, 3000, 3))))
print(str(12).zfill(5), str(-3).center(6, "*"), str(405).replace("0", "o"), str(77).isdigit(), str(-77).isdigit())
print(sorted(str(i) for i in (5, -5, 50, 500, -50, 0)), max(map(str, range(100))), "".join(map(str, range(12))))
print(str(b"12", "utf-8"), str(), repr(str()), str("x"), str(3.5), str(2 ** 70), str(-(2 ** 70)))
print(str(1) + str(2), str(1) * 3, str(0) == "0", str(0) != "00", str(-0), ", ".join(str(i) for i in range(5)))
"""


def fuel_per_call(sb: Sandbox, body: str) -> float:
    """Fuel of one execution of `body` in the loop (N and 2N iterations, the difference / N)."""
    one = fuel_after(sb, "", LOOP.format(body=body, n=N))
    two = fuel_after(sb, "", LOOP.format(body=body, n=2 * N))
    return (two - one) / N


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = differs_from_cpython(sb, CONVERSION_CELL, "int to str conversions")
    extra = fuel_per_call(sb, "str(i)") - fuel_per_call(sb, "i")
    if extra >= MAX_FUEL:
        problems.append(f"str(i) of a small int costs {extra:.0f} fuel (limit {MAX_FUEL})")
    return problems


def test_str_of_small_int_takes_the_fast_path() -> None:
    with Sandbox() as sb:
        assert check(sb) == []
