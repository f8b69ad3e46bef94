"""Class 2 of the outside review: limits per request, not per run.

One execute request can make many sandbox runs (segments between magic lines, %timeit repeats,
user_expressions); all of them share one wall clock, one fuel budget and one output budget.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from mpwasm_kernel import Limits, Sandbox

pytest.importorskip("mpwasm_kernel.kernel", reason="the kernel module does not import yet")

# 3 s: the small cells these tests run between the stops finish far inside it on a busy machine;
# the stops do not depend on speed (the sleeps add up to more than the clock whatever the load).
ARGS = ["--wall-seconds=3", "--memory-bytes=64M", "--output-bytes=65536"]
BOUND = 30.0


@pytest.fixture(scope="module")
def budget_kernel(kernel_tools: Any) -> Iterator[tuple[Any, Any]]:
    km, kc = kernel_tools.start_kernel(extra_arguments=ARGS)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_timeit_with_a_billion_repeats_ends(budget_kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    """`%timeit -r 1000000000`: the repeats share the cell's wall clock, so the cell ends."""
    _, kc = budget_kernel
    reply, _ = kernel_tools.execute(kc, "%timeit -n 1 -r 1000000000 sum(range(100000))", timeout=BOUND)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "TimeLimitExceeded"
    assert "wall_seconds=3" in reply["content"]["evalue"]  # the limit is named (the whole cell shares it)


def test_segments_between_magic_lines_share_the_wall_clock(budget_kernel: tuple[Any, Any],
                                                           kernel_tools: Any) -> None:
    """Twelve segments of 0.3 s each under wall_seconds=3: the cell stops with
    TimeLimitExceeded, and the segments that finished before the budget ran out are kept."""
    _, kc = budget_kernel
    kernel_tools.execute(kc, "done = []", timeout=BOUND)
    code = "".join("import time\ntime.sleep(0.3)\ndone.append(1)\n%lsmagic\n" for _ in range(12))
    reply, _ = kernel_tools.execute(kc, code, timeout=BOUND)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "TimeLimitExceeded"
    reply, outputs = kernel_tools.execute(kc, "len(done)", timeout=BOUND)
    finished = int(next(m for m in outputs if m["msg_type"] == "execute_result")["content"]["data"]["text/plain"])
    assert finished < 12


def test_user_expressions_share_the_wall_clock(budget_kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    """Eight user_expressions of 0.5 s each (4 s under wall_seconds=3): those past the request's
    wall clock report TimeLimitExceeded instead of each getting the full clock."""
    _, kc = budget_kernel
    expressions = {f"e{i}": "__import__('time').sleep(0.5) or 1" for i in range(8)}
    reply, _ = kernel_tools.execute(kc, "1", timeout=BOUND, user_expressions=expressions)
    records = reply["content"]["user_expressions"]
    assert len(records) == 8
    stopped = [r for r in records.values() if r.get("status") == "error"]
    assert stopped and all(r["ename"] == "TimeLimitExceeded" for r in stopped)


def test_request_budget_in_the_sandbox() -> None:
    """`Sandbox.request()`: fuel and wall clock left over from earlier runs of the request is all
    a later run gets; outside a request each run has the full limits again."""
    # Neither outcome depends on the machine's speed. Wall clock: the host's own sleep inside the
    # request leaves at most 1 s of the 4 s (time only moves forward), less than the second run's
    # 1.5 s sleep; the runs expected to finish do next to nothing. Fuel: counted, not timed.
    loop = "x = 0\nfor i in range(3000):\n    x += i"
    with Sandbox(Limits(wall_seconds=4)) as sb:
        with sb.request():
            first = sb.run("x = 1")
            time.sleep(3)
            second = sb.run("import time\ntime.sleep(1.5)")
        assert first.error is None
        assert second.error is not None and second.error.ename == "TimeLimitExceeded", second.error
        assert "wall_seconds=4" in second.error.evalue
        assert sb.run("x").error is None  # the next run, outside the request, has its own clock
        cost = sb.run(loop).fuel_used
        sb.limits = Limits(wall_seconds=60, fuel=cost * 3 // 2)
        with sb.request():
            assert sb.run(loop).error is None
            used = sb.run("1").fuel_used
            stopped = sb.run(loop).error  # a third of its fuel is left
        assert used > 0
        assert stopped is not None and stopped.ename == "FuelExhausted", stopped
        assert sb.run(loop).error is None  # outside a request: the full fuel again
