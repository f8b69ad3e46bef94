# Guest library: re parser. Pattern text -> a tree of nodes (tuples):
#   ("lit", ch)  ("any",)  ("class", negated, items)  ("cat", [nodes])  ("alt", [nodes])
#   ("group", index or None, node)  ("repeat", node, min, max or None, mode)  (mode: "g" greedy,
#   "l" lazy, "p" possessive)  ("bol",) ("eol",) ("start",) ("end",) ("endz",) ("wordb",)
#   ("nwordb",)  ("backref", index)  ("look", ahead, negated, node)  ("atomic", node)
#   ("flags", on, off, node)  ("cond", group, yes, no)
# class items: ("ch", c) ("range", lo, hi) ("cat", "d"/"D"/"w"/"W"/"s"/"S")

I = 2
L = 4
M = 8
S = 16
U = 32
X = 64
A = 256
DEBUG = 128
_FLAG_LETTERS = {"i": I, "L": L, "m": M, "s": S, "u": U, "x": X, "a": A}
_REPEAT_CHARS = "*+?{"
MAXREPEAT = 4294967295


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
        super().__init__(msg)


class _Source:
    def __init__(self, pattern, verbose):
        self.text = pattern
        self.pos = 0
        self.verbose = verbose

    def skip_verbose(self):
        if not self.verbose:
            return
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t\n\r\f\v":
                self.pos += 1
            elif ch == "#":
                while self.pos < len(text) and text[self.pos] != "\n":
                    self.pos += 1
            else:
                break

    def peek(self):
        self.skip_verbose()
        if self.pos < len(self.text):
            return self.text[self.pos]
        return None

    def next(self):
        self.skip_verbose()
        if self.pos >= len(self.text):
            return None
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def raw_next(self):
        if self.pos >= len(self.text):
            return None
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def match(self, s):
        self.skip_verbose()
        if self.text.startswith(s, self.pos):
            self.pos += len(s)
            return True
        return False

    def error(self, msg, offset=0):
        return error(msg, self.text, self.pos - offset)


class Parsed:
    def __init__(self):
        self.groups = 1
        self.groupdict = {}
        self.flags = 0
        self.tree = None
        self.lookbehind_groups = None


def parse(pattern, flags):
    info = Parsed()
    info.flags = flags
    verbose = bool(flags & X)
    # global inline flags at the start: (?aiLmsux)
    src = _Source(pattern, verbose)
    info.open = []
    tree = _parse_alt(src, info, 0)
    if src.pos < len(pattern):
        if pattern[src.pos] == ")":
            raise error("unbalanced parenthesis", pattern, src.pos)
        raise error("unexpected end of pattern", pattern, src.pos)
    info.tree = tree
    return info


def _parse_alt(src, info, depth):
    branches = [_parse_seq(src, info, depth)]
    while src.peek() == "|":
        src.next()
        branches.append(_parse_seq(src, info, depth))
    if len(branches) == 1:
        return branches[0]
    return ("alt", branches)


def _parse_seq(src, info, depth):
    items = []
    while True:
        ch = src.peek()
        if ch is None or ch == "|" or ch == ")":
            break
        start = src.pos
        atom = _parse_atom(src, info, depth)
        if atom is None:
            continue
        atom = _parse_quantifiers(src, info, atom, start)
        items.append(atom)
    if len(items) == 1:
        return items[0]
    return ("cat", items)


def _parse_quantifiers(src, info, atom, start):
    ch = src.peek()
    if ch is None or ch not in _REPEAT_CHARS:
        return atom
    here = src.pos
    if ch == "{":
        bounds = _try_braces(src)
        if bounds is None:
            return atom
        lo, hi = bounds
    else:
        src.next()
        lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[ch]
    if atom[0] in ("bol", "eol", "start", "end", "endz", "wordb", "nwordb"):
        raise error("nothing to repeat", src.text, here)
    mode = "g"
    nxt = src.peek()
    if nxt == "?":
        src.next()
        mode = "l"
    elif nxt == "+":
        src.next()
        mode = "p"
    if hi is not None and lo > hi:
        raise error("min repeat greater than max repeat", src.text, here + 1)
    nxt = src.peek()
    if nxt is not None and (nxt in "*+?" or (nxt == "{" and _looks_like_braces(src))):
        raise error("multiple repeat", src.text, src.pos)
    return ("repeat", atom, lo, hi, mode)


