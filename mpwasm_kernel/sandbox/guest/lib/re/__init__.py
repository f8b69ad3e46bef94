# Guest library: re with CPython's syntax and API, on a backtracking engine written in Python
# (counted repeats, named/non-capturing/atomic groups, lookarounds, backreferences,
# conditionals, inline flags, possessive quantifiers). It runs inside the sandbox, so a
# pathological pattern is stopped by the cell's limits like any other code.
from re._engine import compile_tree, literal_prefix, run
from re._parser import DEBUG, A, I, L, M, S, U, X, error, parse

NOFLAG = 0
ASCII = A
IGNORECASE = I
LOCALE = L
MULTILINE = M
DOTALL = S
UNICODE = U
VERBOSE = X
TEMPLATE = 1
T = 1
_FLAG_NAMES = ((A, "ASCII"), (I, "IGNORECASE"), (L, "LOCALE"), (M, "MULTILINE"), (S, "DOTALL"), (U, "UNICODE"),
               (X, "VERBOSE"), (DEBUG, "DEBUG"))
_cache = {}
_MAXCACHE = 64
Pattern = None  # replaced below
Match = None


class RegexFlag:
    def __init__(self, value):
        self.value = int(value)

    def __repr__(self):
        value = self.value
        names = [("re." + n) for bit, n in _FLAG_NAMES if value & bit]
        rest = value & ~sum(bit for bit, _ in _FLAG_NAMES)
        if rest:
            names.append(hex(rest))
        return "|".join(names) if names else "re.NOFLAG"

    __str__ = __repr__

    def __int__(self):
        return self.value

    __index__ = __int__

    def __bool__(self):
        return self.value != 0

    def __or__(self, other):
        return RegexFlag(self.value | _flag_value(other))

    __ror__ = __or__

    def __and__(self, other):
        return RegexFlag(self.value & _flag_value(other))

    __rand__ = __and__

    def __xor__(self, other):
        return RegexFlag(self.value ^ _flag_value(other))

    def __invert__(self):
        return RegexFlag(~self.value)

    def __eq__(self, other):
        return self.value == _flag_value(other) if isinstance(other, (int, RegexFlag)) else False

    def __hash__(self):
        return hash(self.value)


def _flag_value(flags):
    return flags.value if isinstance(flags, RegexFlag) else int(flags)


