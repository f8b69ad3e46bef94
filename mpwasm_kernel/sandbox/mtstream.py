"""MT19937 output for the guest's `random` module, computed by the host (channel frame 0x02).

The guest's `random` (guest/lib/random.py) keeps each generator's state in its own memory (so
snapshots, rollbacks and resets cover it) and asks the host for the words it will consume next.
The host runs CPython's own generator (`random.Random.setstate` / `getrandbits` / `random`), so
the guest's sequences are CPython's by construction; nothing about the request is kept here.

Request, written to the channel device as one frame: the byte `MT_MARK` (0x02), then
`REQUEST_BYTES` bytes: the state's 624 words (uint32, little-endian), then three uint32 —
`index` (CPython's position in the state, 0 … 624), `skip` (words to pass over first, at most
`SKIP_MAX`) and `count` (words to return, at most `COUNT_MAX`).

Reply, queued for the guest's next reads: `b"MTOK"` and a uint32, the index of the state after
`skip` words, then that state (624 uint32), then, when `count` > 0, the next `count` words three
ways: as uint32; shifted right by 2 (int32, small ints in the guest: MicroPython's small ints
hold 31 bits); and as doubles: what CPython's `random()` returns from words `2j` and `2j + 1`
for `j` < ceil(`count` / 2), then from words `2j + 1` and `2j + 2` for `j` < floor(`count` / 2)
(evens, then odds: the draws from an even or an odd position are each one contiguous run; the
last odd one reads one word past the batch, which the next batch starts with).
A malformed request gets `b"MTER"`, a uint32 length and a UTF-8 message.

Seeding, a second frame: the byte `SEED_MARK` (0x03), a uint32 length `n` (at most `SEED_MAX`)
and `n` bytes: `b"i"` and an int's magnitude (little-endian), or `b"s"` and the bytes of a str
or bytes seed (CPython's version 2 seeding hashes them with SHA-512). The reply is that of a
request with `count` 0: the seeded state (index 624).
"""

from __future__ import annotations

import random
import struct
import sys
import threading
from array import array
from itertools import repeat, starmap

MT_MARK = 0x02
N = 624
REQUEST_BYTES = 4 * N + 12
COUNT_MAX = 8192
SEED_MARK = 0x03
SEED_MAX = 1 << 20
SKIP_MAX = COUNT_MAX + 2
_MASKS: dict[int, int] = {}
_local = threading.local()  # three generators per thread, reused: setstate() overwrites all they hold


def _generators() -> tuple[random.Random, random.Random, random.Random]:
    gens = getattr(_local, "gens", None)
    if gens is None:
        gens = _local.gens = (random.Random(0), random.Random(0), random.Random(0))
    return gens


def _mask30(words: int) -> int:
    """The integer whose `words` 32-bit lanes are each 0x3FFFFFFF."""
    mask = _MASKS.get(words)
    if mask is None:
        mask = _MASKS[words] = int.from_bytes(b"\xff\xff\xff\x3f" * words, "little")
    return mask


def _error(message: str) -> bytes:
    data = message.encode()
    return b"MTER" + struct.pack("<I", len(data)) + data


def batch(request: bytes) -> bytes:
    """The reply frame to one request body (`REQUEST_BYTES` bytes after the mark)."""
    if len(request) != REQUEST_BYTES:
        return _error("random: malformed generator request")
    words = struct.unpack(f"<{N}I", request[:4 * N])
    index, skip, count = struct.unpack("<III", request[4 * N:])
    if index > N or skip > SKIP_MAX or count > COUNT_MAX:
        return _error("random: generator request out of range")
    gen, even, odd = _generators()
    try:
        gen.setstate((3, words + (index,), None))
    except (ValueError, TypeError, OverflowError):
        return _error("random: invalid generator state")
    if skip:
        gen.getrandbits(32 * skip)
    here = gen.getstate()
    internal = here[1]
    head = b"MTOK" + struct.pack("<I", internal[N]) + struct.pack(f"<{N}I", *internal[:N])
    if not count:
        return head
    even.setstate(here)
    odd.setstate(here)
    odd.getrandbits(32)
    stream = gen.getrandbits(32 * (count + 1))  # word i in bits 32 i ... 32 i + 31
    size = 4 * (count + 1)
    u32 = stream.to_bytes(size, "little")[:4 * count]
    w30 = ((stream >> 2) & _mask30(count + 1)).to_bytes(size, "little")[:4 * count]
    doubles = array("d", starmap(even.random, repeat((), (count + 1) // 2)))
    doubles.extend(starmap(odd.random, repeat((), count // 2)))
    if sys.byteorder != "little":
        doubles.byteswap()
    return head + u32 + w30 + doubles.tobytes()


def seed(body: bytes) -> bytes:
    """The reply frame to one seeding request body (after the mark and the length)."""
    kind, data = body[:1], body[1:]
    gen = _generators()[0]
    if kind == b"i":
        gen.seed(int.from_bytes(data, "little"))
    elif kind == b"s":
        gen.seed(bytes(data))
    else:
        return _error("random: malformed seeding request")
    internal = gen.getstate()[1]
    return b"MTOK" + struct.pack("<I", internal[N]) + struct.pack(f"<{N}I", *internal[:N])
