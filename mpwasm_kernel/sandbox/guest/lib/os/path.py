# Guest library: os.path (posixpath) for the sandbox's file system.
import _mpk_lib as _lib

sep = "/"
curdir = "."
pardir = ".."
extsep = "."
altsep = None
pathsep = ":"
devnull = "/dev/null"


def _os():
    import os

    return os


def _fs(p):
    """The path of a path-like (pathlib.Path: CPython's os.fspath), else `p` itself."""
    return p if type(p) is str else p.__fspath__() if hasattr(p, "__fspath__") else p


def _stat(p):
    p = _fs(p)
    try:
        return _os().stat(p)
    except OSError:
        return None


def exists(p):
    return _stat(p) is not None


lexists = exists


def isdir(p):
    st = _stat(p)
    return st is not None and st[0] & 0o170000 == 0o040000


def isfile(p):
    st = _stat(p)
    return st is not None and st[0] & 0o170000 == 0o100000


def islink(p):
    return False


def ismount(p):
    return p == "/"


def getsize(p):
    p = _fs(p)
    return _os().stat(p)[6]


def getmtime(p):
    p = _fs(p)
    return float(_os().stat(p)[8])


def getatime(p):
    p = _fs(p)
    return float(_os().stat(p)[7])


def getctime(p):
    p = _fs(p)
    return float(_os().stat(p)[9])


def isabs(p):
    p = _fs(p)
    return p.startswith("/")


def join(a, *p):
    path = _fs(a)
    for b in p:
        b = _fs(b)
        if b.startswith("/"):
            path = b
        elif not path or path.endswith("/"):
            path += b
        else:
            path += "/" + b
    return path


def split(p):
    p = _fs(p)
    i = p.rfind("/") + 1
    head, tail = p[:i], p[i:]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head, tail


def basename(p):
    p = _fs(p)
    return p[p.rfind("/") + 1:]


def dirname(p):
    return split(p)[0]


def splitext(p):
    p = _fs(p)
    sep_index = p.rfind("/")
    dot_index = p.rfind(".")
    if dot_index > sep_index:
        filename_index = sep_index + 1
        while filename_index < dot_index:
            if p[filename_index] != ".":
                return p[:dot_index], p[dot_index:]
            filename_index += 1
    return p, ""


def splitdrive(p):
    return "", p


def normpath(path):
    path = _fs(path)
    if not path:
        return "."
    initial = 1 if path.startswith("/") else 0
    if initial and path.startswith("//") and not path.startswith("///"):
        initial = 2
    comps = path.split("/")
    new = []
    for comp in comps:
        if comp in ("", "."):
            continue
        if comp != ".." or (not initial and not new) or (new and new[-1] == ".."):
            new.append(comp)
        elif new:
            new.pop()
    path = "/".join(new)
    if initial:
        path = "/" * initial + path
    return path or "."


def abspath(p):
    p = _fs(p)
    if not isabs(p):
        p = join(_os().getcwd(), p)
    return normpath(p)


realpath = abspath


def relpath(path, start=None):
    if not path:
        raise ValueError("no path specified")
    start = abspath(start or curdir)
    path = abspath(path)
    start_list = [x for x in start.split("/") if x]
    path_list = [x for x in path.split("/") if x]
    i = 0
    while i < min(len(start_list), len(path_list)) and start_list[i] == path_list[i]:
        i += 1
    rel = [pardir] * (len(start_list) - i) + path_list[i:]
    return join(*rel) if rel else curdir


def commonprefix(m):
    if not m:
        return ""
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def commonpath(paths):
    if not paths:
        raise ValueError("commonpath() arg is an empty sequence")
    split_paths = [[c for c in p.split("/") if c and c != "."] for p in paths]
    prefix = "/" if paths[0].startswith("/") else ""
    common = split_paths[0]
    for parts in split_paths[1:]:
        i = 0
        while i < min(len(common), len(parts)) and common[i] == parts[i]:
            i += 1
        common = common[:i]
    return prefix + "/".join(common)


def expanduser(p):
    p = _fs(p)
    if p.startswith("~"):
        return "/" + p[1:].lstrip("/") if p[1:2] in ("", "/") else p
    return p


def expandvars(p):
    return p


def normcase(p):
    return p


def samefile(a, b):
    return abspath(a) == abspath(b)


__getattr__ = _lib.missing("os.path")
