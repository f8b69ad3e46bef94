"""Class 5 of the outside review: the disk quota bounds host memory and time.

Entries are charged `ENTRY_BYTES` plus their name's bytes, at most `MAX_ENTRIES` exist at once,
and the per-run snapshot of the file system counts against the run's wall clock.
"""

from __future__ import annotations

import pytest
from hostile_support import rss

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.files import MAX_ENTRIES, entry_charge

MiB = 1 << 20
NAME = "n" * 250
MKDIRS = """import os
made = 0
try:
    for i in range({count}):
        os.mkdir('/%d{name}' % i)
        made += 1
except OSError as e:
    err = e.errno
made"""


def test_long_names_are_charged() -> None:
    """With a 1 MiB quota, directories with 250-character names run out after quota / charge."""
    with Sandbox(Limits(wall_seconds=20, disk_bytes=MiB)) as sb:
        r = sb.run(MKDIRS.format(count=100_000, name=NAME[:240]))
        assert r.error is None, r.error
        made = int(r.value)
        assert made <= MiB // entry_charge(NAME[:240])
        assert sb.run("err").value == "28"  # ENOSPC


@pytest.mark.timeout(240)
def test_entry_count_is_capped_and_host_memory_bounded() -> None:
    """Many empty directories under a large quota: at most MAX_ENTRIES exist; the host's RSS
    grows by far less than the review's +438 MB; rollback and removal still work."""
    with Sandbox(Limits(wall_seconds=60, fuel=10 ** 12, disk_bytes=64 * MiB)) as sb:
        before = rss()
        r = sb.run(MKDIRS.format(count=MAX_ENTRIES + 100, name="d"))
        assert r.error is None, r.error
        assert int(r.value) == MAX_ENTRIES
        assert sb.run("err").value == "28"
        grown = rss() - before
        assert grown < 200 * MiB, f"host RSS grew by {grown / MiB:.0f} MiB"
        r = sb.run("import os\nfor i in range(1000):\n    os.rmdir('/%dd' % i)\nos.mkdir('/again')")
        assert r.error is None, r.error
