"""The file syscalls the guest makes, one handler each (paths, directories, open/close, read/write/seek, poll)."""

from __future__ import annotations

import os
import stat as host_stat
import struct
from collections.abc import Iterator

from .abi import (
    _DIRENT,
    _POLLFD,
    _STATFS,
    AT_EMPTY_PATH,
    AT_FDCWD,
    AT_REMOVEDIR,
    BLOCK_SIZE,
    DT_CHR,
    DT_DIR,
    DT_REG,
    MAX_HOST_FILES,
    MAX_OPEN_FDS,
    NAME_MAX,
    O_ACCMODE,
    O_APPEND,
    O_CREAT,
    O_DIRECTORY,
    O_EXCL,
    O_RDONLY,
    O_RDWR,
    O_TRUNC,
    O_WRONLY,
    POLLIN,
    POLLNVAL,
    POLLOUT,
    SEEK_CUR,
    SEEK_END,
    SEEK_SET,
    ST_RDONLY,
    Errno,
    FsError,
    _syscall,
    _wasi,
)
from .descriptors import _Open
from .mounts import _host_errno, _HostFile, _Mount, _synthetic_ino
from .sources import MAX_SOURCE_BYTES, SourceReader, filtered
from .tree import MAX_DEPTH, _check_depth, _Dir, _File, _Node, _Parts, _tree_height


class FileSyscalls:
    """The `env.__syscall_*` and WASI `fd_*` handlers, mixed into `FileSystem`.

    They rely on its tree, mount and descriptor helpers (`_lookup`, `_parts`, `_fd`, ...).
    """

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
        charge = self._charge_entry(parts[-1])
        parent.children[parts[-1]] = self._new_dir(charge=charge)
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
        if new[-1] != old[-1]:
            self._recharge_entry(node, new[-1])
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
        marks = getattr(self, "_import_marks", None)
        if marks is not None and marks.pending and flags & O_ACCMODE == O_RDONLY and not flags & O_DIRECTORY \
                and not slash and marks.take(parts):
            return self._open_filtered(parts, flags)
        mount = self._mount_of(parts)
        if mount is not None:
            return self._open_mounted(mount, parts, flags | (O_DIRECTORY if slash else 0))
        return self._open_memory(parts, flags, slash)

    def _open_filtered(self, parts: _Parts, flags: int) -> int:
        """The importer's open of a marked `.py` file: its filtered source, served from memory."""
        mount = self._mount_of(parts)
        if mount is not None:
            fd = self._open_mounted(mount, parts, flags)
            of = self._fds[fd]
            data = of.host.pread(MAX_SOURCE_BYTES + 1, 0) if of.host is not None else b""
        else:
            fd = self._open_memory(parts, flags, False)
            of = self._fds[fd]
            data = bytes(of.node.data) if isinstance(of.node, _File) else b""
        if self._source_filter is not None and len(data) <= MAX_SOURCE_BYTES:
            self._fds[fd] = _Open(parts, flags, device=SourceReader(filtered(data, self._source_filter)))
            self._drop_open(of)
        return fd

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
        charge = self._charge_entry(parts[-1])
        node = _File(self._ino(), self._clock(), charge)
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
        self._drop_open(of)
        return 0

    def _drop_open(self, of: _Open) -> None:
        """Release what an open file description holds (host file, open count of a node)."""
        if of.host is not None:
            of.host.close()
        if isinstance(of.node, _File):
            of.node.nopen -= 1
            if not of.node.linked and of.node.nopen == 0:
                self._used -= of.node.orphan_bytes
                of.node.orphan_bytes = 0
        self._changed()

    @_wasi
    def fd_sync(self, fd: int) -> int:
        """fsync(fd): nothing to flush (also for the standard streams: `sys.stdout.flush()`)."""
        if fd in (0, 1, 2):
            return 0
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
        data = mem.gather(self._iovecs(iovs, iovs_len))
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