class _Pattern:
    def __init__(self, pattern, flags):
        if isinstance(pattern, (bytes, bytearray)):
            raise NotImplementedError("bytes patterns are not available in the sandbox; decode to str first")
        self.pattern = pattern
        info = parse(pattern, flags)
        self.flags = RegexFlag(info.flags | (U if not info.flags & A else 0))
        self.groups = info.groups - 1
        self.groupindex = dict(info.groupdict)
        self._ngroups = info.groups
        self._prog = compile_tree(info.tree, info.flags)
        self._prefix = literal_prefix(info.tree, info.flags)
        self._prefix_bytes = self._prefix.encode()
        self._anchored = info.tree[0] == "start" or (info.tree[0] == "cat" and info.tree[1] and
                                                     info.tree[1][0][0] == "start")
        self._names = dict((index, name) for name, index in self.groupindex.items())

    def __repr__(self):
        text = "re.compile(%r" % (self.pattern,)
        shown = self.flags.value & ~U
        if shown:
            text += ", %r" % RegexFlag(shown)
        return text + ")"

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, _Pattern) and self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, int(self.flags)))

    def _bounds(self, string, pos, endpos):
        n = len(string)
        if pos < 0:
            pos = 0
        if endpos is None or endpos > n:
            endpos = n
        if endpos < 0:
            endpos = 0
        return pos, endpos

    def _match_at(self, subject, at, endpos, forbid_end=-1):
        caps = [-1] * (2 * self._ngroups + 1)
        end = run(self._prog, subject.chars, at, endpos, caps, [-1] * (self._prog.nregs + 1), forbid_end)
        if end < 0:
            return None
        caps[0] = at
        caps[1] = end
        return caps

    def _search(self, subject, pos, endpos, forbid_end=-1):
        prefix = self._prefix_bytes if subject.ascii else self._prefix
        at = pos
        while at <= endpos:
            if prefix:
                at = subject.find(prefix, at, endpos)
                if at < 0:
                    return None
            caps = self._match_at(subject, at, endpos, forbid_end)
            if caps is not None:
                return caps
            if self._anchored:
                return None
            at += 1
        return None

    def _check(self, string):
        if not isinstance(string, str):
            if isinstance(string, (bytes, bytearray)):
                raise TypeError("cannot use a string pattern on a bytes-like object")
            raise TypeError("expected string or bytes-like object, got '%s'" % type(string).__name__)

    def match(self, string, pos=0, endpos=None):
        self._check(string)
        pos, endpos = self._bounds(string, pos, endpos)
        caps = self._match_at(_Subject(string), pos, endpos)
        return None if caps is None else _Match(self, string, caps, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=None):
        self._check(string)
        pos, endpos = self._bounds(string, pos, endpos)
        from re._engine import END, MATCH, Program

        prog = getattr(self, "_full", None)
        if prog is None:
            prog = Program(self._prog.flags)
            prog.code = self._prog.code[:-1] + [(END,), (MATCH,)]
            prog.nregs = self._prog.nregs
            self._full = prog
        caps = [-1] * (2 * self._ngroups + 1)
        end = run(prog, _Subject(string).chars, pos, endpos, caps, [-1] * (prog.nregs + 1))
        if end < 0:
            return None
        caps[0] = pos
        caps[1] = end
        return _Match(self, string, caps, pos, endpos)

    def search(self, string, pos=0, endpos=None):
        self._check(string)
        pos, endpos = self._bounds(string, pos, endpos)
        caps = self._search(_Subject(string), pos, endpos)
        return None if caps is None else _Match(self, string, caps, pos, endpos)

    def _iter(self, string, pos, endpos):
        pos, endpos = self._bounds(string, pos, endpos)
        subject = _Subject(string)
        forbid = -1
        while pos <= endpos:
            caps = self._search(subject, pos, endpos, forbid)
            if caps is None:
                return
            yield _Match(self, string, caps, pos, endpos, subject.chars)
            start, end = caps[0], caps[1]
            forbid = end if end == start else -1
            pos = end

    def finditer(self, string, pos=0, endpos=None):
        self._check(string)
        return self._iter(string, pos, endpos)

    def findall(self, string, pos=0, endpos=None):
        self._check(string)
        out = []
        for m in self._iter(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1) or "")
            else:
                out.append(tuple(g or "" for g in m.groups()))
        return out

    def split(self, string, maxsplit=0):
        self._check(string)
        out = []
        last = 0
        count = 0
        for m in self._iter(string, 0, None):
            if maxsplit and count >= maxsplit:
                break
            out.append(string[last:m.start()])
            out.extend(m.groups())
            last = m.end()
            count += 1
        out.append(string[last:])
        return out

    def subn(self, repl, string, count=0):
        self._check(string)
        if callable(repl):
            expand = repl
        else:
            template = _parse_template(repl, self)
            expand = lambda m: _expand(template, m)  # noqa: E731
        out = []
        last = 0
        n = 0
        for m in self._iter(string, 0, None):
            if count and n >= count:
                break
            out.append(string[last:m.start()])
            out.append(expand(m))
            last = m.end()
            n += 1
        out.append(string[last:])
        return "".join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def scanner(self, string, pos=0, endpos=None):
        raise NotImplementedError("Pattern.scanner() is not available in the sandbox")

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class _Subject:
    """The subject string as a list of characters (O(1) indexing) plus a fast find()."""

    def __init__(self, string):
        self.string = string
        self.chars = list(string)
        data = string.encode()
        self.ascii = len(data) == len(self.chars)
        self.data = data

    def find(self, prefix, at, endpos):
        if self.ascii:
            return self.data.find(prefix, at, endpos)
        chars = self.chars
        first = prefix[0]
        n = len(prefix)
        while at <= endpos - n:
            if chars[at] == first and "".join(chars[at:at + n]) == prefix:
                return at
            at += 1
        return -1


