"""The `bigint_host` patch (wasm/patches/bigint_host.py): large int <-> text conversions and
products are done by the host (mpwasm_kernel/sandbox/bigint.py), in sub-quadratic fuel.

Fuel is deterministic: converting or multiplying numbers of 2n digits costs under 3.5 × the fuel
of n digits (the host's divide and conquer over Karatsuba products is charged ~n**1.585; MicroPython's
own loops are quadratic, 4 ×). The results are checked against CPython in
tests/compat/test_language_bigint.py; `check` also compares a few values here. `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must
fail."""

from __future__ import annotations

from mpwasm_kernel import Limits, Sandbox

DIGITS = 6000       # the small size; the large one is twice as many digits
MAX_RATIO = 3.5     # 2n vs n digits: quadratic gives ~4
OPERATIONS = {"int -> str": "t = str(x)", "str -> int": "y = int(s)", "product": "p = x * z"}


def _fuel(sb: Sandbox, digits: int) -> dict[str, int] | str:
    """Fuel of each operation on numbers of about `digits` decimal digits (or the error). Each run
    collects garbage before and after the operation, and a run doing only that is subtracted: a
    collection the heap would need anyway costs as much as the live heap, not the operation."""
    setup = sb.run(f"x = 7 ** {digits * 1000 // 845}\ns = str(x)\nz = x + 12345\nimport gc")
    if setup.error is not None:
        return f"setup: {setup.error.ename}: {setup.error.evalue}"
    fuel = {}
    for name, code in {"": "pass", **OPERATIONS}.items():
        r = sb.run(f"gc.collect()\n{code}\ngc.collect()")
        if r.error is not None:
            return f"{name}: {r.error.ename}: {r.error.evalue}"
        fuel[name] = r.fuel_used - fuel.get("", 0)
    return fuel


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    small, large = _fuel(sb, DIGITS), _fuel(sb, 2 * DIGITS)
    if isinstance(small, str) or isinstance(large, str):
        return [f"stopped: {small if isinstance(small, str) else large}"]
    problems = [f"{name}: fuel for {2 * DIGITS} digits is {large[name] / small[name]:.2f} × that for {DIGITS}"
                for name in OPERATIONS if large[name] >= MAX_RATIO * small[name]]
    # The values of the last (large) setup, against CPython's arithmetic (no str() of > 4300 digits
    # on the host: CPython limits that by default).
    r = sb.run("print(len(t), t[-30:], y == x, p % 1000000007, hex(-p)[-30:])")
    x = 7 ** (2 * DIGITS * 1000 // 845)
    p = x * (x + 12345)
    try:
        length, tail, same, mod, hex_tail = r.stdout.split()
        ok = (10 ** (int(length) - 1) <= x < 10 ** int(length) and int(tail) == x % 10 ** 30 and same == "True"
              and int(mod) == p % 1000000007 and hex_tail == hex(-p)[-30:])
    except ValueError:
        ok = False
    if r.error is not None or not ok:
        problems.append(f"values differ from CPython's: {r.stdout!r} {r.error}")
    return problems


def test_conversions_take_subquadratic_fuel() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_a_conversion_the_fuel_cannot_pay_stops_the_run() -> None:
    """The host's work is charged to the run: with too little fuel left, str() of a 170,000-digit
    number stops with FuelExhausted (rolled back), and the next run works."""
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert sb.run("x = 7 ** 200000").error is None
        sb.limits = Limits(wall_seconds=300, fuel=20_000_000)
        r = sb.run("t = str(x)")
        assert r.error is not None and r.error.ename == "FuelExhausted", r.error
        assert r.fuel_used <= 20_000_000
        sb.limits = Limits(wall_seconds=300)
        r = sb.run("print('t' in globals(), len(str(x)), str(x)[-8:])")
        assert r.stdout == f"False 169020 {7 ** 200000 % 10 ** 8:08d}\n", (r.stdout, r.error)
