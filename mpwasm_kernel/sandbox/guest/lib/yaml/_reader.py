# Guest library: yaml's reader (safe_load and friends), see yaml/__init__.py.

from yaml import YAMLError, _resolve

# --- load --------------------------------------------------------------------------------------

def _strip_comment(line):
    quote, i = None, 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote and quote == "'" and line[i + 1:i + 2] == "'":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"" and (i == 0 or line[i - 1] in " [{,:-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
        i += 1
    return line.rstrip()


def _unquote(text):
    if text[0] == "'":
        if not text.endswith("'") or len(text) < 2:
            raise YAMLError("while scanning a quoted scalar: found unexpected end of stream")
        return text[1:-1].replace("''", "'")
    if not text.endswith('"') or len(text) < 2:
        raise YAMLError("while scanning a quoted scalar: found unexpected end of stream")
    body, out, i = text[1:-1], [], 0
    escapes = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "0": "\0", "r": "\r", "/": "/", " ": " "}
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1:i + 2]
        if e in escapes:
            out.append(escapes[e])
            i += 2
        elif e in ("x", "u", "U"):
            n = {"x": 2, "u": 4, "U": 8}[e]
            out.append(chr(int(body[i + 2:i + 2 + n], 16)))
            i += 2 + n
        else:
            raise YAMLError("found unknown escape character %r" % e)
    return "".join(out)


def _scalar_value(text):
    text = text.strip()
    if not text:
        return None
    if text[0] in "&*!":
        raise YAMLError("anchors, aliases and tags are not supported in the sandbox's yaml")
    if text[0] in "'\"":
        return _unquote(text)
    if text[0] in "[{":
        value, rest = _parse_flow(text, 0)
        if text[rest:].strip():
            raise YAMLError("expected <block end>, but found %r" % text[rest:].strip()[:1])
        return value
    return _resolve(text)


def _parse_flow(text, i):
    """A flow collection or scalar starting at text[i]; (value, index after it)."""
    while text[i] == " ":
        i += 1
    opener = text[i]
    if opener in "[{":
        closer = "]" if opener == "[" else "}"
        items = [] if opener == "[" else {}
        i += 1
        while True:
            while i < len(text) and text[i] in " \n":
                i += 1
            if i >= len(text):
                raise YAMLError("while parsing a flow collection: expected '%s'" % closer)
            if text[i] == closer:
                return items, i + 1
            if opener == "[":
                value, i = _parse_flow(text, i)
                items.append(value)
            else:
                key, i = _parse_flow(text, i)
                while text[i] == " ":
                    i += 1
                value = None
                if text[i] == ":":
                    value, i = _parse_flow(text, i + 1)
                items[key] = value
            while text[i] == " ":
                i += 1
            if text[i] == ",":
                i += 1
    if opener in "'\"":
        j = i + 1
        while j < len(text):
            if text[j] == opener and opener == "'" and text[j + 1:j + 2] == "'":
                j += 2
                continue
            if opener == '"' and text[j] == "\\":
                j += 2
                continue
            if text[j] == opener:
                return _unquote(text[i:j + 1]), j + 1
            j += 1
        raise YAMLError("while scanning a quoted scalar: found unexpected end of stream")
    j = i
    while j < len(text) and text[j] not in ",]}" and not (text[j] == ":" and text[j + 1:j + 2] in (" ", "")):
        j += 1
    return _resolve(text[i:j].strip()), j


class _Lines:
    def __init__(self, text):
        self.lines = []
        raw = text.split("\n")
        self.raw = raw
        for n, line in enumerate(raw):
            if line.strip() in ("---", "...") and not line.startswith(" "):
                if line.strip() == "---" and any(ind for ind, _, _ in self.lines):
                    raise YAMLError("several documents are not supported here: use safe_load_all")
                continue
            if line.startswith("%"):
                continue
            body = _strip_comment(line)
            if body.strip():
                if "\t" in body[:len(body) - len(body.lstrip())]:
                    raise YAMLError("found character '\\t' that cannot start any token")
                self.lines.append((len(body) - len(body.lstrip()), body.strip(), n))
        self.pos = 0

    def peek(self):
        return self.lines[self.pos] if self.pos < len(self.lines) else None


def _block_scalar(lines, indicator, parent_indent):
    """A literal (|) or folded (>) block scalar's text, from the raw lines after its header."""
    start = lines.lines[lines.pos - 1][2] + 1 if lines.pos else 0
    raw, body, n = lines.raw, [], start
    indent = None
    while n < len(raw):
        line = raw[n]
        if line.strip():
            ind = len(line) - len(line.lstrip())
            if ind <= parent_indent:
                break
            indent = ind if indent is None else indent
            body.append(line[indent:])
        else:
            body.append("")
        n += 1
    while lines.pos < len(lines.lines) and lines.lines[lines.pos][2] < n:
        lines.pos += 1
    while body and body[-1] == "":
        body.pop()
    chomp = indicator[1:2]
    if indicator[0] == "|":
        text = "\n".join(body)
    else:
        text = ""
        for i, line in enumerate(body):
            if i and line and body[i - 1]:
                text += " "
            elif i:
                text += "\n"
            text += line
    return text if chomp == "-" else text + "\n" if chomp != "+" else text + "\n"


