"""`mpwasm_kernel.run(code, limits=...)`: one cell in a fresh sandbox."""

from __future__ import annotations

import mpwasm_kernel
from mpwasm_kernel import Limits, RunResult


def test_run_returns_a_run_result() -> None:
    r = mpwasm_kernel.run("print(6 * 7)\nx = 2\nx + 1", limits=Limits(fuel=10**9))
    assert isinstance(r, RunResult)
    assert r.stdout == "42\n" and r.value == "3" and r.error is None


def test_run_reports_errors_and_limits_without_raising() -> None:
    r = mpwasm_kernel.run("1 / 0")
    assert r.error.ename == "ZeroDivisionError"
    r = mpwasm_kernel.run("while True:\n    pass", limits=Limits(fuel=10**8))
    assert r.error.ename == "FuelExhausted" and r.rolled_back


def test_run_is_fresh_and_takes_sandbox_options() -> None:
    mpwasm_kernel.run("leak = 1")
    assert mpwasm_kernel.run("leak").error.ename == "NameError"
    assert mpwasm_kernel.run("double(21)", functions={"double": lambda x: 2 * x}).value == "42"
