"""The guest's files: a private in-memory file system, read-only host mounts and devices.

MicroPython's POSIX VFS (mounted at `/` in the guest) reaches the host only through the
Emscripten file syscalls (`env.__syscall_*`) and the WASI `fd_*` calls for file descriptors the
sandbox does not route itself (everything but 0, 1, 2). `FileSystem.imports()` serves all of
them, so nothing the guest does can touch the host file system except reads under a mount.

Namespace, checked in this order for every (lexically normalized) guest path:

* **devices** (`add_device`): special files at fixed paths, e.g. `/dev/mpk`; not in the quota.
* **mounts** (`mounts={"/data": host_dir}`): the host directory's tree, read-only. Every write,
  create, remove or rename under a mount fails with `EROFS`. Host paths are walked one
  component at a time from a directory descriptor of the mount root with `O_NOFOLLOW`, so `..`,
  absolute paths and symlinks can never leave the mounted directory. Host symlinks are never
  followed and never listed (they look like missing files); only regular files and directories
  are visible.
* **memory**: everything else, private to this object. `/` is writable; `/tmp` and `/lib`
  exist at start, as do the parents of mount points and devices (those parents cannot be
  removed or renamed: `EBUSY`).

Errors are returned as MicroPython's own errno numbers (Linux numbering, `errno.ENOENT == 2` in
the guest), not Emscripten's WASI numbering: the artifact's MicroPython raises
`OSError(errno)` with the C errno unchanged, and only the Linux values give `OSError: [Errno 2]
ENOENT` with `e.errno == errno.ENOENT` in the guest. (Emscripten's ENOENT, 44, would surface as
a bare `OSError: 44`.) None of the values used collides with the libc's own EINTR (27).

Quota: `bytes_used` is the total size of the guest's files plus `ENTRY_BYTES` for every file or
directory the guest created (so that empty files cannot exhaust host memory). A write that
would exceed `quota_bytes` fails entirely with `ENOSPC` and changes nothing; content already
written is never lost.

Depth: an in-memory entry has at most `MAX_DEPTH` (256) path components; `mkdir`, `open(O_CREAT)`
and a `rename` that would put anything (counting the moved subtree's height) deeper fail with
`ENAMETOOLONG`. Tree walks (snapshot, restore, quota accounting) are iterative anyway.

Snapshots are copy-on-write: file contents are immutable `bytes` shared between the live tree
and snapshots, and a file is copied into a `bytearray` only when written after a snapshot.
`snapshot()` costs O(number of entries + open descriptors), and nothing at all when the file
system did not change since the previous snapshot.
"""

from __future__ import annotations

import dataclasses
import errno as host_errno
import os
import stat as host_stat
import struct
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from enum import IntEnum
from functools import wraps
from typing import Protocol

from .memory import GuestMemory, GuestMemoryFault

__all__ = ["Device", "Errno", "FileSystem", "ENTRY_BYTES"]

ENTRY_BYTES = 64
"""Quota charge for each file or directory the guest creates, on top of the file's size."""

MAX_OPEN_FDS = 256
MAX_HOST_FILES = 32
PATH_MAX = 4096
NAME_MAX = 255
IOV_MAX = 1024
MAX_DEPTH = 256
"""Most path components an in-memory entry may have; deeper creates fail with ENAMETOOLONG."""

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


# ---------------------------------------------------------------------------------------------
# In-memory nodes


class _File:
    """A regular file. `data` is immutable `bytes` unless written since the last snapshot."""

    __slots__ = ("data", "mtime", "ino", "charge", "linked", "nopen", "orphan_bytes")

    def __init__(self, ino: int, mtime: float, charge: int) -> None:
        self.data: bytes | bytearray = b""
        self.mtime = mtime
        self.ino = ino
        self.charge = charge
        self.linked = True
        self.nopen = 0
        self.orphan_bytes = 0  # growth since it was unlinked while open, still charged


class _Dir:
    """A directory: an insertion-ordered map from name to node."""

    __slots__ = ("children", "mtime", "ino", "charge")

    def __init__(self, ino: int, mtime: float, charge: int) -> None:
        self.children: dict[str, _File | _Dir] = {}
        self.mtime = mtime
        self.ino = ino
        self.charge = charge


_Node = _File | _Dir
_Parts = tuple[str, ...]


def _tree_usage(directory: _Dir) -> int:
    """Quota bytes charged for everything below `directory` (iterative: no host recursion)."""
    total = 0
    stack = [directory]
    while stack:
        for child in stack.pop().children.values():
            total += child.charge
            if isinstance(child, _File):
                total += len(child.data)
            else:
                stack.append(child)
    return total


