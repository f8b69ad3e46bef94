"""reader buffer: the importer reads a module file 255 bytes per read call, not 25.

In MicroPython's terms (v1.29.0, `extmod/vfs_reader.c`, `mp_reader_new_file(reader, filename)`):
the reader that `import` uses for a `.py` or `.mpy` file (the lexer and `mp_raw_code_load_file`)
asks the opened stream for its preferred size with `ioctl(MP_STREAM_GET_BUFFER_SIZE)`; a stream
that does not answer (the POSIX file of this port's VFS, `io.BytesIO`) gets
`MICROPY_READER_VFS_DEFAULT_BUFFER_SIZE`, two GC blocks minus the reader's header: 25 bytes.
Every refill of that buffer is one `mp_stream_rw(..., MP_STREAM_RW_ONCE)` (`py/stream.c`), i.e. one host call
(`fd_read`) for a file of the sandbox: the guest library's loader (`_mpk_library.mpy`, 2.5 KB)
took 102 host calls on the first `import math` of every reset sandbox, a user's module of 10 KB
400.

The patch, in C terms, changes the fallback:

    bufsize = stream_p->ioctl(file, MP_STREAM_GET_BUFFER_SIZE, 0, &errcode);
    if (bufsize == MP_STREAM_ERROR || bufsize == 0) {
        bufsize = 255;   // upstream: MICROPY_READER_VFS_DEFAULT_BUFFER_SIZE (25)
    } else { ... clamped to [9, 255], unchanged ... }

255 is `MICROPY_READER_VFS_MAX_BUFFER_SIZE`, the largest size the reader's `uint8_t` fields hold
and the size upstream already uses for a stream that asks for a large buffer (mpremote's mounted
files). The bytes the reader hands out are the same whatever the buffer's size: a refill returns
fewer bytes than asked only at the end of the file (the host's `fd_read` of a regular file or of a
file in memory fills the request), which the reader takes as its end, as with 25. The reader
object (header + buffer, freed when the file is closed) is 262 bytes instead of 32.

Site, by shape: the `select` whose first operand is the constant 25 and whose second is the clamp
to [9, 255] of a `call_indirect` with the request `(i32.const 11)` (MP_STREAM_GET_BUFFER_SIZE),
selected when that result plus one is below 2 (`MP_STREAM_ERROR` or 0): exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_reader_buffer.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "reader_buffer"
SITES = 1
TEST = "tests/sandbox/test_patch_reader_buffer.py::test_an_import_reads_its_file_255_bytes_per_call"

DEFAULT = 25  # MICROPY_READER_VFS_DEFAULT_BUFFER_SIZE in this build (2 * 16 - offsetof(buf))
SIZE = 255  # MICROPY_READER_VFS_MAX_BUFFER_SIZE
# Normalised Binaryen text. Groups: the whole `(i32.const 25)` operand (`default`).
SITE = re.compile(
    r"\(select (?P<default>\(i32\.const 25\)) \(select \(local\.tee \$(?P<c>\d+) \(select \(local\.tee \$(?P<r>\d+) "
    r"\(call_indirect \$\w+ \(type \$\d+\) \(local\.get \$\d+\) \(i32\.const 11\) \(i32\.const 0\) [^()]*"
    r"\(i32\.add \(local\.get \$\d+\) \(i32\.const \d+\)\) \(i32\.load offset=\d+ \(local\.get \$\d+\)\)\)\) "
    r"\(i32\.const 9\) \(i32\.gt_u \(local\.get \$(?P=r)\) \(i32\.const 9\)\)\)\) \(i32\.const 255\) "
    r"\(i32\.lt_u \(local\.get \$(?P=c)\) \(i32\.const 255\)\)\) "
    r"\(i32\.lt_u \(i32\.add \(local\.get \$(?P=r)\) \(i32\.const 1\)\) \(i32\.const 2\)\)\)")


def apply(wat: str, target: Target) -> str:
    """Make the reader's fallback buffer 255 bytes; `FetchError` unless exactly `SITES` site."""
    chunks = split_functions(wat)
    sites = []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or "(i32.const 25)" not in chunk or "(i32.const 11)" not in chunk:
            continue
        flat = normalise(chunk)
        found = list(SITE.finditer(flat))
        if found:
            sites.append((index, flat, found))
    count = sum(len(found) for _, _, found in sites)
    if count != SITES:
        raise FetchError(f"reader buffer patch: expected {SITES} site (mp_reader_new_file), found {count} "
                         "(a different upstream build?)")
    for index, flat, found in sites:
        m = found[0]
        chunks[index] = flat[:m.start("default")] + f"(i32.const {SIZE})" + flat[m.end("default"):]
    return "".join(chunks)
