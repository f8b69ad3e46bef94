"""Static data of the module text, shared by patches that read or add constant data.

The module's initial memory is what its active data segments define (`(data $n (i32.const A)
"...")` lines of the `wasm-dis` header, Binaryen's escapes). The Emscripten build links its shadow
stack at 0..65536, the data after it, then the C library's break (`sbrk`'s first result, the
start of `malloc`'s memory and so of the GC heap areas): a patch that needs constant data outside
every heap (qstr pools, tables, objects that the GC must never see as its own) adds a segment at
that break and moves the break past it (`add_static_data`). The word holding the break is found
by shape in `sbrk` (`emscripten_get_sbrk_ptr` inlined: the function that rounds the increment to
8 bytes with `& 8589934584` in i64, compares with `4294967295` and loads and stores the word at a
constant address).
"""

from __future__ import annotations

import re
import struct

from wasm.errors import FetchError

DATA = re.compile(r'(?m)^ \(data \$\S+ \(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)$')
ESCAPES = {"n": 10, "r": 13, "t": 9, '"': 34, "'": 39, "\\": 92}
SBRK = re.compile(r"\(i32\.store offset=(\d+)\s+\(i32\.const 0\)\s+\(local\.get \$\d+\)\s*\)")
ALIGN = 16


def unescape(text: str) -> bytes:
    """Binaryen's data string: `\\hh` hex escapes, a few letter escapes, UTF-8 otherwise."""
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            j = text.find("\\", i)
            j = len(text) if j < 0 else j
            out += text[i:j].encode("utf-8")
            i = j
        elif text[i + 1] in ESCAPES:
            out.append(ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
    return bytes(out)


def escape(data: bytes) -> str:
    """`data` as a Binaryen data string (printable ASCII as itself, every other byte `\\hh`)."""
    return "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:02x}" for b in data)


class Data:
    """The module's initial memory as far as its active data segments define it."""

    def __init__(self, header: str) -> None:
        self.segments = [(int(m.group(1)), unescape(m.group(2))) for m in DATA.finditer(header)]

    def read(self, addr: int, n: int) -> bytes:
        for start, data in self.segments:
            if start <= addr and addr + n <= start + len(data):
                return data[addr - start:addr - start + n]
        raise FetchError(f"static data: address {addr} is not in the module's data")

    def u32(self, addr: int) -> int:
        return struct.unpack("<I", self.read(addr, 4))[0]

    def end(self) -> int:
        return max(start + len(data) for start, data in self.segments)


def write_word(header: str, addr: int, value: int) -> str:
    """The header with the 32-bit word at `addr` (inside one data segment) set to `value`."""
    for m in DATA.finditer(header):
        start, data = int(m.group(1)), unescape(m.group(2))
        if start <= addr and addr + 4 <= start + len(data):
            new = data[:addr - start] + struct.pack("<I", value) + data[addr - start + 4:]
            return header[:m.start(2)] + escape(new) + header[m.end(2):]
    raise FetchError(f"static data: address {addr} is not in the module's data")


def break_word(chunks: list[str]) -> int:
    """Address of the word holding the C library's break (`sbrk`), found by shape: exactly once."""
    found = set()
    for chunk in chunks[1:]:
        if "(i64.const 8589934584)" in chunk and "(i64.const 4294967295)" in chunk:
            for m in SBRK.finditer(chunk):
                if f"(i32.load offset={m.group(1)}" in chunk:
                    found.add(int(m.group(1)))
    if len(found) != 1:
        raise FetchError(f"static data: expected 1 break word in sbrk, found {len(found)}")
    return found.pop()


def add_static_data(chunks: list[str], name: str, build) -> int:
    """Add a data segment `$name` at the break (16-byte aligned) and move the break past it.

    `build(address) -> bytes` makes the segment's bytes for the address it gets (they may point
    into themselves). Changes `chunks[0]` (the header); returns the segment's address."""
    head = chunks[0]
    word = break_word(chunks)
    data = Data(head)
    at = data.u32(word)
    if at % ALIGN or at < data.end():
        raise FetchError(f"static data: the break {at} is not an aligned address after the data")
    body = build(at)
    head = write_word(head, word, at + (len(body) + ALIGN - 1) // ALIGN * ALIGN)
    last = list(DATA.finditer(head))[-1]
    chunks[0] = head[:last.end()] + f'\n (data ${name} (i32.const {at}) "{escape(body)}")' + head[last.end():]
    return at
