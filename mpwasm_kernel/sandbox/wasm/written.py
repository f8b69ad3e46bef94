"""Which pages of a memory range were written since the last look (Linux 6.7+).

A pre-run snapshot should cost what changed since the previous run, not what the sandbox owns.
Linux reports written pages per range, without touching the rest of the process: the range is
registered with a userfaultfd in *asynchronous write-protect* mode (`UFFD_FEATURE_WP_ASYNC`: the
kernel resolves the write faults itself, no thread serves them, the guest and wasmtime never
notice), and the `PAGEMAP_SCAN` ioctl of /proc/self/pagemap lists the pages written since they
were last protected and protects them again in the same call. (Soft-dirty bits would do it too,
but they are cleared for the whole process at once, and this kernel may not have them.)

`tracker()` is None where this is not available (older kernels, userfaultfd not permitted);
callers then copy every page they own. `regions()` also answers other page questions (present,
file-backed, the shared zero page) for one range in one call.
"""

from __future__ import annotations

import ctypes
import os
import threading

from .image import PAGE

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.ioctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)
_libc.ioctl.restype = ctypes.c_int

SYS_USERFAULTFD = 323 if os.uname().machine == "x86_64" else 282  # x86_64, else aarch64's number
UFFD_USER_MODE_ONLY = 1
UFFD_API = 0xAA
UFFD_FEATURE_WP_ASYNC = 1 << 15
UFFDIO_API = 0xC018AA3F
UFFDIO_REGISTER = 0xC020AA00
UFFDIO_WRITEPROTECT = 0xC018AA06
UFFDIO_REGISTER_MODE_WP = 2
UFFDIO_WRITEPROTECT_MODE_WP = 1
PAGEMAP_SCAN = 0xC0606610
PM_SCAN_WP_MATCHING = 1
PM_SCAN_CHECK_WPASYNC = 2
PAGE_IS_WRITTEN = 1 << 1
PAGE_IS_FILE = 1 << 2
PAGE_IS_PRESENT = 1 << 3
PAGE_IS_PFNZERO = 1 << 5
_VEC = 512  # regions per PAGEMAP_SCAN call


def _ioctl(fd: int, request: int, arg: ctypes.Array) -> int:
    result = _libc.ioctl(fd, request, ctypes.addressof(arg))
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return result


_pagemap_fd = -1
_lock = threading.Lock()


def _pagemap() -> int:
    global _pagemap_fd
    with _lock:
        if _pagemap_fd < 0:
            _pagemap_fd = os.open("/proc/self/pagemap", os.O_RDONLY | os.O_CLOEXEC)
        return _pagemap_fd


def regions(address: int, length: int, *, mask: int, inverted: int = 0, protect: bool = False) -> list[tuple[int, int]]:
    """Page runs ``(first, end)`` (page numbers relative to `address`) of `[address, address +
    length)` whose categories match: every category in `mask` present, except those in
    `inverted`, which must be absent. `protect`: write-protect the matching pages again (for
    `PAGE_IS_WRITTEN`). `OSError` where PAGEMAP_SCAN is not supported."""
    out: list[tuple[int, int]] = []
    vec = (ctypes.c_uint64 * (3 * _VEC))()
    start, end = address, address + length
    flags = (PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC) if protect else 0
    while start < end:
        arg = (ctypes.c_uint64 * 12)(96, flags, start, end, 0, ctypes.addressof(vec), _VEC, 0,
                                     inverted, mask, 0, mask)
        count = _ioctl(_pagemap(), PAGEMAP_SCAN, arg)
        for i in range(count):
            out.append(((vec[3 * i] - address) // PAGE, (vec[3 * i + 1] - address) // PAGE))
        walk_end = arg[4]
        if count < _VEC or walk_end >= end:
            break
        start = walk_end
    return out


class WriteTracker:
    """The process's userfaultfd in asynchronous write-protect mode (one for every range)."""

    def __init__(self) -> None:
        fd = _libc.syscall(SYS_USERFAULTFD, os.O_CLOEXEC | os.O_NONBLOCK | UFFD_USER_MODE_ONLY)
        if fd < 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        self.fd = int(fd)
        self.pid = os.getpid()
        try:
            api = (ctypes.c_uint64 * 3)(UFFD_API, UFFD_FEATURE_WP_ASYNC, 0)
            _ioctl(self.fd, UFFDIO_API, api)
            if not api[1] & UFFD_FEATURE_WP_ASYNC:
                raise OSError("userfaultfd without asynchronous write-protect")
        except OSError:
            os.close(self.fd)
            raise

    def track(self, address: int, length: int) -> None:
        """Start tracking writes to `[address, address + length)` (page-aligned): from now on
        `written` reports the pages written since the previous call. Needed again after the
        range is mapped anew (a new mapping forgets the registration)."""
        if length <= 0:
            return
        _ioctl(self.fd, UFFDIO_REGISTER, (ctypes.c_uint64 * 4)(address, length, UFFDIO_REGISTER_MODE_WP, 0))
        _ioctl(self.fd, UFFDIO_WRITEPROTECT, (ctypes.c_uint64 * 3)(address, length, UFFDIO_WRITEPROTECT_MODE_WP))

    @staticmethod
    def written(address: int, length: int) -> list[tuple[int, int]]:
        """Runs of pages written since the last call (or `track`), protected again. May include
        pages that were dropped and not written (conservative)."""
        return regions(address, length, mask=PAGE_IS_WRITTEN, protect=True)


_tracker: WriteTracker | None = None
_probed = False


def _reports_writes(candidate: WriteTracker, memory: object, address: int) -> bool:
    """Does `candidate` report exactly the pages written in a 3-page mapping whose page 0 was
    written before tracking, page 1 only read and page 2 never touched?"""
    memory[0] = 1
    _ = memory[PAGE]
    candidate.track(address, 3 * PAGE)
    quiet = candidate.written(address, 3 * PAGE)
    memory[PAGE] = 1
    memory[2 * PAGE] = 1
    seen = candidate.written(address, 3 * PAGE)
    memory[0] = 2
    seen_again = candidate.written(address, 3 * PAGE)
    return quiet == [] and seen == [(1, 3)] and seen_again == [(0, 1)] and candidate.written(address, 3 * PAGE) == []


def tracker() -> WriteTracker | None:
    """The process's `WriteTracker`, or None when the kernel cannot track writes this way
    (probed once per process, on anonymous memory and on a private mapping of a memory file as
    the sandboxes' images are mapped: written pages must be reported, read or untouched ones
    not; a forked child, whose mappings are no longer registered, probes again)."""
    global _tracker, _probed
    with _lock:
        if _probed and (_tracker is None or _tracker.pid == os.getpid()):
            return _tracker
        _probed, _tracker = True, None
    import mmap

    try:
        candidate = WriteTracker()
        ok = True
        fd = os.memfd_create("mpwasm-probe", os.MFD_CLOEXEC)
        try:
            os.ftruncate(fd, 3 * PAGE)
            os.pwrite(fd, b"\1", PAGE)  # the image's pages hold data
            for source in (-1, fd):
                flags = mmap.MAP_PRIVATE | (mmap.MAP_ANONYMOUS if source < 0 else 0)
                probe = mmap.mmap(source, 3 * PAGE, flags=flags)
                try:
                    ok = ok and _reports_writes(candidate, probe, ctypes.addressof(ctypes.c_char.from_buffer(probe)))
                finally:
                    probe.close()
        finally:
            os.close(fd)
        if ok:
            with _lock:
                _tracker = candidate
        else:
            os.close(candidate.fd)
    except (OSError, ValueError, BufferError):
        pass
    return _tracker