def _node(lines, indent):
    head = lines.peek()
    if head is None or head[0] < indent:
        return None
    ind, text, _ = head
    if text == "-" or text.startswith("- "):
        return _sequence(lines, ind)
    if _key_split(text) is not None:
        return _mapping(lines, ind)
    lines.pos += 1
    if _open_quote(text):
        return _quoted_lines(lines, text)
    parts = [text]
    while lines.peek() is not None and lines.peek()[0] > indent and text[0] not in "'\"[{":
        parts.append(lines.peek()[1])  # a plain scalar continued on more lines
        lines.pos += 1
    if text[0] in "[{" and not _balanced(text):
        while lines.peek() is not None and not _balanced(" ".join(parts)):
            parts.append(lines.peek()[1])
            lines.pos += 1
    return _scalar_value(" ".join(parts))


def _balanced(text):
    depth, quote = 0, None
    for c in text:
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
    return depth <= 0


def _key_split(text):
    """(key text, rest) when `text` is a mapping entry ``key: value``, else None."""
    if text[0] in "[{":
        return None
    i, quote = 0, None
    if text[0] in "'\"":
        quote = text[0]
        i = 1
        while i < len(text) and not (text[i] == quote and text[i + 1:i + 2] != quote):
            i += 2 if text[i] == quote else 1
        i += 1
    while i < len(text):
        if text[i] == ":" and text[i + 1:i + 2] in (" ", ""):
            return text[:i].strip(), text[i + 1:].strip()
        i += 1
    return None


def _open_quote(text):
    """True when `text` starts a quoted scalar that does not end on this line."""
    if text[:1] not in ("'", '"'):
        return False
    try:
        _parse_flow(text, 0)
    except (YAMLError, IndexError):
        return True
    return False


def _quoted_lines(lines, first):
    """A quoted scalar continued on the following raw lines, folded as YAML does (a line break
    is a space, an empty line a newline)."""
    n = lines.lines[lines.pos - 1][2] + 1
    parts = [first]
    while n < len(lines.raw) and _open_quote("\n".join(parts)):
        parts.append(lines.raw[n].strip())
        n += 1
    while lines.pos < len(lines.lines) and lines.lines[lines.pos][2] < n:
        lines.pos += 1
    text = parts[0]
    for i in range(1, len(parts)):
        if parts[i] == "":
            text += "\n"
        elif parts[i - 1] == "" and i > 1:
            text += parts[i]
        else:
            text += " " + parts[i]
    return _scalar_value(text)


def _entry_value(lines, rest, indent, child_indent):
    if rest[:1] in ("|", ">"):
        return _block_scalar(lines, rest, indent)
    if _open_quote(rest):
        return _quoted_lines(lines, rest)
    if rest and rest[0] not in "[{'\"":
        parts = [rest]  # a plain scalar may go on over more indented lines
        while lines.peek() is not None and lines.peek()[0] > indent:
            parts.append(lines.peek()[1])
            lines.pos += 1
        return _scalar_value(" ".join(parts))
    if rest:
        if rest[0] in "[{" and not _balanced(rest):
            parts = [rest]
            while lines.peek() is not None and not _balanced(" ".join(parts)):
                parts.append(lines.peek()[1])
                lines.pos += 1
            rest = " ".join(parts)
        return _scalar_value(rest)
    nxt = lines.peek()
    if nxt is not None and (nxt[0] > indent or nxt[0] == indent and child_indent == indent
                            and (nxt[1] == "-" or nxt[1].startswith("- "))):
        return _node(lines, nxt[0])
    return None


def _mapping(lines, indent):
    result = {}
    while True:
        head = lines.peek()
        if head is None or head[0] != indent:
            return result
        split = _key_split(head[1])
        if split is None:
            raise YAMLError("while parsing a block mapping: expected <block end>, but found %r" % head[1][:20])
        lines.pos += 1
        key = _scalar_value(split[0]) if split[0] else None
        result[key] = _entry_value(lines, split[1], indent, indent)


def _sequence(lines, indent):
    result = []
    while True:
        head = lines.peek()
        if head is None or head[0] != indent or not (head[1] == "-" or head[1].startswith("- ")):
            return result
        rest = head[1][1:].strip()
        if rest and (rest == "-" or rest.startswith("- ") or _key_split(rest) is not None):
            # an inline nested entry: re-read it as a line of its own, indented past the dash
            offset = len(head[1]) - len(rest)
            lines.lines[lines.pos] = (indent + offset, rest, head[2])
            result.append(_node(lines, indent + offset))
        else:
            lines.pos += 1
            result.append(_entry_value(lines, rest, indent, indent + 2))


def _read(stream):
    text = stream if isinstance(stream, str) else stream.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return text.lstrip("\ufeff")


def safe_load(stream, Loader=None):
    """The first document of `stream` (a str or a readable file) as Python values."""
    lines = _Lines(_read(stream))
    if lines.peek() is None:
        return None
    value = _node(lines, lines.peek()[0])
    if lines.peek() is not None:
        raise YAMLError("expected <block end>, but found %r (line %d)" % (lines.peek()[1][:20], lines.peek()[2] + 1))
    return value


def load(stream, Loader=None):
    return safe_load(stream)


full_load = unsafe_load = safe_load


def safe_load_all(stream, Loader=None):
    for doc in _read(stream).split("\n---"):
        yield safe_load(doc[3:] if doc.startswith("---") else doc)


load_all = full_load_all = safe_load_all
