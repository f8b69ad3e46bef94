"""Class 7 of the outside review: no IOPub amplification.

Every display message the guest sends costs a fixed overhead against `output_bytes` (a 29-byte
channel line becomes a ~700-byte Jupyter message), and the kernel sends at most a bounded number
of display messages per cell, so the client's ZMQ high-water mark is never reached and the last
messages of a cell (error, status idle) arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hostile_support import Hostile

from mpwasm_kernel.sandbox.channel import MESSAGE_OVERHEAD

pytest.importorskip("mpwasm_kernel.kernel", reason="the kernel module does not import yet")

FLOOD = ("line = b'{\"type\":\"display\",\"data\":{\"text/plain\":\"x\"}}\\n'\n"
         "with open('/dev/mpk', 'wb') as f:\n    while True:\n        f.write(line)")
CLEAR_FLOOD = ("line = b'{\"type\":\"clear_output\",\"wait\":true}\\n'\n"
               "with open('/dev/mpk', 'wb') as f:\n    while True:\n        f.write(line)")


@pytest.mark.parametrize("source", [FLOOD, CLEAR_FLOOD], ids=["display", "clear_output"])
def test_tiny_messages_pay_their_overhead(hostile: Hostile, source: str) -> None:
    """Under a 64 KiB cap, a flood of tiny display messages delivers at most cap / overhead."""
    r, _ = hostile.run(source)
    delivered = len(hostile.captured.displays)
    assert r.error is not None and r.error.ename == "OutputLimitExceeded"
    # A soft stop (the loop stopped at the KeyboardInterrupt) keeps the state; writing on is a hard stop.
    assert r.rolled_back or "kept what it did before the stop" in r.error.evalue
    cap = int(hostile.sb.limits.output_bytes)
    assert 0 < delivered <= cap // MESSAGE_OVERHEAD
    hostile.assert_alive()


@pytest.fixture(scope="module")
def flood_kernel(kernel_tools: Any) -> Iterator[tuple[Any, Any]]:
    km, kc = kernel_tools.start_kernel(extra_arguments=["--output-bytes=2M", "--wall-seconds=20"])
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.mark.parametrize("source", [FLOOD, CLEAR_FLOOD], ids=["display", "clear_output"])
def test_final_messages_of_a_flooding_cell_arrive(flood_kernel: tuple[Any, Any], kernel_tools: Any,
                                                  source: str) -> None:
    """A display flood under the default 2 MiB cap: the cell's error and status idle arrive
    (the helper waits for both), the number of display messages is bounded, and the next cell
    works."""
    _, kc = flood_kernel
    reply, outputs = kernel_tools.execute(kc, source, timeout=60)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "OutputLimitExceeded"
    assert any(m["msg_type"] == "error" for m in outputs)
    assert len(outputs) < 1000
    reply, outputs = kernel_tools.execute(kc, "6 * 7", timeout=30)
    assert reply["content"]["status"] == "ok"
