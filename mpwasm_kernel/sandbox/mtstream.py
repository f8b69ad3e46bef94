"""MT19937 seeding for the guest's `random` module, computed by the host (channel frame 0x03).

The guest's `random` (guest/lib/random.py) keeps each generator's state in its own memory (so
snapshots, rollbacks and resets cover it) and draws the words that follow natively (the build's
`mt_fill` patch). Seeding is CPython's own (`random.Random.seed`: `init_by_array` over an int's
32-bit words, SHA-512 for str and bytes): the host runs it and replies with the state; nothing
about the request is kept here.

Frame: the byte `SEED_MARK` (0x03), a uint32 length `n` (at most `SEED_MAX`) and `n` bytes:
`b"i"` and an int's magnitude (little-endian), or `b"s"` and the bytes of a str or bytes seed
(CPython's version 2 seeding). Reply, queued for the guest's next reads: `b"MTOK"`, a uint32,
the index of the seeded state (624), then its 624 words (uint32, little-endian). A malformed
request gets `b"MTER"`, a uint32 length and a UTF-8 message.
"""

from __future__ import annotations

import random
import struct
import threading

N = 624
SEED_MARK = 0x03
SEED_MAX = 1 << 20
_local = threading.local()  # one generator per thread, reused: seed() overwrites all it holds


def _generator() -> random.Random:
    gen = getattr(_local, "gen", None)
    if gen is None:
        gen = _local.gen = random.Random(0)
    return gen


def _error(message: str) -> bytes:
    data = message.encode()
    return b"MTER" + struct.pack("<I", len(data)) + data


def seed(body: bytes) -> bytes:
    """The reply frame to one seeding request body (after the mark and the length)."""
    kind, data = body[:1], body[1:]
    gen = _generator()
    if kind == b"i":
        gen.seed(int.from_bytes(data, "little"))
    elif kind == b"s":
        gen.seed(bytes(data))
    else:
        return _error("random: malformed seeding request")
    internal = gen.getstate()[1]
    return b"MTOK" + struct.pack("<I", internal[N]) + struct.pack(f"<{N}I", *internal[:N])