def _tree_height(node: _Node, limit: int) -> int:
    """Depth of the deepest entry below `node`, relative to it (0 for a file or an empty
    directory). Iterative; stops early and returns a value > `limit` once it exceeds `limit`."""
    height = 0
    stack: list[tuple[_Node, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, _Dir) and current.children:
            height = max(height, depth + 1)
            if height > limit:
                return height
            stack.extend((child, depth + 1) for child in current.children.values())
    return height


# ---------------------------------------------------------------------------------------------
# Host side of read-only mounts


def _host_errno(exc: OSError) -> Errno:
    """Map a host OSError met while reading a mount to the guest's errno."""
    host = host_errno
    if exc.errno in (host.ENOENT, host.ELOOP):
        return Errno.ENOENT
    if exc.errno == host.ENOTDIR:
        return Errno.ENOTDIR
    if exc.errno in (host.EACCES, host.EPERM):
        return Errno.EACCES
    if exc.errno == host.ENAMETOOLONG:
        return Errno.ENAMETOOLONG
    if exc.errno == host.EMFILE or exc.errno == host.ENFILE:
        return Errno.EMFILE
    return Errno.EIO


@dataclasses.dataclass(frozen=True)
class _Mount:
    """A host directory shown read-only at guest path `parts`."""

    parts: _Parts
    root: bytes  # realpath of the host directory
    dev: int

    def open_fd(self, rel: _Parts) -> int:
        """Open host `root/rel` read-only, never following a symlink, never leaving `root`.

        Each component is opened relative to its parent's descriptor with `O_NOFOLLOW`, after an
        `lstat` that admits only directories (for every component) and regular files (for the
        last), so symlinks, FIFOs and device nodes are refused before anything is opened.
        Raises FsError.
        """
        base = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
        try:
            fd = os.open(self.root, base | os.O_DIRECTORY)
        except OSError as exc:
            raise FsError(_host_errno(exc)) from None
        try:
            for i, name in enumerate(rel):
                raw = name.encode("utf-8")
                last = i == len(rel) - 1
                st = os.stat(raw, dir_fd=fd, follow_symlinks=False)
                if host_stat.S_ISDIR(st.st_mode):
                    flags = base | os.O_DIRECTORY
                elif last and host_stat.S_ISREG(st.st_mode):
                    flags = base
                elif host_stat.S_ISLNK(st.st_mode):
                    raise FsError(Errno.ENOENT)
                elif last:
                    raise FsError(Errno.EACCES)
                else:
                    raise FsError(Errno.ENOTDIR)
                child = os.open(raw, flags, dir_fd=fd)
                os.close(fd)
                fd = child
            mode = os.fstat(fd).st_mode
            if not (host_stat.S_ISDIR(mode) or host_stat.S_ISREG(mode)):
                raise FsError(Errno.EACCES)
            return fd
        except OSError as exc:
            os.close(fd)
            raise FsError(_host_errno(exc)) from None
        except BaseException:
            os.close(fd)
            raise

    def stat(self, rel: _Parts) -> os.stat_result:
        """Host stat of `root/rel` (a regular file or directory). Raises FsError."""
        fd = self.open_fd(rel)
        try:
            return os.fstat(fd)
        finally:
            os.close(fd)

    def listing(self, rel: _Parts) -> tuple[tuple[str, int, int], ...]:
        """(name, d_type, ino) of the regular files and directories in `root/rel`, sorted.

        Symlinks, special files and names that are not valid UTF-8 are left out.
        """
        fd = self.open_fd(rel)
        try:
            if not host_stat.S_ISDIR(os.fstat(fd).st_mode):
                raise FsError(Errno.ENOTDIR)
            entries = []
            for name in sorted(os.listdir(fd)):
                try:
                    guest_name = os.fsencode(name).decode("utf-8")
                    st = os.stat(os.fsencode(name), dir_fd=fd, follow_symlinks=False)
                except (UnicodeDecodeError, OSError):
                    continue
                if host_stat.S_ISDIR(st.st_mode):
                    entries.append((guest_name, DT_DIR, _synthetic_ino(self.parts + rel + (guest_name,))))
                elif host_stat.S_ISREG(st.st_mode):
                    entries.append((guest_name, DT_REG, _synthetic_ino(self.parts + rel + (guest_name,))))
            return tuple(entries)
        except OSError as exc:
            raise FsError(_host_errno(exc)) from None
        finally:
            os.close(fd)


def _synthetic_ino(parts: _Parts) -> int:
    """A stable inode number for a mounted path (host inode numbers are not shown)."""
    return zlib.crc32("/".join(parts).encode("utf-8")) | (1 << 32)


class _HostFile:
    """A regular file under a mount, read through a host descriptor opened read-only.

    The descriptor is closed by `close()` and reopened on demand (after a restore brought back
    a guest descriptor that had been closed in the rolled-back run).
    """

    def __init__(self, mount: _Mount, rel: _Parts, fd: int) -> None:
        self.mount = mount
        self.rel = rel
        self._fd: int | None = fd

    def _ensure(self) -> int:
        if self._fd is None:
            fd = self.mount.open_fd(self.rel)
            if not host_stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise FsError(Errno.EIO)
            self._fd = fd
        return self._fd

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    def pread(self, n: int, pos: int) -> bytes:
        try:
            return os.pread(self._ensure(), n, pos)
        except OSError as exc:
            raise FsError(_host_errno(exc)) from None

    def fstat(self) -> os.stat_result:
        try:
            return os.fstat(self._ensure())
        except OSError as exc:
            raise FsError(_host_errno(exc)) from None

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


# ---------------------------------------------------------------------------------------------
# Open file descriptions


@dataclasses.dataclass
class _Open:
    """One guest file descriptor. Copied (shallowly) into snapshots."""

    path: _Parts
    flags: int
    node: _Node | None = None  # in-memory file or directory
    host: _HostFile | None = None  # mounted regular file
    device: Device | None = None
    listing: tuple[tuple[str, int, int], ...] | None = None  # directories: entries at open time
    pos: int = 0

    @property
    def readable(self) -> bool:
        return self.flags & O_ACCMODE in (O_RDONLY, O_RDWR)

    @property
    def writable(self) -> bool:
        return self.flags & O_ACCMODE in (O_WRONLY, O_RDWR)


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    tree: tuple
    files: tuple[tuple[_File, bytes, float, bool, int], ...]  # files behind open descriptors
    fds: tuple[tuple[int, _Open], ...]
    cwd: _Parts
    used: int


def _freeze_file(node: _File) -> bytes:
    """Make `node.data` immutable (shared with the snapshot) and return it."""
    if isinstance(node.data, bytearray):
        node.data = bytes(node.data)
    return node.data


def _freeze(root: _Dir) -> tuple:
    """`(dir, mtime, ((name, item), ...))` for the tree under `root`, where item is a frozen
    directory or `(file, data, mtime)`. Iterative, so any depth is safe on the host."""
    kids_of: dict[int, list] = {}
    order: list[_Dir] = []
    stack = [root]
    while stack:
        directory = stack.pop()
        order.append(directory)
        kids_of[id(directory)] = []
        stack.extend(child for child in directory.children.values() if isinstance(child, _Dir))
    frozen: dict[int, tuple] = {}
    for directory in reversed(order):  # children before their parents
        kids = kids_of[id(directory)]
        for name, child in directory.children.items():
            if isinstance(child, _Dir):
                kids.append((name, frozen.pop(id(child))))
            else:
                kids.append((name, (child, _freeze_file(child), child.mtime)))
        frozen[id(directory)] = (directory, directory.mtime, tuple(kids))
    return frozen[id(root)]


def _thaw(frozen: tuple) -> _Dir:
    """Rebuild the live tree from `_freeze`'s result (iterative) and return its root."""
    stack = [frozen]
    while stack:
        directory, mtime, kids = stack.pop()
        directory.mtime = mtime
        directory.children = {}
        for name, item in kids:
            if isinstance(item[0], _Dir):
                directory.children[name] = item[0]
                stack.append(item)
            else:
                node, data, file_mtime = item
                node.data, node.mtime, node.linked, node.nopen = data, file_mtime, True, 0
                directory.children[name] = node
    return frozen[0]


# ---------------------------------------------------------------------------------------------


def _syscall(method: Callable[..., int]) -> Callable[..., int]:
    """Wrap an `env.__syscall_*` handler: FsError → `-errno`."""

    @wraps(method)
    def handler(self: FileSystem, *args: int) -> int:
        try:
            return method(self, *args)
        except FsError as exc:
            return -int(exc.errno)

    return handler


def _wasi(method: Callable[..., int]) -> Callable[..., int]:
    """Wrap a WASI `fd_*` handler: FsError → errno (0 is success)."""

    @wraps(method)
    def handler(self: FileSystem, *args: int) -> int:
        try:
            return method(self, *args)
        except FsError as exc:
            return int(exc.errno)

    return handler


def _check_depth(components: int) -> None:
    """ENAMETOOLONG for an in-memory entry deeper than MAX_DEPTH path components.

    The cap keeps every walk of the tree (snapshot, restore, quota accounting) short and lets
    guest paths stay far below PATH_MAX.
    """
    if components > MAX_DEPTH:
        raise FsError(Errno.ENAMETOOLONG)


def _split_guest_path(path: str) -> list[str]:
    """Components of `path`, checking each name's length."""
    parts = [p for p in path.split("/") if p]
    for name in parts:
        if len(name.encode("utf-8")) > NAME_MAX:
            raise FsError(Errno.ENAMETOOLONG)
    return parts


def _normalize(base: _Parts, path: str) -> _Parts:
    """Join `path` to `base` (ignored if `path` is absolute) and resolve `.`/`..` lexically.

    `..` at the root stays at the root, as in POSIX; the result never depends on the host.
    """
    stack = [] if path.startswith("/") else list(base)
    for name in _split_guest_path(path):
        if name == ".":
            continue
        if name == "..":
            if stack:
                stack.pop()
            continue
        stack.append(name)
    return tuple(stack)


class FileSystem:
    """One sandbox's files. See the module docstring for the namespace and the quota."""

    def __init__(
        self,
        *,
        quota_bytes: int,
        mounts: Mapping[str, str | os.PathLike] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`mounts` maps absolute guest paths to existing host directories (read-only).

        Raises ValueError for a relative, root, nested or duplicate mount point or a host path
        that is not a directory. `clock` gives modification times (seconds since the epoch).
        """
        self.quota_bytes = quota_bytes
        self._clock = clock
        self._memory: GuestMemory | None = None
        self._devices: dict[_Parts, Device] = {}
        self._mounts: dict[_Parts, _Mount] = {}
        for guest, host in (mounts or {}).items():
            self._add_mount(guest, host)
        self._next_ino = 1
        self._root = self._new_dir(charge=0)
        self._fds: dict[int, _Open] = {}
        self._cwd: _Parts = ()
        self._used = 0
        self._version = 0
        self._cached: tuple[int, _Snapshot] | None = None
        self._populate()

    # --- configuration ----------------------------------------------------------------------

    @staticmethod
    def _mount_point(guest: str) -> _Parts:
        if not guest.startswith("/") or "\0" in guest:
            raise ValueError(f"mount point must be an absolute guest path: {guest!r}")
        parts = _normalize((), guest)
        if not parts:
            raise ValueError("cannot mount over the guest's root directory")
        return parts

    def _add_mount(self, guest: str, host: str | os.PathLike) -> None:
        parts = self._mount_point(guest)
        root = os.path.realpath(os.fsencode(host))
        if not os.path.isdir(root):
            raise ValueError(f"mount {guest!r}: host path {os.fsdecode(host)!r} is not a directory")
        for other in self._mounts:
            shorter = min(len(other), len(parts))
            if other[:shorter] == parts[:shorter]:
                raise ValueError(f"mount {guest!r} overlaps mount {'/' + '/'.join(other)!r}")
        self._mounts[parts] = _Mount(parts, root, dev=2 + len(self._mounts))

    def add_device(self, path: str, device: Device) -> None:
        """Serve `device` at absolute guest `path` (e.g. "/dev/mpk"); its parents are created.

        A device can be opened with any access mode; it is not seekable, not in the quota, and
        cannot be removed or renamed by the guest.
        """
        parts = self._mount_point(path)
        if self._mount_of(parts) is not None:
            raise ValueError(f"device {path!r} is under a mount")
        self._devices[parts] = device
        self._make_dirs(parts[:-1])
        self._changed()

    # --- host wiring ------------------------------------------------------------------------

    def bind(self, memory: GuestMemory) -> None:
        """Use `memory` for all pointer arguments (called after each instantiation)."""
        self._memory = memory

    def imports(self) -> dict[str, Callable[..., int]]:
        """Host functions by import name (without module) for every file syscall and fd_* call."""
        return {
            "__syscall_openat": self.sys_openat,
            "__syscall_fstat64": self.sys_fstat64,
            "__syscall_stat64": self.sys_stat64,
            "__syscall_lstat64": self.sys_lstat64,
            "__syscall_newfstatat": self.sys_newfstatat,
            "__syscall_getdents64": self.sys_getdents64,
            "__syscall_mkdirat": self.sys_mkdirat,
            "__syscall_unlinkat": self.sys_unlinkat,
            "__syscall_renameat": self.sys_renameat,
            "__syscall_rmdir": self.sys_rmdir,
            "__syscall_chdir": self.sys_chdir,
            "__syscall_getcwd": self.sys_getcwd,
            "__syscall_poll": self.sys_poll,
            "__syscall_poll_nonblocking": self.sys_poll_nonblocking,
            "__syscall_statfs64": self.sys_statfs64,
            "fd_read": self.fd_read,
            "fd_write": self.fd_write,
            "fd_seek": self.fd_seek,
            "fd_close": self.fd_close,
            "fd_sync": self.fd_sync,
        }

    @property
    def bytes_used(self) -> int:
        """Quota bytes in use: file sizes plus ENTRY_BYTES per guest-created entry."""
        return self._used

    # --- snapshot / restore / clear ---------------------------------------------------------

    def snapshot(self) -> object:
        """Capture files, directories, cwd and open descriptors (with positions).

        Returns the previous snapshot object unchanged if nothing happened since it was taken.
        """
        if self._cached is not None and self._cached[0] == self._version:
            return self._cached[1]
        files = []
        for of in self._fds.values():
            if isinstance(of.node, _File):
                node = of.node
                files.append((node, _freeze_file(node), node.mtime, node.linked, node.orphan_bytes))
        snap = _Snapshot(
            tree=_freeze(self._root),
            files=tuple(files),
            fds=tuple((fd, dataclasses.replace(of)) for fd, of in self._fds.items()),
            cwd=self._cwd,
            used=self._used,
        )
        self._cached = (self._version, snap)
        return snap

    def restore(self, snap: object) -> None:
        """Return to the state captured by `snap` (after a hard stop rolled the guest back).

        Host files opened since are closed; those closed since reopen on their next read.
        """
        if not isinstance(snap, _Snapshot):
            raise TypeError("not a FileSystem snapshot")
        keep = {id(of.host) for _, of in snap.fds if of.host is not None}
        for of in self._fds.values():
            if of.host is not None and id(of.host) not in keep:
                of.host.close()
        self._root = _thaw(snap.tree)
        for node, data, mtime, linked, orphan_bytes in snap.files:
            node.data, node.mtime, node.linked, node.nopen = data, mtime, linked, 0
            node.orphan_bytes = orphan_bytes
        self._fds = {fd: dataclasses.replace(of) for fd, of in snap.fds}
        for of in self._fds.values():
            if isinstance(of.node, _File):
                of.node.nopen += 1
        self._cwd = snap.cwd
        self._used = snap.used
        self._version += 1
        self._cached = (self._version, snap)

    def clear(self) -> None:
        """Drop all files, directories and descriptors; keep mounts, devices and the quota."""
        self._close_host_files()
        self._fds = {}
        self._root = self._new_dir(charge=0)
        self._cwd = ()
        self._used = 0
        self._populate()
        self._changed()

    def close(self) -> None:
        """Close every host file handle (the guest's descriptors to them stay valid)."""
        self._close_host_files()

    def _close_host_files(self) -> None:
        for of in self._fds.values():
            if of.host is not None:
                of.host.close()

    def _populate(self) -> None:
        for parts in (("tmp",), ("lib",)):
            self._make_dirs(parts)
        for parts in list(self._mounts) + list(self._devices):
            self._make_dirs(parts[:-1])

    def _make_dirs(self, parts: _Parts) -> None:
        """Create system directories (not charged to the quota) along `parts`."""
        directory = self._root
        for name in parts:
            child = directory.children.get(name)
            if not isinstance(child, _Dir):
                child = self._new_dir(charge=0)
                directory.children[name] = child
            directory = child

    def _changed(self) -> None:
        self._version += 1

    # --- nodes ------------------------------------------------------------------------------

    def _ino(self) -> int:
        self._next_ino += 1
        return self._next_ino

    def _new_dir(self, charge: int) -> _Dir:
        return _Dir(self._ino(), self._clock(), charge)

    def _charge(self, nbytes: int) -> None:
        """Reserve `nbytes` of quota or raise ENOSPC."""
        if nbytes > 0 and self._used + nbytes > self.quota_bytes:
            raise FsError(Errno.ENOSPC)
        self._used += nbytes

    def _release(self, node: _Node) -> None:
        """Credit the quota for a node removed from the tree.

        The space is freed at once even if the file is still open (MicroPython closes files only
        when its garbage collector finalizes them); later growth of such an unlinked file is
        charged until its last descriptor closes.
        """
        if isinstance(node, _File):
            node.linked = False
            node.orphan_bytes = 0
            self._used -= node.charge + len(node.data)
        else:
            self._used -= node.charge + _tree_usage(node)

    # --- guest memory helpers ---------------------------------------------------------------

    @property
    def _mem(self) -> GuestMemory:
        if self._memory is None:
            raise RuntimeError("FileSystem.bind() was not called")
        return self._memory

    def _read_path(self, ptr: int) -> str:
        """The NUL-terminated guest path at `ptr`, strictly UTF-8 (EINVAL otherwise)."""
        mem = self._mem
        available = mem.size - ptr
        if ptr < 0 or available <= 0:
            raise GuestMemoryFault(f"path pointer {ptr} outside memory")
        raw = mem.read(ptr, min(available, PATH_MAX + 1))
        end = raw.find(b"\0")
        if end < 0:
            if available > PATH_MAX:
                raise FsError(Errno.ENAMETOOLONG)
            raise GuestMemoryFault(f"unterminated path at {ptr}")
        if end == 0:
            raise FsError(Errno.ENOENT)
        try:
            return raw[:end].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise FsError(Errno.EINVAL) from None

    def _iovecs(self, iovs: int, count: int) -> list[tuple[int, int]]:
        """The guest's iovec array, each range checked against memory."""
        if count < 0 or count > IOV_MAX:
            raise FsError(Errno.EINVAL)
        mem = self._mem
        raw = mem.read(iovs, _IOVEC.size * count)
        vecs = [_IOVEC.unpack_from(raw, k * _IOVEC.size) for k in range(count)]
        for ptr, length in vecs:
            if ptr + length > mem.size:
                raise GuestMemoryFault(f"iovec [{ptr}, {ptr + length}) outside memory")
        return vecs

    # --- path resolution --------------------------------------------------------------------

    def _parts(self, dirfd: int, ptr: int) -> tuple[_Parts, bool]:
        """Absolute components of the guest path at `ptr` (relative to `dirfd`), trailing '/'."""
        path = self._read_path(ptr)
        base = self._cwd
        if not path.startswith("/") and dirfd != AT_FDCWD:
            of = self._fd(dirfd)
            if of.listing is None:
                raise FsError(Errno.ENOTDIR)
            base = of.path
        return _normalize(base, path), path.endswith("/")

    def _mount_of(self, parts: _Parts) -> _Mount | None:
        for mount_parts, mount in self._mounts.items():
            if parts[: len(mount_parts)] == mount_parts:
                return mount
        return None

    def _is_pinned(self, parts: _Parts) -> bool:
        """The root, mount points, devices and their ancestors cannot be removed or renamed."""
        for fixed in list(self._mounts) + list(self._devices):
            if fixed[: len(parts)] == parts:
                return True
        return not parts

    def _lookup(self, parts: _Parts) -> _Node:
        """The in-memory node at `parts` (ENOENT / ENOTDIR)."""
        node: _Node = self._root
        for name in parts:
            if not isinstance(node, _Dir):
                raise FsError(Errno.ENOTDIR)
            child = node.children.get(name)
            if child is None:
                raise FsError(Errno.ENOENT)
            node = child
        return node

    def _parent(self, parts: _Parts) -> _Dir:
        """The existing in-memory directory that holds `parts[-1]`."""
        parent = self._lookup(parts[:-1])
        if not isinstance(parent, _Dir):
            raise FsError(Errno.ENOTDIR)
        return parent

    def _refuse_fixed(self, parts: _Parts) -> None:
        """Raise for paths the guest may not remove or rename.

        Under a mount → EROFS; the root, a mount point, a device or a parent of a mount point
        or device → EBUSY.
        """
        mount = self._mount_of(parts)
        if mount is not None:
            raise FsError(Errno.EBUSY if parts == mount.parts else Errno.EROFS)
        if parts in self._devices or self._is_pinned(parts):
            raise FsError(Errno.EBUSY)

    # --- stat -------------------------------------------------------------------------------

    def _stat_of(self, parts: _Parts, trailing_slash: bool) -> bytes:
        """Packed `struct stat` for the guest path `parts`."""
        if parts in self._devices:
            if trailing_slash:
                raise FsError(Errno.ENOTDIR)
            return self._pack_device_stat(parts)
        mount = self._mount_of(parts)
        if mount is not None:
            rel = parts[len(mount.parts):]
            st = mount.stat(rel)
            if trailing_slash and not host_stat.S_ISDIR(st.st_mode):
                raise FsError(Errno.ENOTDIR)
            return self._pack_host_stat(st, mount, _synthetic_ino(parts))
        node = self._lookup(parts)
        if trailing_slash and isinstance(node, _File):
            raise FsError(Errno.ENOTDIR)
        return self._pack_node_stat(node)

    @staticmethod
    def _pack_stat(dev: int, mode: int, nlink: int, size: int, mtime: float, ino: int) -> bytes:
        sec = int(mtime)
        nsec = min(max(int((mtime - sec) * 1e9), 0), 999_999_999)
        blocks = (size + 511) // 512
        return _STAT.pack(dev, mode, nlink, 0, 0, 0, size, BLOCK_SIZE, blocks,
                          sec, nsec, sec, nsec, sec, nsec, ino)

    def _pack_node_stat(self, node: _Node) -> bytes:
        if isinstance(node, _File):
            return self._pack_stat(1, S_IFREG | 0o644, 1, len(node.data), node.mtime, node.ino)
        return self._pack_stat(1, S_IFDIR | 0o755, 2, BLOCK_SIZE, node.mtime, node.ino)

    def _pack_host_stat(self, st: os.stat_result, mount: _Mount, ino: int) -> bytes:
        if host_stat.S_ISDIR(st.st_mode):
            return self._pack_stat(mount.dev, S_IFDIR | 0o555, 2, BLOCK_SIZE, st.st_mtime, ino)
        return self._pack_stat(mount.dev, S_IFREG | 0o444, 1, st.st_size, st.st_mtime, ino)

    def _pack_device_stat(self, parts: _Parts) -> bytes:
        return self._pack_stat(0, S_IFCHR | 0o666, 1, 0, 0.0, _synthetic_ino(parts))

    def _fstat_of(self, fd: int) -> bytes:
        if fd in (0, 1, 2):
            return self._pack_stat(0, S_IFCHR | 0o666, 1, 0, 0.0, fd + 1)
        of = self._fd(fd)
        if of.device is not None:
            return self._pack_device_stat(of.path)
        if of.host is not None:
            mount = of.host.mount
            return self._pack_host_stat(of.host.fstat(), mount, _synthetic_ino(of.path))
        if of.node is not None:
            return self._pack_node_stat(of.node)
        return self._stat_of(of.path, False)  # a directory under a mount

    @_syscall
    def sys_stat64(self, path: int, buf: int) -> int:
        """stat(path, buf)."""
        parts, slash = self._parts(AT_FDCWD, path)
        self._mem.write(buf, self._stat_of(parts, slash))
        return 0

    @_syscall
    def sys_lstat64(self, path: int, buf: int) -> int:
        """lstat(path, buf): the guest file system has no symlinks, so this is stat."""
        parts, slash = self._parts(AT_FDCWD, path)
        self._mem.write(buf, self._stat_of(parts, slash))
        return 0

    @_syscall
    def sys_fstat64(self, fd: int, buf: int) -> int:
        """fstat(fd, buf)."""
        self._mem.write(buf, self._fstat_of(fd))
        return 0

    @_syscall
    def sys_newfstatat(self, dirfd: int, path: int, buf: int, flags: int) -> int:
        """fstatat(dirfd, path, buf, flags); AT_EMPTY_PATH with "" stats `dirfd` itself."""
        if flags & AT_EMPTY_PATH and self._mem.read(path, 1) == b"\0":
            self._mem.write(buf, self._fstat_of(dirfd))
            return 0
        parts, slash = self._parts(dirfd, path)
        self._mem.write(buf, self._stat_of(parts, slash))
        return 0

    @_syscall
    def sys_statfs64(self, path: int, size: int, buf: int) -> int:
        """statfs(path): the quota as block counts; mounts report read-only and no free space."""
        parts, slash = self._parts(AT_FDCWD, path)
        self._stat_of(parts, slash)  # existence check
        if size < _STATFS.size:
            raise FsError(Errno.EINVAL)
        read_only = self._mount_of(parts) is not None
        total = max(self.quota_bytes, 0) // BLOCK_SIZE
        free = 0 if read_only else max(self.quota_bytes - self._used, 0) // BLOCK_SIZE
        self._mem.write(buf, _STATFS.pack(0x858458F6, BLOCK_SIZE, total, free, free, 0, 0, 0, 0,
                                          NAME_MAX, BLOCK_SIZE, ST_RDONLY if read_only else 0))
        return 0

    # --- directories ------------------------------------------------------------------------

    @_syscall
    def sys_getcwd(self, buf: int, size: int) -> int:
        """getcwd(buf, size): writes the NUL-terminated cwd, returns its size with the NUL."""
        raw = ("/" + "/".join(self._cwd)).encode("utf-8") + b"\0"
        if size < len(raw):
            raise FsError(Errno.ERANGE)
        self._mem.write(buf, raw)
        return len(raw)

    @_syscall
    def sys_chdir(self, path: int) -> int:
        """chdir(path): the target must be a directory."""
        parts, _ = self._parts(AT_FDCWD, path)
        if not self._is_dir(parts):
            raise FsError(Errno.ENOTDIR)
        self._cwd = parts
        self._changed()
        return 0

    def _is_dir(self, parts: _Parts) -> bool:
        """Whether `parts` names a directory; ENOENT/ENOTDIR if it names nothing."""
        if parts in self._devices:
            return False
        mount = self._mount_of(parts)
        if mount is not None:
            return host_stat.S_ISDIR(mount.stat(parts[len(mount.parts):]).st_mode)
        return isinstance(self._lookup(parts), _Dir)

    @_syscall
    def sys_mkdirat(self, dirfd: int, path: int, mode: int) -> int:
        """mkdirat(dirfd, path, mode)."""
        parts, _ = self._parts(dirfd, path)
        mount = self._mount_of(parts)
        if mount is not None:
            raise FsError(Errno.EEXIST if parts == mount.parts else Errno.EROFS)
        if not parts or parts in self._devices:
            raise FsError(Errno.EEXIST)
        _check_depth(len(parts))
        parent = self._parent(parts)
        if parts[-1] in parent.children:
            raise FsError(Errno.EEXIST)
        self._charge(ENTRY_BYTES)
        parent.children[parts[-1]] = self._new_dir(charge=ENTRY_BYTES)
        parent.mtime = self._clock()
        self._changed()
        return 0

    @_syscall
    def sys_rmdir(self, path: int) -> int:
        """rmdir(path): only empty directories."""
        parts, _ = self._parts(AT_FDCWD, path)
        self._rmdir(parts)
        return 0

    def _rmdir(self, parts: _Parts) -> None:
        if parts in self._devices:
            raise FsError(Errno.ENOTDIR)
        self._refuse_fixed(parts)
        parent = self._parent(parts)
        node = parent.children.get(parts[-1])
        if node is None:
            raise FsError(Errno.ENOENT)
        if not isinstance(node, _Dir):
            raise FsError(Errno.ENOTDIR)
        if node.children:
            raise FsError(Errno.ENOTEMPTY)
        del parent.children[parts[-1]]
        parent.mtime = self._clock()
        self._release(node)
        self._changed()

    @_syscall
    def sys_unlinkat(self, dirfd: int, path: int, flags: int) -> int:
        """unlinkat(dirfd, path, flags): a file, or an empty directory with AT_REMOVEDIR."""
        parts, slash = self._parts(dirfd, path)
        if flags & AT_REMOVEDIR:
            self._rmdir(parts)
            return 0
        if parts in self._devices:
            raise FsError(Errno.EBUSY)
        mount = self._mount_of(parts)
        if mount is not None:
            raise FsError(Errno.EBUSY if parts == mount.parts else Errno.EROFS)
        if not parts:
            raise FsError(Errno.EISDIR)
        parent = self._parent(parts)
        node = parent.children.get(parts[-1])
        if node is None:
            raise FsError(Errno.ENOENT)
        if isinstance(node, _Dir):
            raise FsError(Errno.EISDIR)
        if slash:
            raise FsError(Errno.ENOTDIR)
        del parent.children[parts[-1]]
        parent.mtime = self._clock()
        self._release(node)
        self._changed()
        return 0

    @_syscall
    def sys_renameat(self, olddirfd: int, oldpath: int, newdirfd: int, newpath: int) -> int:
        """renameat(): POSIX rename within the in-memory tree (replaces files/empty dirs)."""
        old, _ = self._parts(olddirfd, oldpath)
        new, _ = self._parts(newdirfd, newpath)
        self._refuse_fixed(old)
        self._refuse_fixed(new)
        src_parent = self._parent(old)
        node = src_parent.children.get(old[-1])
        if node is None:
            raise FsError(Errno.ENOENT)
        dst_parent = self._parent(new)
        if old == new:
            return 0
        if isinstance(node, _Dir) and new[: len(old)] == old:
            raise FsError(Errno.EINVAL)
        if len(new) > len(old):  # moving deeper: the whole subtree must stay within MAX_DEPTH
            _check_depth(len(new) + _tree_height(node, MAX_DEPTH - len(new)))
        target = dst_parent.children.get(new[-1])
        if target is not None:
            self._check_replace(node, target)
        del src_parent.children[old[-1]]
        if target is not None:
            del dst_parent.children[new[-1]]
            self._release(target)
        dst_parent.children[new[-1]] = node
        src_parent.mtime = dst_parent.mtime = self._clock()
        self._changed()
        return 0

    @staticmethod
    def _check_replace(node: _Node, target: _Node) -> None:
        if isinstance(node, _File) and isinstance(target, _Dir):
            raise FsError(Errno.EISDIR)
        if isinstance(node, _Dir) and isinstance(target, _File):
            raise FsError(Errno.ENOTDIR)
        if isinstance(target, _Dir) and target.children:
            raise FsError(Errno.ENOTEMPTY)

    def _listing(self, parts: _Parts, directory: _Dir) -> tuple[tuple[str, int, int], ...]:
        """Entries of an in-memory directory, with the mount points and devices inside it."""
        entries: dict[str, tuple[str, int, int]] = {
            ".": (".", DT_DIR, directory.ino),
            "..": ("..", DT_DIR, directory.ino),
        }
        for name, child in directory.children.items():
            entries[name] = (name, DT_DIR if isinstance(child, _Dir) else DT_REG, child.ino)
        for fixed, kind in self._fixed_entries():
            if len(fixed) == len(parts) + 1 and fixed[:-1] == parts:
                entries[fixed[-1]] = (fixed[-1], kind, _synthetic_ino(fixed))
        return tuple(entries.values())

    def _fixed_entries(self) -> Iterator[tuple[_Parts, int]]:
        for parts in self._mounts:
            yield parts, DT_DIR
        for parts in self._devices:
            yield parts, DT_CHR

    @_syscall
    def sys_getdents64(self, fd: int, dirp: int, count: int) -> int:
        """getdents64(fd, dirp, count): as many whole `struct dirent` records as fit."""
        of = self._fd(fd)
        if of.listing is None:
            raise FsError(Errno.ENOTDIR)
        out = bytearray()
        while of.pos < len(of.listing):
            name, kind, ino = of.listing[of.pos]
            raw = name.encode("utf-8") + b"\0"
            reclen = (_DIRENT.size + len(raw) + 7) & ~7
            if len(out) + reclen > count:
                if not out:
                    raise FsError(Errno.EINVAL)
                break
            record = _DIRENT.pack(ino, of.pos + 1, reclen, kind) + raw
            out += record.ljust(reclen, b"\0")
            of.pos += 1
        self._mem.write(dirp, out)
        self._changed()
        return len(out)

    # --- open / close -----------------------------------------------------------------------

    def _fd(self, fd: int) -> _Open:
        of = self._fds.get(fd)
        if of is None:
            raise FsError(Errno.EBADF)
        return of

    def _install(self, of: _Open) -> int:
        fd = next((n for n in range(3, 3 + MAX_OPEN_FDS) if n not in self._fds), None)
        if fd is None:
            raise FsError(Errno.EMFILE)
        if isinstance(of.node, _File):
            of.node.nopen += 1
        self._fds[fd] = of
        self._changed()
        return fd

    @_syscall
    def sys_openat(self, dirfd: int, path: int, flags: int, varargs: int) -> int:
        """openat(dirfd, path, flags, mode): returns a new descriptor ≥ 3.

        Opening a directory needs O_DIRECTORY (as `opendir` does) and read-only access; plain
        `open()` of a directory fails with EISDIR, like CPython's.
        """
        parts, slash = self._parts(dirfd, path)
        if parts in self._devices:
            if flags & O_DIRECTORY or slash:
                raise FsError(Errno.ENOTDIR)
            if flags & O_CREAT and flags & O_EXCL:
                raise FsError(Errno.EEXIST)
            return self._install(_Open(parts, flags, device=self._devices[parts]))
        mount = self._mount_of(parts)
        if mount is not None:
            return self._open_mounted(mount, parts, flags | (O_DIRECTORY if slash else 0))
        return self._open_memory(parts, flags, slash)

    def _open_mounted(self, mount: _Mount, parts: _Parts, flags: int) -> int:
        if flags & O_ACCMODE != O_RDONLY or flags & (O_CREAT | O_TRUNC):
            raise FsError(Errno.EROFS)
        rel = parts[len(mount.parts):]
        if sum(1 for of in self._fds.values() if of.host is not None and of.host.is_open) >= MAX_HOST_FILES:
            raise FsError(Errno.EMFILE)
        fd = mount.open_fd(rel)
        try:
            is_dir = host_stat.S_ISDIR(os.fstat(fd).st_mode)
        except OSError as exc:
            os.close(fd)
            raise FsError(_host_errno(exc)) from None
        if is_dir:
            os.close(fd)
            if not flags & O_DIRECTORY:
                raise FsError(Errno.EISDIR)
            return self._install(_Open(parts, flags, listing=mount.listing(rel)))
        if flags & O_DIRECTORY:
            os.close(fd)
            raise FsError(Errno.ENOTDIR)
        host = _HostFile(mount, rel, fd)
        try:
            return self._install(_Open(parts, flags, host=host))
        except FsError:
            host.close()
            raise

    def _open_memory(self, parts: _Parts, flags: int, slash: bool) -> int:
        writable = flags & O_ACCMODE in (O_WRONLY, O_RDWR)
        try:
            node = self._lookup(parts)
        except FsError as exc:
            if exc.errno != Errno.ENOENT or not flags & O_CREAT:
                raise
            node = self._create_file(parts, slash)
        else:
            if flags & O_CREAT and flags & O_EXCL:
                raise FsError(Errno.EEXIST)
        if isinstance(node, _Dir):
            if writable or not flags & O_DIRECTORY:
                raise FsError(Errno.EISDIR)
            return self._install(_Open(parts, flags, node=node, listing=self._listing(parts, node)))
        if flags & O_DIRECTORY or slash:
            raise FsError(Errno.ENOTDIR)
        fd = self._install(_Open(parts, flags, node=node))
        if flags & O_TRUNC and writable and node.data:
            self._used -= len(node.data)
            node.data = b""
            node.mtime = self._clock()
        return fd

    def _create_file(self, parts: _Parts, slash: bool) -> _File:
        if slash:
            raise FsError(Errno.EISDIR)
        if self._is_pinned(parts):
            raise FsError(Errno.EEXIST)
        _check_depth(len(parts))
        parent = self._parent(parts)
        self._charge(ENTRY_BYTES)
        node = _File(self._ino(), self._clock(), ENTRY_BYTES)
        parent.children[parts[-1]] = node
        parent.mtime = node.mtime
        self._changed()
        return node

    @_wasi
    def fd_close(self, fd: int) -> int:
        """close(fd) for descriptors ≥ 3."""
        if fd in (0, 1, 2):
            raise FsError(Errno.EBADF)
        of = self._fds.pop(fd, None)
        if of is None:
            raise FsError(Errno.EBADF)
        if of.host is not None:
            of.host.close()
        if isinstance(of.node, _File):
            of.node.nopen -= 1
            if not of.node.linked and of.node.nopen == 0:
                self._used -= of.node.orphan_bytes
                of.node.orphan_bytes = 0
        self._changed()
        return 0

    @_wasi
    def fd_sync(self, fd: int) -> int:
        """fsync(fd): nothing to flush."""
        if fd in (0, 1, 2):
            raise FsError(Errno.EBADF)
        self._fd(fd)
        return 0

    # --- read / write / seek ----------------------------------------------------------------

    def _guest_fd(self, fd: int) -> _Open:
        if fd in (0, 1, 2):
            raise FsError(Errno.EBADF)
        return self._fd(fd)

    @_wasi
    def fd_read(self, fd: int, iovs: int, iovs_len: int, nread: int) -> int:
        """readv(fd): fills the iovecs in order, writes the byte count to `nread`."""
        of = self._guest_fd(fd)
        vecs = self._iovecs(iovs, iovs_len)
        total = sum(length for _, length in vecs)
        data = self._read_from(of, total)
        mem = self._mem
        offset = 0
        for ptr, length in vecs:
            chunk = data[offset:offset + length]
            mem.write(ptr, chunk)
            offset += len(chunk)
            if offset >= len(data):
                break
        mem.write_u32(nread, len(data))
        return 0

    def _read_from(self, of: _Open, n: int) -> bytes:
        if of.listing is not None:
            raise FsError(Errno.EISDIR)
        if not of.readable:
            raise FsError(Errno.EBADF)
        if of.device is not None:
            return bytes(of.device.read(n))[:n]
        if of.host is not None:
            data = of.host.pread(n, of.pos)
        else:
            assert isinstance(of.node, _File)
            data = bytes(of.node.data[of.pos:of.pos + n])
        of.pos += len(data)
        self._changed()
        return data

    @_wasi
    def fd_write(self, fd: int, iovs: int, iovs_len: int, nwritten: int) -> int:
        """writev(fd): all iovecs or nothing (ENOSPC beyond the quota); count to `nwritten`."""
        of = self._guest_fd(fd)
        mem = self._mem
        data = b"".join(mem.read(ptr, length) for ptr, length in self._iovecs(iovs, iovs_len))
        count = self._write_to(of, data)
        mem.write_u32(nwritten, count)
        return 0

    def _write_to(self, of: _Open, data: bytes) -> int:
        if of.listing is not None or not of.writable:
            raise FsError(Errno.EBADF)
        if of.device is not None:
            count = of.device.write(data)
            return max(0, min(int(count), len(data)))
        node = of.node
        assert isinstance(node, _File)
        if not data:
            return 0
        start = len(node.data) if of.flags & O_APPEND else of.pos
        end = start + len(data)
        growth = max(0, end - len(node.data))
        self._charge(growth)
        if not node.linked:
            node.orphan_bytes += growth
        buf = node.data if isinstance(node.data, bytearray) else bytearray(node.data)
        if start > len(buf):
            buf.extend(bytes(start - len(buf)))
        buf[start:end] = data
        node.data = buf
        node.mtime = self._clock()
        of.pos = end
        self._changed()
        return len(data)

    @_wasi
    def fd_seek(self, fd: int, offset: int, whence: int, newoffset: int) -> int:
        """lseek(fd, offset, whence): writes the new position (u64) to `newoffset`."""
        of = self._guest_fd(fd)
        if of.device is not None:
            raise FsError(Errno.ESPIPE)
        if whence == SEEK_SET:
            pos = offset
        elif whence == SEEK_CUR:
            pos = of.pos + offset
        elif whence == SEEK_END:
            pos = self._size_of(of) + offset
        else:
            raise FsError(Errno.EINVAL)
        if pos < 0 or pos >= 1 << 63:
            raise FsError(Errno.EINVAL)
        of.pos = pos
        self._mem.write(newoffset, struct.pack("<Q", pos))
        self._changed()
        return 0

    def _size_of(self, of: _Open) -> int:
        if of.listing is not None:
            return len(of.listing)
        if of.host is not None:
            return of.host.fstat().st_size
        assert isinstance(of.node, _File)
        return len(of.node.data)

    # --- poll -------------------------------------------------------------------------------

    @_syscall
    def sys_poll(self, fds: int, nfds: int, timeout: int) -> int:
        """poll(fds, nfds, timeout): files and devices are always ready; never blocks."""
        return self._poll(fds, nfds)

    @_syscall
    def sys_poll_nonblocking(self, fds: int, nfds: int) -> int:
        """Non-blocking poll(fds, nfds)."""
        return self._poll(fds, nfds)

    def _poll(self, fds: int, nfds: int) -> int:
        if nfds < 0 or nfds > MAX_OPEN_FDS + 3:
            raise FsError(Errno.EINVAL)
        mem = self._mem
        ready = 0
        for k in range(nfds):
            ptr = fds + k * _POLLFD.size
            fd, events, _ = _POLLFD.unpack(mem.read(ptr, _POLLFD.size))
            if fd < 0:
                revents = 0
            elif fd in (0, 1, 2) or fd in self._fds:
                revents = events & (POLLIN | POLLOUT)
            else:
                revents = POLLNVAL
            mem.write(ptr, _POLLFD.pack(fd, events, revents))
            ready += revents != 0
        return ready
