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

Quota: `bytes_used` is the total size of the guest's files plus `ENTRY_BYTES` and the name's
UTF-8 bytes for every file or directory the guest created (so that empty files and long names
cannot exhaust host memory); at most `MAX_ENTRIES` entries exist at once. A write that
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
import math
import os
import stat as host_stat
import time
from collections.abc import Callable, Mapping

from ..wasm.memory import GuestMemory, GuestMemoryFault
from .abi import (
    _IOVEC,
    _STAT,
    AT_FDCWD,
    BLOCK_SIZE,
    IOV_MAX,
    PATH_MAX,
    S_IFCHR,
    S_IFDIR,
    S_IFREG,
    Device,
    Errno,
    FsError,
)
from .descriptors import _Open
from .mounts import _Mount, _synthetic_ino
from .snapshots import _freeze, _freeze_file, _Snapshot, _thaw
from .sources import ImportMarks
from .syscalls import FileSyscalls
from .tree import MAX_ENTRIES, _Dir, _File, _Node, _normalize, _Parts, _tree_count, _tree_usage, entry_charge

U32_MAX = (1 << 32) - 1


def _clamp(value: int, low: int, high: int) -> int:
    return low if value < low else high if value > high else value


_resolved: dict[bytes, bytes] = {}  # host path -> its realpath (checked on every use, see below)
MAX_RESOLVED = 256


def _resolve_directory(host: bytes) -> bytes | None:
    """`os.path.realpath(host)` when that is a directory, else None.

    Every sandbox mounts the guest library: its `realpath` (an lstat per path component) was a
    sixth of a sandbox's creation. A path resolved before is reused only while `host` and the
    remembered root are still the same directory (device and inode of `stat`, which follows
    symlinks): a symlink on the way changed to another directory resolves again.
    """
    root = _resolved.get(host)
    if root is not None:
        try:
            here, there = os.stat(host), os.stat(root)
        except OSError:
            here = there = None
        if here is not None and host_stat.S_ISDIR(here.st_mode) and (here.st_dev, here.st_ino) == (there.st_dev,
                                                                                               there.st_ino):
            return root
    root = os.path.realpath(host)
    if not os.path.isdir(root):
        return None
    if len(_resolved) >= MAX_RESOLVED:
        _resolved.clear()
    _resolved[host] = root
    return root


