"""Checks that cannot be fooled: the student's value is compared on the host, as JSON data.

A test cell calls ``check("q1", add(2, 3))``. ``check`` is a host function (the sandbox's
host-function bridge): the value crosses the boundary as JSON-typed data — ``None``, ``bool``,
``int``, ``float``, ``str``, lists and dicts of them — and the host compares it with the
instructor's expected value. No guest object reaches the comparison, so an object whose
``__eq__`` always answers True cannot pass: it cannot even be sent (the guest raises
``TypeError`` before the host is called).

The comparison is typed: ``True`` is not ``1``, ``"5"`` is not ``5``; an ``int`` and a ``float``
compare by value (floats with a relative tolerance); lists compare element by element (a tuple
arrives as a list), dicts by keys and values. An expected value may also be a host-side predicate
``callable(value) -> bool``.

The host keeps its own record (`Checks.results`): what each check received and whether it
passed. Code in the guest can shadow the name ``check`` in its namespace, so a pipeline that
must not trust the guest grades from this record (`NotebookReport.checks`), not from the cell's
success.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: What a failing check shows of the student's value (the expected value is never shown unless
#: `reveal` is set).
SHOW_CHARS = 200


class CheckFailed(AssertionError):
    """A check did not pass; the guest sees ``RuntimeError("CheckFailed: ...")``."""

    guest_message = True  #: written for the student: shown even with MPWASM_HOST_ERRORS=type


@dataclass
class CheckResult:
    """What the host saw for one check name: passed (every call passed), calls, the last value's repr."""

    passed: bool
    calls: int
    last: str


def json_equal(expected: Any, got: Any, rel_tol: float = 1e-9) -> bool:
    """Typed equality of JSON-like values (see the module docstring)."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return isinstance(expected, bool) and isinstance(got, bool) and expected is got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        if isinstance(expected, int) and isinstance(got, int):
            return expected == got
        return math.isclose(float(expected), float(got), rel_tol=rel_tol, abs_tol=rel_tol)
    if expected is None or isinstance(expected, str):
        return type(got) is type(expected) and got == expected
    if isinstance(expected, list | tuple):
        return isinstance(got, list) and len(got) == len(expected) and all(
            json_equal(e, g, rel_tol) for e, g in zip(expected, got, strict=True))
    if isinstance(expected, Mapping):
        return isinstance(got, dict) and set(got) == {str(k) for k in expected} and all(
            json_equal(v, got[str(k)], rel_tol) for k, v in expected.items())
    raise TypeError(f"expected values must be JSON-like or a predicate, got {type(expected).__name__}")


class Checks:
    """The instructor's expected values, and the host function ``check(name, value)``.

    `expected`: check name -> JSON-like value or predicate. `reveal`: show the expected value in
    a failure message. Register with ``Sandbox(functions=checks.functions())`` (or pass
    ``checks=`` to `NotebookExecutor`). `reset()` forgets the record (a new notebook).
    """

    def __init__(self, expected: Mapping[str, Any], *, rel_tol: float = 1e-9, reveal: bool = False) -> None:
        self.expected = dict(expected)
        self.rel_tol = rel_tol
        self.reveal = reveal
        self.results: dict[str, CheckResult] = {}

    def reset(self) -> None:
        self.results = {}

    def functions(self) -> dict[str, Callable[..., object]]:
        return {"check": self.check}

    def check(self, name: str, value: Any) -> bool:
        """Compare `value` (JSON data from the guest) with the expected value of `name`.

        Returns True when it passes; raises `CheckFailed` (a failing cell) otherwise.
        """
        if not isinstance(name, str) or name not in self.expected:
            raise CheckFailed(f"there is no check named {str(name)[:80]!r}")
        want = self.expected[name]
        passed = bool(want(value)) if callable(want) else json_equal(want, value, self.rel_tol)
        shown = repr(value)
        if len(shown) > SHOW_CHARS:
            shown = shown[:SHOW_CHARS] + "..."
        old = self.results.get(name)
        self.results[name] = CheckResult(passed and (old is None or old.passed), (old.calls if old else 0) + 1, shown)
        if not passed:
            hint = f"; expected {want!r}" if self.reveal and not callable(want) else ""
            raise CheckFailed(f"check {name!r} failed: got {shown}{hint}")
        return True

    def summary(self) -> dict[str, bool]:
        """Check name -> passed, for every expected name (never called: False)."""
        return {name: bool(self.results.get(name) and self.results[name].passed) for name in self.expected}
