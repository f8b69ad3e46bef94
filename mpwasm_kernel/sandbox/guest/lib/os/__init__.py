# Guest library: os for the sandbox's private file system = MicroPython's os plus CPython's
# walk, makedirs, scandir, environ, getenv, os.path helpers. Processes, users and signals do
# not exist in the sandbox: those names raise saying so.
import _mpk_lib as _lib

_os = _lib.frozen("os")
_lib.export(globals(), _os, skip=("path",))
import os.path as path  # noqa: E402

name = "posix"
sep = "/"
altsep = None
extsep = "."
pathsep = ":"
linesep = "\n"
curdir = "."
pardir = ".."
devnull = "/dev/null"
error = OSError


_ERRORS = {2: "No such file or directory", 17: "File exists", 21: "Is a directory", 20: "Not a directory",
           13: "Permission denied"}


def _named_error(exc, filename):
    # MicroPython raises OSError(errno) without the path; CPython raises the errno's subclass
    # with the path: FileNotFoundError: [Errno 2] No such file or directory: 'photos'
    text = _ERRORS.get(exc.errno) if type(exc) is OSError and len(exc.args) == 1 else None
    if text is None or type(filename) is not str:
        return exc
    classes = {2: FileNotFoundError, 17: FileExistsError, 21: IsADirectoryError, 20: NotADirectoryError,
               13: PermissionError}  # (the guest's builtins: found when called, not at import)
    new = classes[exc.errno](exc.errno, text)
    new.filename = filename
    return new


def listdir(path="."):
    path = fspath(path)
    try:
        return _os.listdir(path)
    except OSError as exc:
        raise _named_error(exc, path)  # noqa: B904 - MicroPython ignores "from"


def _paths(func, named=True):
    # MicroPython's os functions take str paths only; CPython's take path-likes (pathlib.Path)
    def call(*args):
        args = [fspath(a) if type(a) is not str and hasattr(a, "__fspath__") else a for a in args]
        try:
            return func(*args)
        except OSError as exc:
            raise _named_error(exc, args[0]) if named and args else exc  # noqa: B904

    return call


for _name in ("stat", "mkdir", "rmdir", "remove", "unlink", "rename", "chdir", "statvfs"):
    if hasattr(_os, _name):
        globals()[_name] = _paths(getattr(_os, _name), _name != "rename")


def makedirs(name, mode=0o777, exist_ok=False):
    name = fspath(name)
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    if head and tail and not path.exists(head):
        try:
            makedirs(head, exist_ok=exist_ok)
        except OSError:
            pass
    try:
        _os.mkdir(name)
    except OSError as exc:
        if not exist_ok or not path.isdir(name):
            raise _named_error(exc, name)  # noqa: B904 - MicroPython ignores "from"


def removedirs(name):
    name = fspath(name)
    _os.rmdir(name)
    head, tail = path.split(name)
    while head and tail:
        try:
            _os.rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)


def replace(src, dst):
    src, dst = fspath(src), fspath(dst)
    if path.exists(dst) and not path.isdir(dst):
        _os.remove(dst)
    _os.rename(src, dst)


def walk(top, topdown=True, onerror=None, followlinks=False):
    stack = [fspath(top)]
    results = []
    while stack:
        current = stack.pop()
        try:
            entries = _os.listdir(current)
        except OSError as err:
            if onerror is not None:
                onerror(err)
            continue
        dirs = []
        files = []
        for entry in sorted(entries):
            if path.isdir(path.join(current, entry)):
                dirs.append(entry)
            else:
                files.append(entry)
        if topdown:
            yield current, dirs, files
            for d in reversed(dirs):
                stack.append(path.join(current, d))
        else:
            results.append((current, dirs, files))
            for d in reversed(dirs):
                stack.append(path.join(current, d))
    if not topdown:
        for item in reversed(results):
            yield item


class DirEntry:
    def __init__(self, directory, name):
        self.name = name
        self.path = path.join(directory, name)

    def is_dir(self, *, follow_symlinks=True):
        return path.isdir(self.path)

    def is_file(self, *, follow_symlinks=True):
        return path.isfile(self.path)

    def is_symlink(self):
        return False

    def stat(self, *, follow_symlinks=True):
        return _os.stat(self.path)

    def __repr__(self):
        return "<DirEntry %r>" % self.name


class _ScandirIterator:
    def __init__(self, directory):
        self._entries = [DirEntry(directory, n) for n in _os.listdir(directory)]

    def __iter__(self):
        return iter(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def scandir(path=".", **_):
    return _ScandirIterator(fspath(path))


def urandom(n):
    import random

    return bytes(random.SystemRandom().getrandbits(8) for _ in range(n))


def cpu_count():
    return 1


def get_terminal_size(fd=1):
    raise OSError("the sandbox has no terminal")


def fspath(p):
    if isinstance(p, (str, bytes)):
        return p
    return p.__fspath__()


def fsencode(p):
    p = fspath(p)
    return p.encode() if isinstance(p, str) else p


def fsdecode(p):
    p = fspath(p)
    return p.decode() if isinstance(p, bytes) else p


# The sandbox has no host environment, processes, users or signals (see SECURITY.md).
__getattr__ = _lib.missing("os", (
    "environ", "getenv", "putenv", "unsetenv", "environb", "system", "popen", "fork", "kill", "execv", "execve",
    "execl", "execlp", "execvp", "spawnl", "spawnv", "waitpid", "startfile", "getuid", "getlogin", "chmod", "chown",
    "symlink", "link", "readlink", "pipe", "nice", "times", "uname", "getpid", "getppid", "killpg", "abort", "_exit"))