def _looks_like_braces(src):
    saved = src.pos
    result = _try_braces(src)
    src.pos = saved
    return result is not None


def _try_braces(src):
    text = src.text
    saved = src.pos
    src.next()  # "{"
    lo_digits = ""
    while src.pos < len(text) and text[src.pos].isdigit():
        lo_digits += text[src.pos]
        src.pos += 1
    hi_digits = None
    if src.pos < len(text) and text[src.pos] == ",":
        src.pos += 1
        hi_digits = ""
        while src.pos < len(text) and text[src.pos].isdigit():
            hi_digits += text[src.pos]
            src.pos += 1
    if src.pos >= len(text) or text[src.pos] != "}" or (not lo_digits and hi_digits is None):
        src.pos = saved
        return None
    src.pos += 1
    lo = int(lo_digits) if lo_digits else 0
    if hi_digits is None:
        hi = lo
    elif hi_digits == "":
        hi = None
    else:
        hi = int(hi_digits)
    if lo > MAXREPEAT or (hi is not None and hi > MAXREPEAT):
        raise error("the repetition number is too large", src.text, saved + 1)
    return lo, hi


def _parse_atom(src, info, depth):
    start = src.pos
    ch = src.next()
    if ch == "(":
        return _parse_group(src, info, depth, start)
    if ch == "[":
        return _parse_class(src, start)
    if ch == ".":
        return ("any",)
    if ch == "^":
        return ("bol",)
    if ch == "$":
        return ("eol",)
    if ch == "\\":
        return _parse_escape(src, info, start, False)
    if ch in "*+?":
        raise error("nothing to repeat", src.text, start)
    if ch == "{" and _brace_quantifier_at(src, start):
        raise error("nothing to repeat", src.text, start)
    return ("lit", ch)


def _brace_quantifier_at(src, start):
    saved = src.pos
    src.pos = start
    result = _try_braces(src)
    src.pos = saved
    return result is not None


