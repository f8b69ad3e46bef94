"""Read-only host mounts: host directories walked one component at a time with `O_NOFOLLOW`,
so nothing outside a mounted directory is reachable."""

from __future__ import annotations

import dataclasses
import errno as host_errno
import os
import stat as host_stat
import zlib

from .abi import DT_DIR, DT_REG, Errno, FsError
from .tree import _Parts


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
