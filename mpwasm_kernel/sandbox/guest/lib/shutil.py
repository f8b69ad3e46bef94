# Guest library: shutil's file operations on the sandbox's file system, with CPython's API and
# return values. Metadata (permissions, times) is not copied: copy2 and copystat copy data only
# (the sandbox's files carry no metadata a course could see). `which` finds nothing (no
# programs), `disk_usage` reports the sandbox's file system as os.statvfs does.
import os

__all__ = ["copyfileobj", "copyfile", "copy", "copy2", "copymode", "copystat", "copytree", "rmtree", "move",
           "which", "disk_usage", "get_terminal_size", "Error", "SameFileError"]


class Error(OSError):
    pass


class SameFileError(Error):
    pass


def copyfileobj(fsrc, fdst, length=0):
    """Copy the data of file object fsrc to file object fdst, in chunks of `length` (64 KiB)."""
    size = length if length and length > 0 else 65536
    while True:
        buf = fsrc.read(size)
        if not buf:
            return
        fdst.write(buf)


def _same(src, dst):
    return os.path.abspath(src) == os.path.abspath(dst)


def copyfile(src, dst, *, follow_symlinks=True):
    """Copy the content of file src to file dst (created or replaced); return dst."""
    src, dst = os.fspath(src), os.fspath(dst)
    if _same(src, dst):
        raise SameFileError("{!r} and {!r} are the same file".format(src, dst))
    with open(src, "rb") as fsrc:
        with open(dst, "wb") as fdst:
            copyfileobj(fsrc, fdst)
    return dst


def copymode(src, dst, *, follow_symlinks=True):
    os.stat(src)  # CPython's error for a missing source


def copystat(src, dst, *, follow_symlinks=True):
    os.stat(src)


def copy(src, dst, *, follow_symlinks=True):
    """Copy file src to dst (a file, or a directory to copy it into); return the new file's path."""
    src, dst = os.fspath(src), os.fspath(dst)
    if os.path.isdir(dst):
        dst = os.path.join(dst, os.path.basename(src))
    return copyfile(src, dst)


copy2 = copy


def copytree(src, dst, symlinks=False, ignore=None, copy_function=copy2, ignore_dangling_symlinks=False,
             dirs_exist_ok=False):
    """Copy the directory tree src to dst (which must not exist unless dirs_exist_ok); return dst."""
    src, dst = os.fspath(src), os.fspath(dst)
    names = os.listdir(src)
    ignored = ignore(src, names) if ignore is not None else ()
    os.makedirs(dst, exist_ok=dirs_exist_ok)
    for name in names:
        if name in ignored:
            continue
        s, d = os.path.join(src, name), os.path.join(dst, name)
        if os.path.isdir(s):
            copytree(s, d, symlinks, ignore, copy_function, ignore_dangling_symlinks, dirs_exist_ok)
        else:
            copy_function(s, d)
    return dst


def rmtree(path, ignore_errors=False, onerror=None):
    """Delete the directory tree at path."""
    path = os.fspath(path)
    try:
        names = os.listdir(path)
    except OSError as exc:
        if ignore_errors:
            return
        if onerror is not None:
            onerror(os.listdir, path, exc)
            return
        raise
    for name in names:
        full = os.path.join(path, name)
        try:
            if os.path.isdir(full):
                rmtree(full, ignore_errors, onerror)
            else:
                os.remove(full)
        except OSError as exc:
            if not ignore_errors:
                if onerror is None:
                    raise
                onerror(os.remove, full, exc)
    try:
        os.rmdir(path)
    except OSError as exc:
        if not ignore_errors:
            if onerror is None:
                raise
            onerror(os.rmdir, path, exc)


def move(src, dst, copy_function=copy2):
    """Move file or directory src to dst (into dst when it is a directory); return the new path."""
    src, dst = os.fspath(src), os.fspath(dst)
    real_dst = dst
    if os.path.isdir(dst):
        if _same(src, dst):
            os.rename(src, dst)
            return real_dst
        real_dst = os.path.join(dst, os.path.basename(src.rstrip("/")))
        if os.path.exists(real_dst):
            raise Error("Destination path '%s' already exists" % real_dst)
    os.rename(src, real_dst)
    return real_dst


def which(cmd, mode=None, path=None):
    """None: the sandbox runs no programs."""
    return None


def disk_usage(path):
    """(total, used, free) in bytes of the file system holding path."""
    from collections import namedtuple

    st = os.statvfs(path)
    total, free = st[2] * st[1], st[3] * st[1]
    return namedtuple("usage", "total used free")(total, total - free, free)


def get_terminal_size(fallback=(80, 24)):
    return os.get_terminal_size()
