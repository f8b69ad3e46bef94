"""Booted images on disk: a new process starts its first sandbox without booting the interpreter.

Booting MicroPython and the guest runtime costs ~80-130 ms of CPU per process (each grading
worker, each kernel, each `mpwasm-kernel run`). The boot is deterministic: the same artifact,
guest sources and boot options give the same memory, byte for byte, in every process (the
non-deterministic mode draws no host randomness at boot). So the first process to boot an image
writes it to the compile cache's directory (engine.py), and later processes map it from there.

What keeps it safe:

* **Keyed.** The file name is a hash of the format version, the artifact's sha256 and every boot
  option (GC heap, Python stack, fuel metering, deterministic mode and seed) plus a digest of
  the path, size and modification time of every file of the sandbox package (the host code that
  drives the boot and the guest sources it loads), and the wasmtime and Python versions. A
  changed interpreter build, guest file or host module is a different key.
* **Trusted directory only.** The same rules as compiled modules: a private (0700) directory
  owned by the user, regular files owned by the user, writable by nobody else, no symlinks
  followed; otherwise no image is read or written. Whoever can write that directory can
  already plant native code there (the `.cwasm` files), so an image adds no new way in.
* **Validated on load.** The file carries its key (a renamed file is refused) and a sha256 over
  everything before it (a truncated or corrupt file is refused); the memory is rebuilt into a
  sealed memfd from exactly the bytes that were checked (the file is not mapped, so changing it
  later changes nothing). The host-side facts are parsed with bounds checks (`boot.facts_from_json`),
  and the security-relevant marks the boot leaves in memory are checked in the loaded bytes: both
  `uctypes` module-map entries are deleted slots, the stack canary is intact.
* **Fallback.** Anything refused, missing or unreadable means a boot, whose image then replaces
  the file (written to a temporary file and renamed: readers never see half a file).

File layout: ``MAGIC``, a 4-byte header length, the header (JSON: key, memory size, stack
pointer, the boot's facts, the offsets of the stored 64 KiB chunks), the chunks, and the sha256
of all of it. All-zero chunks are not stored (the memfd reads them as zeros).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import engine as engine_mod

MAGIC = b"mpwasm-image 1\n"
CHUNK = 1 << 16
MAX_HEADER = 1 << 20
MAX_IMAGE = 1 << 30
KEEP = 16  # image files kept in the cache directory
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # mpwasm_kernel/sandbox

_digest: str | None = None
_digest_lock = threading.Lock()


def enabled() -> bool:
    """Are images read from and written to disk (`MPWASM_IMAGE_CACHE=0` turns it off)?"""
    return os.environ.get("MPWASM_IMAGE_CACHE", "1") != "0"


def sources_digest() -> str:
    """A digest of the sandbox package's files — the host code that boots the interpreter and
    the guest code the boot loads — computed once per process from each file's relative path,
    size and modification time (what Python's own `.pyc` files are checked against; reading
    every file would cost more than the boot it saves)."""
    global _digest
    with _digest_lock:
        if _digest is None:
            entries = []
            for root, dirs, files in os.walk(PACKAGE_DIR):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                for name in files:
                    if name.endswith((".pyc", ".pyo")):
                        continue
                    st = os.stat(os.path.join(root, name))
                    rel = os.path.relpath(os.path.join(root, name), PACKAGE_DIR)
                    entries.append(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}")
            _digest = hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()
        return _digest


def image_key(artifact_sha256: str, options: tuple) -> str:
    """The cache key of a booted image: format, artifact, boot options, sandbox sources (and,
    though the boot should not depend on them, the wasmtime and Python versions)."""
    raw = json.dumps([MAGIC.decode().strip(), artifact_sha256, list(options), sources_digest(),
                      engine_mod.WASMTIME_VERSION, list(sys.version_info[:2])])
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def _path(directory: Path, key: str) -> Path:
    return directory / f"image-{key}.bin"


def save(key: str, size: int, stack_pointer: int, facts: dict, chunks: list[tuple[int, bytes]]) -> bool:
    """Write an image (`chunks`: offset and bytes of each stored chunk); False when there is no
    trusted cache directory or the write fails (never raises for that)."""
    directory = engine_mod.trusted_cache_dir()
    if directory is None:
        return False
    header = json.dumps({"key": key, "size": size, "stack_pointer": stack_pointer, "facts": facts,
                         "chunks": [[offset, len(data)] for offset, data in chunks]}).encode()
    body = b"".join([MAGIC, struct.pack("<I", len(header)), header, *(data for _, data in chunks)])
    try:
        engine_mod.write_atomic(_path(directory, key), body + hashlib.sha256(body).digest())
    except OSError:
        return False
    _prune(directory)
    return True


def _prune(directory: Path) -> None:
    """Keep the `KEEP` most recently written images (each build, guest change or boot option
    writes one of ~1 MB)."""
    try:
        images = sorted(directory.glob("image-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in images[KEEP:]:
            old.unlink()
    except OSError:
        pass


class Loaded:
    """An image read and checked by `load`: memory size, stack pointer, the boot's facts (as
    stored; parse them with `boot.facts_from_json`) and the stored chunks."""

    def __init__(self, size: int, stack_pointer: int, facts: dict, chunks: list[tuple[int, bytes]]) -> None:
        self.size = size
        self.stack_pointer = stack_pointer
        self.facts = facts
        self.chunks = chunks

    def read(self, offset: int, length: int) -> bytes:
        """Bytes `[offset, offset + length)` of the image's memory (zeros where nothing is stored)."""
        out = bytearray(length)
        end = offset + length
        for start, data in self.chunks:
            lo, hi = max(start, offset), min(start + len(data), end)
            if lo < hi:
                out[lo - offset:hi - offset] = data[lo - start:hi - start]
        return bytes(out)


