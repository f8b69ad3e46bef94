"""The `str_capitalize` patch (wasm/patches/str_capitalize.py): `str.capitalize` is a native method.

`check` is the patched behaviour: `w.capitalize()` (left as written by the source pass) costs
less than `MAX_FUEL_PER_CALL`, about what a native `w.upper()` costs (the guest shim it replaces
cost ~9k), and words capitalized natively, through a loaded method (`_mpk_ga`, with `__name__`)
and from `str` itself print what host CPython prints. `test_build_pipeline.py` runs it on a build
without this patch, where the call has no method to find. The case of ASCII letters only is
changed, as by this build's `upper`/`lower` (README, differences from CPython): non-ASCII letters
appear here only where CPython leaves their case as it is."""

from __future__ import annotations

from patch_builds import cpython, lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.cpython.transform import transform

CALLS = 4_000
MAX_FUEL_PER_CALL = 2_500  # measured: ~1.4k patched (`upper()` ~1.2k); the guest shim ~9k

CELL = """
words = ["", "a", "Z", "hello", "hELLO", "HeLLo wORLD", "3rd", "'quoted'", "o'neil", " lead", "x" * 40,
         "\\tTab", "12abc", "a€B", "中文Abc", "ABC DEF", "\\x00aB", "aé", "0über", "€URO"]
print([w.capitalize() for w in words])
print(" ".join(w.capitalize() for w in "the QUICK brown fox".split()))
f = str.capitalize
m = "hELLO".capitalize
print(list(map(str.capitalize, ["ab", "CD"])), f("eF"), m(), m.__name__, "ab".capitalize.__name__)
class S(str):
    pass
class T(str):
    def capitalize(self):
        return "own"
print(S("aBc").capitalize(), type(S("aBc").capitalize()).__name__, T("ab").capitalize())
print(type("ab".capitalize()).__name__, "aB".capitalize() == "Ab", hash("aB".capitalize()) == hash("Ab"))
d = {"Ab": 1}
print(d["aB".capitalize()], "x".capitalize() + "y".capitalize(), "q".capitalize() is not None)
errors = []
for receiver, args in (("ab", (1,)), (5, ()), (None, ()), ("", ("x", "y"))):
    try:
        errors.append(receiver.capitalize(*args))
    except (TypeError, AttributeError) as exc:
        errors.append(type(exc).__name__)
print(errors, "".capitalize() == "", "ab".capitalize().capitalize())
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    loop = ("import gc\ngc.disable()\ndef _probe(w):\n    for _ in range({n}):\n        x = {body}\n"
            "_probe('hELLO')\ngc.enable()")
    runs = [sb.run(loop.format(n=CALLS, body=body)) for body in ("w", "w.capitalize()")]
    errors = [r.error for r in runs if r.error is not None]
    if errors:
        return [f"capitalize loop stopped: {errors[0]}"]
    per_call = (runs[1].fuel_used - runs[0].fuel_used) / CALLS
    if per_call >= MAX_FUEL_PER_CALL:
        problems.append(f"w.capitalize() costs {per_call:.0f} fuel per call")
    problems += lines_unlike_cpython(sb, CELL)
    return problems


def test_capitalize_is_a_native_method() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_calls_are_left_native_and_loads_go_through_the_guest() -> None:
    assert transform("w.capitalize()") == "w.capitalize()"
    assert transform("x = w.capitalize") == "x = _mpk_ga(w, 'capitalize')"
    assert transform("print(s.strip().capitalize(), f(w.capitalize))") == \
        "print(s.strip().capitalize(), f(_mpk_ga(w, 'capitalize')))"


def test_capitalize_like_cpython_through_the_kernel_pass() -> None:
    with Sandbox() as sb:
        r = sb.run(CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(CELL)
