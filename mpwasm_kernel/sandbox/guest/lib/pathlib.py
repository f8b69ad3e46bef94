# Guest library: pathlib for the sandbox's private file system (POSIX paths only).
# PurePath/PurePosixPath compute on the text; Path/PosixPath add the file-system calls through
# the guest's os. Windows flavours do not exist (the sandbox is POSIX): PureWindowsPath and
# WindowsPath raise saying so.
import os

import _mpk_lib as _lib


def _split(text):
    """(root, parts) of one path string as CPython's posix flavour parses it."""
    root = ""
    if text[:1] == "/":
        root = "//" if text[:2] == "//" and text[2:3] != "/" else "/"
    return root, [p for p in text.split("/") if p and p != "."]


def _match_name(name, pat):
    """fnmatch of one path component: *, ?, [seq] and [!seq]."""
    ni = pi = 0
    star_p = star_n = -1
    while ni < len(name):
        if pi < len(pat):
            c = pat[pi]
            if c == "*":
                star_p, star_n = pi, ni
                pi += 1
                continue
            if c == "[":
                end = pat.find("]", pi + 2)
                if end > 0:
                    seq = pat[pi + 1:end]
                    neg = seq[:1] == "!"
                    if neg:
                        seq = seq[1:]
                    hit, k = False, 0
                    while k < len(seq):
                        if k + 2 < len(seq) and seq[k + 1] == "-":
                            hit = hit or seq[k] <= name[ni] <= seq[k + 2]
                            k += 3
                        else:
                            hit = hit or seq[k] == name[ni]
                            k += 1
                    if hit != neg:
                        ni += 1
                        pi = end + 1
                        continue
                elif name[ni] == "[":
                    ni += 1
                    pi += 1
                    continue
            elif c == "?" or c == name[ni]:
                ni += 1
                pi += 1
                continue
        if star_p < 0:
            return False
        star_n += 1
        ni, pi = star_n, star_p + 1
    while pi < len(pat) and pat[pi] == "*":
        pi += 1
    return pi == len(pat)


class PurePath:
    """A POSIX path computed on its text (no file-system access)."""

    def __new__(cls, *args):
        if cls is PurePath:
            cls = PurePosixPath
        elif cls is Path:
            cls = PosixPath
        self = object.__new__(cls)
        self._init(args)
        return self

    def _init(self, args):
        root, parts = "", []
        for a in args:
            if isinstance(a, PurePath):
                a_root, a_parts = a._root, a._parts
            else:
                a = os.fspath(a)
                if not isinstance(a, str):
                    raise TypeError("argument should be a str or an os.PathLike object where __fspath__ "
                                    "returns a str, not %r" % type(a).__name__)
                a_root, a_parts = _split(a)
            if a_root:
                root, parts = a_root, list(a_parts)
            else:
                parts.extend(a_parts)
        self._root = root
        self._parts = parts

    def _make(self, root, parts):
        p = object.__new__(type(self))
        p._root = root
        p._parts = list(parts)
        return p

    def __str__(self):
        return (self._root + "/".join(self._parts)) or "."

    def __fspath__(self):
        return str(self)

    def as_posix(self):
        return str(self)

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, str(self))

    def __bytes__(self):
        return str(self).encode()

    def as_uri(self):
        if not self._root:
            raise ValueError("relative path can't be expressed as a file URI")
        return "file://" + str(self)

    def _key(self):
        return (self._root, self._parts)

    def __eq__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(str(self))

    def _cmp(self, other, op):
        if not isinstance(other, PurePath):
            raise TypeError("'%s' not supported between instances of '%s' and '%s'"
                            % (op, type(self).__name__, type(other).__name__))
        return (self._root, self._parts), (other._root, other._parts)

    def __lt__(self, other):
        a, b = self._cmp(other, "<")
        return a < b

    def __le__(self, other):
        a, b = self._cmp(other, "<=")
        return a <= b

    def __gt__(self, other):
        a, b = self._cmp(other, ">")
        return a > b

    def __ge__(self, other):
        a, b = self._cmp(other, ">=")
        return a >= b

    def __truediv__(self, key):
        try:
            return self.joinpath(key)
        except TypeError:
            return NotImplemented

    def __rtruediv__(self, key):
        try:
            return type(self)(key, self)
        except TypeError:
            return NotImplemented

    def joinpath(self, *args):
        return type(self)(self, *args)

    @property
    def drive(self):
        return ""

    @property
    def root(self):
        return self._root

    @property
    def anchor(self):
        return self._root

    @property
    def parts(self):
        return tuple(([self._root] if self._root else []) + self._parts)

    @property
    def name(self):
        return self._parts[-1] if self._parts else ""

    @property
    def suffix(self):
        name = self.name
        i = name.rfind(".")
        return name[i:] if 0 < i < len(name) - 1 else ""

    @property
    def suffixes(self):
        name = self.name
        if name.endswith("."):
            return []
        name = name.lstrip(".")
        return ["." + s for s in name.split(".")[1:]]

    @property
    def stem(self):
        name = self.name
        i = name.rfind(".")
        return name[:i] if 0 < i < len(name) - 1 else name

    @property
    def parent(self):
        if not self._parts:
            return self
        return self._make(self._root, self._parts[:-1])

    @property
    def parents(self):
        out, p = [], self
        while p._parts:
            p = p.parent
            out.append(p)
        return tuple(out)

    def with_name(self, name):
        if not self.name:
            raise ValueError("%r has an empty name" % (self,))
        if not name or "/" in name or name == ".":
            raise ValueError("Invalid name %r" % (name,))
        return self._make(self._root, self._parts[:-1] + [name])

    def with_stem(self, stem):
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        if "/" in suffix or suffix and (suffix[0] != "." or suffix == "."):
            raise ValueError("Invalid suffix %r" % (suffix,))
        if not self.name:
            raise ValueError("%r has an empty name" % (self,))
        return self.with_name(self.stem + suffix)

    def relative_to(self, *other):
        base = type(self)(*other)
        n = len(base._parts)
        if base._root != self._root or self._parts[:n] != base._parts:
            raise ValueError("%r is not in the subpath of %r OR one path is relative and the other is "
                             "absolute." % (str(self), str(base)))
        return self._make("", self._parts[n:])

    def is_relative_to(self, *other):
        try:
            self.relative_to(*other)
            return True
        except ValueError:
            return False

    def is_absolute(self):
        return bool(self._root)

    def is_reserved(self):
        return False

    def match(self, pattern):
        root, pat = _split(pattern)
        if not pat:
            raise ValueError("empty pattern")
        if root and (root != self._root or len(pat) != len(self._parts)):
            return False
        if len(pat) > len(self._parts):
            return False
        return all(_match_name(n, p) for n, p in zip(self._parts[-len(pat):], pat))


