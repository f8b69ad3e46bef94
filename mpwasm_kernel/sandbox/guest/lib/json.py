# Guest library: json with CPython's dumps() output (indent, sort_keys, separators, default,
# ensure_ascii, allow_nan, cls) and loads() on MicroPython's fast parser.
import _mpk_lib as _lib

_native = _lib.builtin("json")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


class JSONDecodeError(ValueError):
    def __init__(self, msg, doc="", pos=0):
        super().__init__(msg)
        self.msg = msg
        self.doc = doc
        self.pos = pos


def _encode_str(s, ensure_ascii):
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
            continue
        code = ord(ch)
        if code < 0x20:
            out.append("\\u%04x" % code)
        elif code > 0x7E and ensure_ascii:
            if code > 0xFFFF:
                code -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF)))
            else:
                out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _float_text(f, allow_nan):
    if f != f:
        text = "NaN"
    elif f == float("inf"):
        text = "Infinity"
    elif f == float("-inf"):
        text = "-Infinity"
    else:
        return repr(f)
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant")
    return text


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

    def encode(self, o):
        chunks = []
        self._encode(o, chunks, 0, {} if self.check_circular else None)
        return "".join(chunks)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])

    def _key(self, key):
        if isinstance(key, str):
            return key
        if key is True:
            return "true"
        if key is False:
            return "false"
        if key is None:
            return "null"
        if isinstance(key, float):
            return _float_text(key, self.allow_nan)
        if isinstance(key, int):
            return repr(key)
        if self.skipkeys:
            return None
        raise TypeError("keys must be str, int, float, bool or None, not %s" % type(key).__name__)

    def _encode(self, o, out, level, markers):
        if isinstance(o, str):
            out.append(_encode_str(o, self.ensure_ascii))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(repr(int(o)))
        elif isinstance(o, float):
            out.append(_float_text(o, self.allow_nan))
        elif isinstance(o, (list, tuple)):
            self._encode_list(o, out, level, markers)
        elif isinstance(o, dict):
            self._encode_dict(o, out, level, markers)
        else:
            self._mark(o, markers)
            self._encode(self.default(o), out, level, markers)
            if markers is not None:
                del markers[id(o)]

    def _mark(self, o, markers):
        if markers is not None:
            if id(o) in markers:
                raise ValueError("Circular reference detected")
            markers[id(o)] = o

    def _open(self, o, out, level, markers, bracket):
        # Start a non-empty container: returns the nesting level inside it and the item separator.
        self._mark(o, markers)
        out.append(bracket)
        if self.indent is None:
            return level, self.item_separator
        level += 1
        newline = "\n" + self.indent * level
        out.append(newline)
        return level, self.item_separator + newline

    def _close(self, o, out, level, markers, bracket):
        if self.indent is not None:
            out.append("\n" + self.indent * (level - 1))
        out.append(bracket)
        if markers is not None:
            del markers[id(o)]

    def _encode_list(self, o, out, level, markers):
        if not o:
            out.append("[]")
            return
        level, separator = self._open(o, out, level, markers, "[")
        first = True
        for value in o:
            if not first:
                out.append(separator)
            first = False
            self._encode(value, out, level, markers)
        self._close(o, out, level, markers, "]")

    def _encode_dict(self, o, out, level, markers):
        if not o:
            out.append("{}")
            return
        level, separator = self._open(o, out, level, markers, "{")
        items = list(o.items())
        if self.sort_keys:
            items.sort(key=lambda kv: kv[0])
        first = True
        for key, value in items:
            key = self._key(key)
            if key is None:
                continue
            if not first:
                out.append(separator)
            first = False
            out.append(_encode_str(key, self.ensure_ascii))
            out.append(self.key_separator)
            self._encode(value, out, level, markers)
        self._close(o, out, level, markers, "}")


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None,
          indent=None, separators=None, default=None, sort_keys=False, **kw):
    encoder = (cls or JSONEncoder)(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
                                   allow_nan=allow_nan, indent=indent, separators=separators, default=default,
                                   sort_keys=sort_keys, **kw)
    return encoder.encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, strict=True,
                 object_pairs_hook=None):
        self.object_hook = object_hook
        self.object_pairs_hook = object_pairs_hook
        self.parse_float = parse_float
        self.parse_int = parse_int

    def decode(self, s):
        try:
            value = _native.loads(s)
        except ValueError as exc:
            if not s.strip():
                raise JSONDecodeError("Expecting value: line 1 column %d (char %d)" % (len(s) + 1, len(s)), s, len(s))
            raise JSONDecodeError("Invalid JSON (%s)" % exc, s, 0)
        if self.object_hook or self.object_pairs_hook or self.parse_float or self.parse_int:
            value = self._walk(value)
        return value

    def _walk(self, value):
        if isinstance(value, dict):
            pairs = [(k, self._walk(v)) for k, v in value.items()]
            if self.object_pairs_hook is not None:
                return self.object_pairs_hook(pairs)
            value = dict(pairs)
            return self.object_hook(value) if self.object_hook is not None else value
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, float) and self.parse_float is not None:
            return self.parse_float(repr(value))
        if isinstance(value, int) and not isinstance(value, bool) and self.parse_int is not None:
            return self.parse_int(repr(value))
        return value


def loads(s, *, cls=None, **kw):
    if isinstance(s, (bytes, bytearray)):
        s = s.decode()
    if not isinstance(s, str):
        raise TypeError("the JSON object must be str, bytes or bytearray, not %s" % type(s).__name__)
    return (cls or JSONDecoder)(**kw).decode(s)


def load(fp, **kw):
    return loads(fp.read(), **kw)