def load(key: str) -> Loaded | None:
    """The image stored under `key` if present, trusted and intact; else None."""
    directory = engine_mod.trusted_cache_dir()
    if directory is None:
        return None
    try:
        blob = engine_mod.read_trusted(_path(directory, key))
    except OSError:
        return None
    try:
        return _parse(blob, key)
    except (ValueError, KeyError, TypeError, struct.error):
        return None


def _parse(blob: bytes, key: str) -> Loaded:
    body, digest = blob[:-32], blob[-32:]
    if len(blob) < len(MAGIC) + 36 or not body.startswith(MAGIC) or hashlib.sha256(body).digest() != digest:
        raise ValueError("not an intact image file")
    (length,) = struct.unpack_from("<I", body, len(MAGIC))
    start = len(MAGIC) + 4
    if length > MAX_HEADER or start + length > len(body):
        raise ValueError("bad header length")
    header: Any = json.loads(body[start:start + length])
    if not isinstance(header, dict) or header.get("key") != key:
        raise ValueError("image of another key")
    size, sp, facts = header["size"], header["stack_pointer"], header["facts"]
    if type(size) is not int or not 0 < size <= MAX_IMAGE or size % CHUNK:
        raise ValueError("bad image size")
    if type(sp) is not int or not 0 < sp <= size or sp % 16 or not isinstance(facts, dict):
        raise ValueError("bad stack pointer or facts")
    chunks, at, previous = [], start + length, -1
    for entry in header["chunks"]:
        offset, n = entry
        if type(offset) is not int or type(n) is not int or offset % CHUNK or offset <= previous \
                or not 0 < n <= CHUNK or offset + n > size or at + n > len(body):
            raise ValueError("bad chunk table")
        chunks.append((offset, body[at:at + n]))
        at, previous = at + n, offset
    if at != len(body):
        raise ValueError("trailing bytes")
    return Loaded(size, sp, facts, chunks)


def load_or_boot(key: str, from_disk: Callable[[Loaded], Any], boot: Callable[[], Any],
                 to_disk: Callable[[Any], tuple[int, int, dict, list[tuple[int, bytes]]]]) -> Any:
    """`from_disk(loaded)` for a stored image it accepts (it raises `ValueError` to refuse);
    else `boot()`, whose result `to_disk` turns into what `save` stores."""
    if enabled():
        loaded = load(key)
        if loaded is not None:
            try:
                return from_disk(loaded)
            except ValueError:
                pass
    image = boot()
    if enabled():
        try:
            save(key, *to_disk(image))
        except (OSError, ValueError):
            pass
    return image