class PurePosixPath(PurePath):
    pass


class Path(PurePath):
    """A POSIX path with the file-system operations of the sandbox's private file system."""

    @classmethod
    def cwd(cls):
        return cls(os.getcwd())

    @classmethod
    def home(cls):
        return cls(os.path.expanduser("~"))

    def absolute(self):
        return self if self._root else type(self)(os.getcwd(), self)

    def resolve(self, strict=False):
        p = type(self)(os.path.normpath(str(self.absolute())))
        if strict:
            p.stat()
        return p

    def expanduser(self):
        return type(self)(os.path.expanduser(str(self)))

    def stat(self, follow_symlinks=True):
        return os.stat(str(self))

    def exists(self, follow_symlinks=True):
        return os.path.exists(str(self))

    def is_dir(self):
        return os.path.isdir(str(self))

    def is_file(self):
        return os.path.isfile(str(self))

    def is_symlink(self):
        return False

    def is_mount(self):
        return str(self.resolve()) == "/"

    def samefile(self, other):
        return self.resolve() == type(self)(other).resolve()

    def iterdir(self):
        for name in os.listdir(str(self)):
            yield self._make(self._root, self._parts + [name])

    def _walk_match(self, base, pats):
        if not pats:
            yield base
            return
        pat, rest = pats[0], pats[1:]
        if pat == "**":
            yield from self._walk_match(base, rest)
            for child in sorted(base.iterdir(), key=str):
                if child.is_dir():
                    yield from self._walk_match(child, pats)
            return
        if "*" not in pat and "?" not in pat and "[" not in pat:
            child = base / pat
            if child.exists():
                yield from self._walk_match(child, rest)
            return
        for child in base.iterdir():
            if _match_name(child.name, pat) and (not rest or child.is_dir()):
                yield from self._walk_match(child, rest)

    def glob(self, pattern):
        root, pats = _split(pattern)
        if root:
            raise NotImplementedError("Non-relative patterns are unsupported")
        if not pats:
            raise ValueError("Unacceptable pattern: %r" % (pattern,))
        seen = set()
        for p in self._walk_match(self, pats):
            key = str(p)
            if key not in seen:
                seen.add(key)
                yield p

    def rglob(self, pattern):
        yield from self.glob("**/" + pattern)

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        if parents:
            os.makedirs(str(self), mode, exist_ok)
            return
        try:
            os.mkdir(str(self))
        except OSError:
            if not exist_ok or not self.is_dir():
                raise

    def rmdir(self):
        os.rmdir(str(self))

    def unlink(self, missing_ok=False):
        try:
            os.remove(str(self))
        except OSError:
            if not missing_ok or self.exists():
                raise

    def touch(self, mode=0o666, exist_ok=True):
        if self.exists():
            if not exist_ok:
                raise FileExistsError(17, "File exists", str(self))
            return
        open(str(self), "a").close()

    def rename(self, target):
        os.rename(str(self), str(target))
        return type(self)(target)

    def replace(self, target):
        os.replace(str(self), str(target))
        return type(self)(target)

    def open(self, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
        return open(str(self), mode)

    def read_text(self, encoding=None, errors=None):
        with self.open("r", encoding=encoding) as f:
            return f.read()

    def write_text(self, data, encoding=None, errors=None, newline=None):
        if not isinstance(data, str):
            raise TypeError("data must be str, not %s" % type(data).__name__)
        with self.open("w", encoding=encoding, newline=newline) as f:
            return f.write(data)

    def read_bytes(self):
        with self.open("rb") as f:
            return f.read()

    def write_bytes(self, data):
        with self.open("wb") as f:
            return f.write(bytes(data))


class PosixPath(Path, PurePosixPath):
    pass


def _windows(*args, **kwargs):
    _lib.unavailable("Windows paths (the sandbox's file system is POSIX)")


PureWindowsPath = WindowsPath = _windows
__getattr__ = _lib.missing("pathlib")