class FileSystem(FileSyscalls):
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
        #: mtime every mounted file and directory shows (deterministic mode); None: the host's.
        self.mount_mtime: float | None = None
        self._memory: GuestMemory | None = None
        self._devices: dict[_Parts, Device] = {}
        self._import_marks: ImportMarks | None = None
        self._source_filter: Callable[[str], str] | None = None
        self._mounts: dict[_Parts, _Mount] = {}
        for guest, host in (mounts or {}).items():
            self._add_mount(guest, host)
        self._next_ino = 1
        self._root = self._new_dir(charge=0)
        self._fds: dict[int, _Open] = {}
        self._cwd: _Parts = ()
        self._used = 0
        self._entries = 0
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
        root = _resolve_directory(os.fsencode(host))
        if root is None:
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

    def set_source_filter(self, source_filter: Callable[[str], str], device: str = "/dev/mpk-import") -> None:
        """Serve `.py` files the guest imports through `source_filter` (see `sources.py`)."""
        self._import_marks = ImportMarks()
        self._source_filter = source_filter
        self.add_device(device, self._import_marks)

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
        """Quota bytes in use: file sizes plus `entry_charge(name)` per guest-created entry."""
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
            entries=self._entries,
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
        self._entries = snap.entries
        self._version += 1
        self._cached = (self._version, snap)

    def clear(self) -> None:
        """Drop all files, directories and descriptors; keep mounts, devices and the quota."""
        self._close_host_files()
        self._fds = {}
        self._root = self._new_dir(charge=0)
        self._cwd = ()
        self._used = 0
        self._entries = 0
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

    def _charge_entry(self, name: str) -> int:
        """Reserve quota and an entry slot for a new entry called `name`; return its charge.
        ENOSPC when the quota or `MAX_ENTRIES` would be exceeded."""
        if self._entries >= MAX_ENTRIES:
            raise FsError(Errno.ENOSPC)
        charge = entry_charge(name)
        self._charge(charge)
        self._entries += 1
        return charge

    def _recharge_entry(self, node: _Node, name: str) -> None:
        """A rename: the entry's charge follows its new name (ENOSPC if that does not fit)."""
        charge = entry_charge(name)
        self._charge(charge - node.charge)
        if charge < node.charge:
            self._used -= node.charge - charge
        node.charge = charge

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
            self._entries -= 1 if node.charge else 0
        else:
            self._used -= node.charge + _tree_usage(node)
            self._entries -= (1 if node.charge else 0) + _tree_count(node)

    # --- guest memory helpers ---------------------------------------------------------------

    @property
    def _mem(self) -> GuestMemory:
        if self._memory is None:
            raise RuntimeError("FileSystem.bind() was not called")
        return self._memory

    def _read_path(self, ptr: int) -> str:
        """The NUL-terminated guest path at `ptr`, strictly UTF-8 (EINVAL otherwise)."""
        raw = self._mem.read_upto(ptr, PATH_MAX + 1)
        end = raw.find(b"\0")
        if end < 0:
            if len(raw) > PATH_MAX:
                raise FsError(Errno.ENAMETOOLONG)
            raise GuestMemoryFault(f"unterminated path at {ptr}")
        if end == 0:
            raise FsError(Errno.ENOENT)
        try:
            return raw[:end].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise FsError(Errno.EINVAL) from None

    def _iovecs(self, iovs: int, count: int) -> list[tuple[int, int]]:
        """The guest's iovec array, each range checked against memory.

        At most `IOV_MAX` entries, and together at most the size of linear memory: the ranges
        may overlap, so without the total cap 1024 views of one large buffer would make the host
        copy 1024 times the guest's memory (EINVAL, as POSIX does for an oversized total)."""
        if count < 0 or count > IOV_MAX:
            raise FsError(Errno.EINVAL)
        mem = self._mem
        if count == 1:  # a plain read() or write(): the range alone is checked (its length is the total)
            ptr, length = _IOVEC.unpack(mem.read(iovs, _IOVEC.size))
            if not mem.within(ptr + length):
                raise GuestMemoryFault(f"iovec [{ptr}, {ptr + length}) outside memory")
            return [(ptr, length)]
        raw = mem.read(iovs, _IOVEC.size * count)
        vecs = list(_IOVEC.iter_unpack(raw))
        total = 0
        for ptr, length in vecs:
            if not mem.within(ptr + length):
                raise GuestMemoryFault(f"iovec [{ptr}, {ptr + length}) outside memory")
            total += length
        if not mem.within(total):
            raise FsError(Errno.EINVAL)
        return vecs

    def iovecs(self, iovs: int, count: int) -> list[tuple[int, int]] | None:
        """`_iovecs` for other host functions (the console streams): None instead of EINVAL."""
        try:
            return self._iovecs(iovs, count)
        except FsError:
            return None

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
        """Pack a wasm32 `struct stat`; every field is clamped to its C type, so host values that
        do not fit (a sparse 1 TiB file's 32-bit `st_blocks`, a far-future mtime) saturate
        instead of raising in the host."""
        mtime = mtime if math.isfinite(mtime) else 0.0
        sec = _clamp(int(mtime), -(1 << 63), (1 << 63) - 1)
        nsec = min(max(int((mtime - int(mtime)) * 1e9), 0), 999_999_999)
        size = _clamp(size, 0, (1 << 63) - 1)
        blocks = _clamp((size + 511) // 512, 0, (1 << 31) - 1)
        return _STAT.pack(_clamp(dev, 0, U32_MAX), mode, _clamp(nlink, 0, U32_MAX), 0, 0, 0, size, BLOCK_SIZE,
                          blocks, sec, nsec, sec, nsec, sec, nsec, _clamp(ino, 0, (1 << 64) - 1))

    def _pack_node_stat(self, node: _Node) -> bytes:
        if isinstance(node, _File):
            return self._pack_stat(1, S_IFREG | 0o644, 1, len(node.data), node.mtime, node.ino)
        return self._pack_stat(1, S_IFDIR | 0o755, 2, BLOCK_SIZE, node.mtime, node.ino)

    def _pack_host_stat(self, st: os.stat_result, mount: _Mount, ino: int) -> bytes:
        mtime = st.st_mtime if self.mount_mtime is None else self.mount_mtime
        if host_stat.S_ISDIR(st.st_mode):
            return self._pack_stat(mount.dev, S_IFDIR | 0o555, 2, BLOCK_SIZE, mtime, ino)
        return self._pack_stat(mount.dev, S_IFREG | 0o444, 1, st.st_size, mtime, ino)

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