class _Match:
    def __init__(self, pattern, string, caps, pos, endpos, chars=None):
        self.re = pattern
        self.string = string
        self._chars = chars
        self._caps = caps
        self.pos = pos
        self.endpos = endpos

    def _index(self, group):
        if isinstance(group, int) and not isinstance(group, bool):
            if 0 <= group <= self.re.groups:
                return group
        elif isinstance(group, str) and group in self.re.groupindex:
            return self.re.groupindex[group]
        raise IndexError("no such group")

    def _get(self, index, default=None):
        a, b = self._caps[2 * index], self._caps[2 * index + 1]
        if a < 0 or b < 0:
            return default
        if self._chars is not None:  # slicing a MicroPython str costs O(start)
            return "".join(self._chars[a:b])
        return self.string[a:b]

    def group(self, *groups):
        if not groups:
            return self._get(0)
        if len(groups) == 1:
            return self._get(self._index(groups[0]))
        return tuple(self._get(self._index(g)) for g in groups)

    def __getitem__(self, group):
        return self._get(self._index(group))

    def groups(self, default=None):
        return tuple(self._get(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return dict((name, self._get(index, default)) for name, index in self.re.groupindex.items())

    def start(self, group=0):
        return self._caps[2 * self._index(group)]

    def end(self, group=0):
        return self._caps[2 * self._index(group) + 1]

    def span(self, group=0):
        index = self._index(group)
        return self._caps[2 * index], self._caps[2 * index + 1]

    @property
    def regs(self):
        return tuple(self.span(i) for i in range(self.re.groups + 1))

    @property
    def lastindex(self):
        index = self._caps[-1]
        return index if index > 0 else None

    @property
    def lastgroup(self):
        index = self.lastindex
        return self.re._names.get(index) if index is not None else None

    def expand(self, template):
        return _expand(_parse_template(template, self.re), self)

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group())

    __str__ = __repr__

    def __bool__(self):
        return True

    def __copy__(self):
        return self


def _parse_template(template, pattern):
    pieces = []
    literal = []
    i = 0
    n = len(template)
    escapes = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "b": "\b", "\\": "\\"}
    while i < n:
        ch = template[i]
        if ch != "\\":
            literal.append(ch)
            i += 1
            continue
        i += 1
        if i >= n:
            raise error("bad escape (end of pattern)", template, i - 1)
        ch = template[i]
        if ch == "g":
            end = template.find(">", i)
            if i + 1 >= n or template[i + 1] != "<" or end < 0:
                raise error("missing <" if i + 1 >= n or template[i + 1] != "<" else "missing >, unterminated name",
                            template, i + 1)
            name = template[i + 2:end]
            if name.isdigit():
                index = int(name)
                if index > pattern.groups:
                    raise error("invalid group reference %d" % index, template, i + 2)
            elif name in pattern.groupindex:
                index = pattern.groupindex[name]
            else:
                raise IndexError("unknown group name '%s'" % name)
            pieces.append("".join(literal))
            literal = []
            pieces.append(index)
            i = end + 1
        elif ch.isdigit() and ch != "0":
            digits = ch
            if i + 1 < n and template[i + 1].isdigit():
                digits += template[i + 1]
            index = int(digits)
            if index > pattern.groups:
                raise error("invalid group reference %d" % index, template, i)
            pieces.append("".join(literal))
            literal = []
            pieces.append(index)
            i += len(digits)
        elif ch == "0":
            digits = "0"
            while i + 1 < n and template[i + 1] in "01234567" and len(digits) < 3:
                digits += template[i + 1]
                i += 1
            literal.append(chr(int(digits, 8)))
            i += 1
        elif ch in escapes:
            literal.append(escapes[ch])
            i += 1
        elif ch.isalpha():
            raise error("bad escape \\%s" % ch, template, i - 1)
        else:
            literal.append("\\" + ch)
            i += 1
    pieces.append("".join(literal))
    return pieces


def _expand(template, m):
    out = []
    for piece in template:
        if isinstance(piece, int):
            out.append(m.group(piece) or "")
        else:
            out.append(piece)
    return "".join(out)


Pattern = _Pattern
Match = _Match


def compile(pattern, flags=0):
    if isinstance(pattern, _Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    flags = _flag_value(flags)
    key = (type(pattern), pattern, flags)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    compiled = _Pattern(pattern, flags)
    if len(_cache) >= _MAXCACHE:
        _cache.clear()
    _cache[key] = compiled
    return compiled


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


_SPECIAL = frozenset("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")


def escape(pattern):
    if isinstance(pattern, str):
        return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
    return bytes(escape(pattern.decode("latin-1")), "latin-1")


def purge():
    _cache.clear()


def template(pattern, flags=0):
    raise NotImplementedError("re.template() is not available in the sandbox")


for _bit, _name in _FLAG_NAMES:
    globals()[_name] = RegexFlag(_bit)
A = ASCII
I = IGNORECASE
L = LOCALE
M = MULTILINE
S = DOTALL
U = UNICODE
X = VERBOSE
NOFLAG = RegexFlag(0)