def _parse_group(src, info, depth, start):
    text = src.text
    if src.pos < len(text) and text[src.pos] == "?":
        src.pos += 1
        ch = src.raw_next()
        if ch == ":":
            node = _parse_alt(src, info, depth + 1)
            _close(src, start)
            return ("group", None, node)
        if ch == "P":
            kind = src.raw_next()
            if kind == "<":
                name = _read_name(src, ">")
                if name in info.groupdict:
                    raise error("redefinition of group name %r as group %d; was group %d" % (
                        name, info.groups, info.groupdict[name]), text, src.pos - len(name) - 1)
                index = info.groups
                info.groups += 1
                info.groupdict[name] = index
                info.open.append(index)
                node = _parse_alt(src, info, depth + 1)
                info.open.pop()
                _close(src, start)
                return ("group", index, node)
            if kind == "=":
                name = _read_name(src, ")")
                if name not in info.groupdict:
                    raise error("unknown group name %r" % name, text, src.pos - len(name) - 1)
                return ("backref", info.groupdict[name])
            raise error("unknown extension ?P" + (kind or ""), text, start + 1)
        if ch == "=" or ch == "!":
            node = _parse_alt(src, info, depth + 1)
            _close(src, start)
            return ("look", True, ch == "!", node)
        if ch == "<":
            kind = src.raw_next()
            if kind == "=" or kind == "!":
                node = _parse_alt(src, info, depth + 1)
                _close(src, start)
                width = _fixed_width(node)
                if width is None:
                    raise error("look-behind requires fixed-width pattern", text, start)
                return ("look", False, kind == "!", node, width)
            if kind is not None and (kind.isalpha() or kind == "_"):
                src.pos -= 1
                name = _read_name(src, ">")
                index = info.groups
                info.groups += 1
                info.groupdict[name] = index
                node = _parse_alt(src, info, depth + 1)
                _close(src, start)
                return ("group", index, node)
            raise error("unknown extension ?<" + (kind or ""), text, start + 1)
        if ch == ">":
            node = _parse_alt(src, info, depth + 1)
            _close(src, start)
            return ("atomic", node)
        if ch == "#":
            while src.pos < len(text) and text[src.pos] != ")":
                src.pos += 1
            if src.pos >= len(text):
                raise error("missing ), unterminated comment", text, start)
            src.pos += 1
            return None
        if ch == "(":
            ref = ""
            while src.pos < len(text) and text[src.pos] != ")":
                ref += text[src.pos]
                src.pos += 1
            src.pos += 1
            if ref.isdigit():
                index = int(ref)
            elif ref in info.groupdict:
                index = info.groupdict[ref]
            else:
                raise error("unknown group name %r" % ref, text, start + 3)
            yes = _parse_seq(src, info, depth + 1)
            no = None
            if src.peek() == "|":
                src.next()
                no = _parse_seq(src, info, depth + 1)
            _close(src, start)
            return ("cond", index, yes, no)
        if ch is not None and (ch in _FLAG_LETTERS or ch == "-"):
            on = 0
            off = 0
            negative = False
            while ch is not None and (ch in _FLAG_LETTERS or ch == "-"):
                if ch == "-":
                    negative = True
                elif negative:
                    off |= _FLAG_LETTERS[ch]
                else:
                    on |= _FLAG_LETTERS[ch]
                ch = src.raw_next()
            if ch == ")":
                if start != 0:
                    raise error("global flags not at the start of the expression", text, start)
                info.flags |= on
                if on & X:
                    src.verbose = True
                return None
            if ch == ":":
                saved_verbose = src.verbose
                if on & X:
                    src.verbose = True
                if off & X:
                    src.verbose = False
                node = _parse_alt(src, info, depth + 1)
                src.verbose = saved_verbose
                _close(src, start)
                return ("flags", on, off, node)
            raise error("missing -, : or )", text, src.pos - 1)
        raise error("unknown extension ?" + (ch or ""), text, start + 1)
    index = info.groups
    info.groups += 1
    info.open.append(index)
    node = _parse_alt(src, info, depth + 1)
    info.open.pop()
    _close(src, start)
    return ("group", index, node)


def _close(src, start):
    if src.next() != ")":
        raise error("missing ), unterminated subpattern", src.text, start)


def _read_name(src, terminator):
    text = src.text
    end = text.find(terminator, src.pos)
    if end < 0:
        raise error("missing %s, unterminated name" % terminator, text, src.pos)
    name = text[src.pos:end]
    if not name:
        raise error("missing group name", text, src.pos)
    if not (name[0].isalpha() or name[0] == "_") or not all(c.isalpha() or c.isdigit() or c == "_" for c in name):
        raise error("bad character in group name %r" % name, text, src.pos)
    src.pos = end + 1
    return name


_ESCAPE_CHARS = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "b": "\b", "0": "\0"}


