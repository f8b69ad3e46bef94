"""`check(name, value)`: the comparison happens on the host, on JSON data, so `__eq__` cannot lie."""

from __future__ import annotations

from typing import Any

import pytest

from mpwasm_kernel.grading import NotebookExecutor
from mpwasm_kernel.grading.checks import Checks, json_equal
from mpwasm_kernel.sandbox import Limits, Sandbox

from .notebooks import notebook

EXPECTED = {"q1": 5, "q2": True, "q3": 0.3, "q4": {"a": [1, 2]}, "q5": lambda v: sorted(v) == [1, 2, 3]}
LIAR = "class Always:\n    def __eq__(self, other):\n        return True\ndef add(a, b):\n    return Always()\n"
HONEST = "def add(a, b):\n    return a + b\n"


@pytest.fixture(scope="module")
def executor() -> Any:
    with NotebookExecutor(checks=Checks(EXPECTED), limits=Limits(wall_seconds=5)) as ex:
        yield ex


def _errors(nb: Any) -> list[str | None]:
    return [next((o["ename"] for o in c["outputs"] if o["output_type"] == "error"), None)
            for c in nb["cells"] if c["cell_type"] == "code"]


def test_an_honest_answer_passes(executor: Any) -> None:
    nb = notebook(HONEST, "check('q1', add(2, 3))")
    report = executor.execute(nb)
    assert _errors(nb) == [None, None] and report.status == "ok"
    assert report.checks["q1"] is True


def test_an_object_lying_in_eq_fails(executor: Any) -> None:
    # The naive test cell is fooled ...
    naive = notebook(LIAR, "assert add(2, 3) == 5")
    assert executor.execute(naive).status == "ok"
    # ... the host-side check is not: the object cannot even cross to the host.
    nb = notebook(LIAR, "check('q1', add(2, 3))")
    report = executor.execute(nb)
    assert _errors(nb) == [None, "TypeError"] and report.status == "error"
    assert report.checks["q1"] is False


def test_a_wrong_answer_fails_without_revealing_the_expected_value(executor: Any) -> None:
    nb = notebook("def add(a, b):\n    return a - b\n", "check('q1', add(2, 3))")
    report = executor.execute(nb)
    error = next(o for o in nb["cells"][2]["outputs"] if o["output_type"] == "error")
    assert error["ename"] == "RuntimeError" and "check 'q1' failed: got -1" in error["evalue"]
    assert "5" not in error["evalue"].replace("q1", "")
    assert report.checks["q1"] is False


def test_types_tolerance_structures_and_predicates(executor: Any) -> None:
    nb = notebook("check('q2', 1 == 1)", "check('q2', 1)", "check('q3', 0.1 + 0.2)",
                  "check('q4', {'a': (1, 2)})", "check('q5', [3, 1, 2])", "check('nope', 1)")
    executor.execute(nb)
    assert _errors(nb) == [None, "RuntimeError", None, None, None, "RuntimeError"]


def test_shadowing_check_in_the_guest_does_not_fool_the_host_record(executor: Any) -> None:
    nb = notebook("def check(*args):\n    return True\n" + LIAR, "check('q1', add(2, 3))")
    report = executor.execute(nb)
    assert _errors(nb) == [None, None]  # the guest's own stand-in "passed"
    assert report.checks == {"q1": False, "q2": False, "q3": False, "q4": False, "q5": False}


def test_checks_on_a_plain_sandbox() -> None:
    checks = Checks({"q1": 5})
    with Sandbox(functions=checks.functions()) as sb:
        assert sb.run(HONEST + "check('q1', add(2, 3))").value == "True"
        assert sb.run(LIAR + "check('q1', add(2, 3))").error.ename == "TypeError"
    assert checks.summary() == {"q1": True}  # the lie never reached the host


@pytest.mark.parametrize(("expected", "got", "equal"), [
    (5, 5, True), (5, 5.0, True), (5, True, False), (True, 1, False), ("5", 5, False), (None, None, True),
    (0.3, 0.1 + 0.2, True), ([1, [2]], [1, [2]], True), ((1, 2), [1, 2], True), ([1, 2], [2, 1], False),
    ({"a": 1}, {"a": 1, "b": 2}, False), ({1: "x"}, {"1": "x"}, True),
])
def test_json_equal(expected: Any, got: Any, equal: bool) -> None:
    assert json_equal(expected, got) is equal
