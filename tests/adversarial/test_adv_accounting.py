"""Class 6 of the outside review: `output_bytes` counts everything sent for a run.

The result bundle, error records and helper replies (user expressions, completion, inspection)
count like stdout; within a request (`Sandbox.request()`) all of it shares one budget. A result
that does not fit is not delivered (`OutputLimitExceeded`, state kept); an error record is
shortened but always arrives.
"""

from __future__ import annotations

import json

import pytest
from hostile_support import Hostile

from mpwasm_kernel import CallError

CAP = 64 * 1024  # the suite's output_bytes


def _sent(r: object) -> int:
    data = getattr(r, "data", None) or {}
    error = getattr(r, "error", None)
    size = len(json.dumps(data))
    if error is not None:
        size += len(json.dumps([error.ename, error.evalue, error.traceback]))
    return size


@pytest.mark.parametrize("source", ["'x' * 200_000",
                                    "class H:\n    def _repr_html_(self):\n        return '<b>' * 100_000\nH()",
                                    "list(range(30_000))"],
                         ids=["long_str", "html_repr", "list"])
def test_result_bundle_counts(hostile: Hostile, source: str) -> None:
    r = hostile.attack(source, ("OutputLimitExceeded",))
    assert r.data is None and r.value is None
    assert _sent(r) < CAP


def test_error_record_is_shortened_but_arrives(hostile: Hostile) -> None:
    """After 60 KiB of stdout, a 20 KB error record is cut to what is left (at least 1 KiB)."""
    r = hostile.attack("print('o' * 60_000)\nraise ValueError('v' * 1_000_000)", ("ValueError",))
    assert len(r.stdout) + _sent(r) <= CAP + 1024 + 256
    assert r.error.traceback and "shortened" in json.dumps(r.error.traceback + [r.error.evalue])


def test_helper_replies_count(hostile: Hostile) -> None:
    """A user expression (or inspection) whose reply is larger than the cap is refused."""
    hostile.run("big = 'y' * 200_000")
    with pytest.raises(CallError) as info:
        hostile.sb.call("evaluate", "big")
    assert info.value.error.ename == "OutputLimitExceeded"
    assert hostile.sb.call("evaluate", "len(big)")["data"]["text/plain"] == "200000"


def test_request_shares_the_output_budget(hostile: Hostile) -> None:
    """Within one request, output of earlier runs and results count together."""
    with hostile.sb.request():
        first = hostile.sb.run("print('a' * 40_000)")
        second = hostile.sb.run("'b' * 40_000")
    assert first.error is None
    assert second.error is not None and second.error.ename == "OutputLimitExceeded"
