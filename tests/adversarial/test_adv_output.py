"""Output floods: the host keeps at most `output_bytes` per run, then stops and rolls the run back.

Covers stdout and stderr floods, one huge string, many tiny writes, display floods, and raw writes
to the guest→host channel device `/dev/mpk` (which user code can open too).
"""

from __future__ import annotations

import json

import psutil
import pytest
from hostile_support import Canary, Captured, Hostile

from mpwasm_kernel import Limits, Sandbox

CAP = 64 * 1024
SANDBOX_LIMITS = {"output_bytes": CAP, "wall_seconds": 30.0}  # the output cap stops floods

FLOODS = {
    "print_loop": "while True:\n    print('x' * 99)",
    "one_huge_string": "print('y' * (4 * 65536))",
    "many_tiny_writes": "import sys\nwhile True:\n    sys.stdout.write('z')",
    "stderr_loop": "import sys\nwhile True:\n    sys.stderr.write('e' * 50)",
    "mixed_streams": "import sys\nwhile True:\n    print('o' * 10)\n    sys.stderr.write('e' * 10)",
    "invalid_utf8_bytes": "import sys\nwhile True:\n    sys.stdout.buffer.write(b'\\xff\\xfe\\xed\\xa0\\x80')",
    "display_flood": (
        "from IPython.display import display\nwhile True:\n    display({'text/plain': 'd' * 100}, raw=True)"),
    "print_swallowing_stop": "while True:\n    try:\n        print('s' * 200)\n    except BaseException:\n        pass",
    "channel_raw_flood": (
        "f = open('/dev/mpk', 'wb')\nwhile True:\n    f.write(b'{\"type\": \"display\", \"data\": {}}\\n' * 50)"),
    "channel_no_newline": "f = open('/dev/mpk', 'wb')\nwhile True:\n    f.write(b'x' * 4096)",
    "channel_junk_json": (
        "f = open('/dev/mpk', 'wb')\nwhile True:\n    f.write(b'[1, 2, {\"type\": 5}]\\n\\x00\\xff\\n')"),
}


def _total_output_chars(captured: Captured) -> int:
    return sum(len(text) for _, text in captured.streams) + sum(len(json.dumps(d)) for d in captured.displays)


@pytest.mark.parametrize("source", FLOODS.values(), ids=FLOODS.keys())
def test_flood_is_capped_and_rolled_back(hostile: Hostile, captured: Captured, source: str) -> None:
    """Each flood ends as OutputLimitExceeded (or the wall clock), with at most ~the cap delivered.

    A soft stop (the guest stopped at its next check) keeps the state and says so; a hard stop (the
    guest went on writing) rolls the run back."""
    r = hostile.attack("changed = 1\n" + source, ("OutputLimitExceeded", "TimeLimitExceeded"))
    assert r.rolled_back or "kept what it did before the stop" in r.error.evalue
    # The cap counts the guest's bytes; each byte decodes to at most one character (U+FFFD if invalid).
    assert len(r.stdout) + len(r.stderr) <= CAP
    # Callbacks see the same bounded stream; the host's notes about dropped channel messages count too.
    assert _total_output_chars(captured) <= 2 * CAP
    assert hostile.sb.run("'changed' in globals()").value == ("False" if r.rolled_back else "True")
    hostile.sb.run("globals().pop('changed', None)")


def test_output_under_the_cap_is_delivered_intact(hostile: Hostile) -> None:
    """Just below the cap nothing is cut: the limit is not a truncation of normal output."""
    r = hostile.attack(f"print('k' * {CAP - 100})", None)
    assert r.stdout == "k" * (CAP - 100) + "\n"


def test_huge_exception_message_is_clipped(hostile: Hostile) -> None:
    """A 1 MB exception message and a 5 MB __str__ come back clipped, not as megabytes of text."""
    r = hostile.attack("raise ValueError('v' * 1_000_000)", "ValueError")
    assert len(r.error.evalue) < 100_000 and sum(map(len, r.error.traceback)) < 200_000
    r = hostile.attack("class E(Exception):\n    def __str__(self):\n        return 'E' * 5_000_000\nraise E()",
                       ("E", "MemoryError"))
    assert len(r.error.evalue) < 100_000


def test_huge_repr_of_the_result_is_bounded(hostile: Hostile) -> None:
    """A trailing expression whose repr is enormous fails cleanly (in the guest) or is capped."""
    r = hostile.attack("class R:\n    def __repr__(self):\n        return 'r' * 50_000_000\nR()",
                       (None, "MemoryError", "OutputLimitExceeded"))
    assert len(r.value or "") < 50_000_000


@pytest.fixture
def answering_sandbox(canary: Canary, captured: Captured):
    answers = iter(range(1_000_000))
    with Sandbox(Limits(wall_seconds=60, output_bytes=1 << 20),  # runs that must finish
                 on_input=lambda prompt, password: f"answer-{next(answers)}") as sb:
        yield sb


def test_unread_channel_replies_do_not_leak_into_the_next_run(answering_sandbox: Sandbox) -> None:
    """Input requests written straight to /dev/mpk without reading the replies must not be answered
    by stale replies in a later run: input() in the next run gets its own, fresh answer."""
    sb = answering_sandbox
    r = sb.run("f = open('/dev/mpk', 'wb')\nfor i in range(3):\n    f.write(b'{\"type\": \"input\"}\\n')")
    assert r.error is None
    r = sb.run("input('fresh? ')")
    assert r.error is None and r.value == "'answer-3'", (r.error, r.value)


def test_unread_channel_replies_do_not_grow_host_memory() -> None:
    """Flooding input requests (17 bytes each; each reply, an EOFError note, is ~170 bytes) run after
    run must not make the host hold every reply forever: host RSS stays bounded across runs."""
    # The wall clock is not what is tested: generous, so a loaded machine cannot turn a run into
    # TimeLimitExceeded (each run is bounded by its 40,000 iterations anyway).
    sb = Sandbox(Limits(wall_seconds=120, output_bytes=1 << 20))
    flood = "f = open('/dev/mpk', 'wb')\nfor i in range(40000):\n    f.write(b'{\"type\": \"input\"}\\n')"
    sb.run(flood)  # warm-up: the first run touches the snapshot buffers
    before = psutil.Process().memory_info().rss
    for _ in range(8):
        r = sb.run(flood)
        assert r.error is None or r.error.ename == "OutputLimitExceeded", r.error
    grown = psutil.Process().memory_info().rss - before
    sb.close()
    assert grown < 24 << 20, f"host RSS grew by {grown >> 20} MiB holding unread replies"
