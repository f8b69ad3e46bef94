"""The Emscripten/WASI file-syscall ABI as this sandbox serves it: flags, struct layouts,
Linux errno numbers, limits on descriptors and paths, and the wrappers turning `FsError` into
error returns."""

from __future__ import annotations

import struct
from collections.abc import Callable
from enum import IntEnum
from functools import wraps
from typing import Any, Protocol

MAX_OPEN_FDS = 256
MAX_HOST_FILES = 32
PATH_MAX = 4096
NAME_MAX = 255
IOV_MAX = 1024

AT_FDCWD = -100
AT_SYMLINK_NOFOLLOW = 0x100
AT_REMOVEDIR = 0x200
AT_EMPTY_PATH = 0x1000

O_ACCMODE = 0o3
O_RDONLY = 0o0
O_WRONLY = 0o1
O_RDWR = 0o2
O_CREAT = 0o100
O_EXCL = 0o200
O_TRUNC = 0o1000
O_APPEND = 0o2000
O_DIRECTORY = 0o200000

SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
POLLIN, POLLOUT, POLLNVAL = 0x1, 0x4, 0x20
DT_CHR, DT_DIR, DT_REG = 2, 4, 8
S_IFCHR, S_IFDIR, S_IFREG = 0o020000, 0o040000, 0o100000
ST_RDONLY = 1
BLOCK_SIZE = 4096

# wasm32 Emscripten `struct stat` (96 bytes): dev, mode, nlink, uid, gid, rdev (u32 each),
# size (i64 at 24), blksize, blocks (i32), atim, mtim, ctim ({i64 sec, i32 nsec} at 40/56/72),
# ino (u64 at 88).
_STAT = struct.Struct("<IIIIII q ii qi4x qi4x qi4x Q")
# musl `struct statfs` on wasm32 (88 bytes): type, bsize (u32), blocks, bfree, bavail, files,
# ffree (u64), fsid (2 x i32), namelen, frsize, flags (u32), spare[4].
_STATFS = struct.Struct("<II QQQQQ ii III 16x 4x")
# `struct dirent` header: d_ino (u64), d_off (i64), d_reclen (u16), d_type (u8), then d_name.
_DIRENT = struct.Struct("<QqHB")
_POLLFD = struct.Struct("<ihh")
_IOVEC = struct.Struct("<II")


class Errno(IntEnum):
    """Errno values as the guest's MicroPython numbers them (Linux numbering)."""

    EPERM = 1
    ENOENT = 2
    EIO = 5
    EBADF = 9
    EACCES = 13
    EBUSY = 16
    EEXIST = 17
    EXDEV = 18
    ENOTDIR = 20
    EISDIR = 21
    EINVAL = 22
    EMFILE = 24
    ENOSPC = 28
    ESPIPE = 29
    EROFS = 30
    ERANGE = 34
    ENAMETOOLONG = 36
    ENOSYS = 38
    ENOTEMPTY = 39


class Device(Protocol):
    """A special file, e.g. the guest→host channel `/dev/mpk`."""

    def write(self, data: bytes) -> int: ...

    def read(self, n: int) -> bytes: ...


class FsError(Exception):
    """An operation failed with `errno`; handlers turn it into the syscall's error return."""

    def __init__(self, errno: Errno) -> None:
        super().__init__(errno.name)
        self.errno = errno


def _syscall(method: Callable[..., int]) -> Callable[..., int]:
    """Wrap an `env.__syscall_*` handler: FsError → `-errno`."""

    @wraps(method)
    def handler(self: Any, *args: int) -> int:
        try:
            return method(self, *args)
        except FsError as exc:
            return -int(exc.errno)

    return handler


def _wasi(method: Callable[..., int]) -> Callable[..., int]:
    """Wrap a WASI `fd_*` handler: FsError → errno (0 is success)."""

    @wraps(method)
    def handler(self: Any, *args: int) -> int:
        try:
            return method(self, *args)
        except FsError as exc:
            return int(exc.errno)

    return handler