def _parse_escape(src, info, start, in_class):
    text = src.text
    ch = src.raw_next()
    if ch is None:
        raise error("bad escape (end of pattern)", text, start)
    if ch in "dDwWsS":
        return ("cat", ch) if in_class else ("class", False, [("cat", ch)])
    if not in_class:
        if ch == "A":
            return ("start",)
        if ch == "Z":
            return ("endz",)
        if ch == "b":
            return ("wordb",)
        if ch == "B":
            return ("nwordb",)
        if ch.isdigit() and ch != "0":
            digits = ch
            while src.pos < len(text) and text[src.pos].isdigit() and len(digits) < 2:
                digits += text[src.pos]
                src.pos += 1
            if len(digits) == 2 and digits[0] in "01234567" and digits[1] in "01234567" and \
                    src.pos < len(text) and text[src.pos] in "01234567":
                value = int(digits + text[src.pos], 8)
                src.pos += 1
                return ("lit", chr(value))
            index = int(digits)
            if index >= info.groups or index in info.open:
                raise error("invalid group reference %d" % index if index >= info.groups else
                            "cannot refer to an open group", text, start)
            return ("backref", index)
    if ch == "x":
        return _lit(chr(_hex(src, 2, start)), in_class)
    if ch == "u":
        return _lit(chr(_hex(src, 4, start)), in_class)
    if ch == "U":
        return _lit(chr(_hex(src, 8, start)), in_class)
    if ch == "N":
        raise error("bad escape \\N (named characters are not available in the sandbox)", text, start)
    if ch == "0" or (in_class and ch in "01234567"):
        digits = ch
        while src.pos < len(text) and text[src.pos] in "01234567" and len(digits) < 3:
            digits += text[src.pos]
            src.pos += 1
        return _lit(chr(int(digits, 8)), in_class)
    if ch in _ESCAPE_CHARS and (ch != "b" or in_class):
        return _lit(_ESCAPE_CHARS[ch], in_class)
    if ch.isalpha() or ch.isdigit():
        raise error("bad escape \\%s" % ch, text, start)
    return _lit(ch, in_class)


def _lit(ch, in_class):
    return ("ch", ch) if in_class else ("lit", ch)


def _hex(src, n, start):
    digits = src.text[src.pos:src.pos + n]
    if len(digits) != n or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise error("incomplete escape \\%s%s" % (src.text[start + 1], digits), src.text, start)
    src.pos += n
    return int(digits, 16)


def _parse_class(src, start):
    text = src.text
    negated = False
    if src.pos < len(text) and text[src.pos] == "^":
        negated = True
        src.pos += 1
    items = []
    first = True
    while True:
        if src.pos >= len(text):
            raise error("unterminated character set", text, start)
        ch = text[src.pos]
        src.pos += 1
        if ch == "]" and not first:
            break
        first = False
        if ch == "\\":
            item = _parse_escape(src, None, src.pos - 1, True)
        else:
            item = ("ch", ch)
        if item[0] == "ch" and src.pos + 1 < len(text) and text[src.pos] == "-" and text[src.pos + 1] != "]":
            src.pos += 1
            hi_ch = text[src.pos]
            src.pos += 1
            if hi_ch == "\\":
                hi = _parse_escape(src, None, src.pos - 1, True)
                if hi[0] != "ch":
                    raise error("bad character range %s-%s" % (item[1], "\\" + text[src.pos - 1]), text,
                                src.pos - 4)
                hi_ch = hi[1]
            if ord(hi_ch) < ord(item[1]):
                raise error("bad character range %s-%s" % (item[1], hi_ch), text, src.pos - 3)
            items.append(("range", item[1], hi_ch))
        else:
            items.append(item)
    return ("class", negated, items)


def _fixed_width(node):
    kind = node[0]
    if kind in ("lit", "any", "class"):
        return 1
    if kind in ("bol", "eol", "start", "end", "endz", "wordb", "nwordb", "look"):
        return 0
    if kind == "cat":
        total = 0
        for item in node[1]:
            w = _fixed_width(item)
            if w is None:
                return None
            total += w
        return total
    if kind == "alt":
        widths = set(_fixed_width(b) for b in node[1])
        return widths.pop() if len(widths) == 1 else None
    if kind in ("group",):
        return _fixed_width(node[2])
    if kind == "flags":
        return _fixed_width(node[3])
    if kind == "atomic":
        return _fixed_width(node[1])
    if kind == "repeat":
        if node[3] is not None and node[2] == node[3]:
            w = _fixed_width(node[1])
            return None if w is None else w * node[2]
        return None
    return None
