# Guest library: yaml (PyYAML's API) for the data teaching notebooks keep in YAML files.
#
# dump/safe_dump write what PyYAML 6 writes for dicts (keys sorted unless sort_keys=False),
# lists, tuples, str, int, float, bool and None: block style (indentless sequences in mappings),
# plain scalars unless they would read back as another type or hold indicators (then single
# quotes; non-ASCII or control characters: double quotes with escapes, as allow_unicode=False),
# long scalars folded past column 80, `...` after a plain top-level scalar; default_flow_style=True
# or None as PyYAML, but a flow collection is written on one line (PyYAML folds it past column 80)
# and dump() writes a tuple as a list (PyYAML's dump tags it !!python/tuple; safe_dump as here).
# load/safe_load/full_load (yaml/_reader.py) read block and flow mappings and sequences, plain,
# quoted and block (| >) scalars with YAML 1.1's types (yes/no/on/off are booleans, as PyYAML);
# anchors, aliases, tags and complex keys raise YAMLError; safe_load_all splits at `---` lines.

__version__ = "6.0"

_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


class YAMLError(Exception):
    pass


class MarkedYAMLError(YAMLError):
    pass


class Loader:
    pass


SafeLoader = FullLoader = UnsafeLoader = BaseLoader = Loader


class Dumper:
    pass


SafeDumper = Dumper


# --- scalars -----------------------------------------------------------------------------------

def _is_int(text):
    t = text.replace("_", "")
    if t[:1] in "+-":
        t = t[1:]
    if not t:
        return False
    if t.startswith("0x"):
        return len(t) > 2 and all(c in "0123456789abcdefABCDEF" for c in t[2:])
    if t.startswith("0b"):
        return len(t) > 2 and all(c in "01" for c in t[2:])
    return t.isdigit()


def _to_int(text):
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if t.startswith("0x"):
        return sign * int(t[2:], 16)
    if t.startswith("0b"):
        return sign * int(t[2:], 2)
    if len(t) > 1 and t.startswith("0"):
        return sign * int(t, 8)
    return sign * int(t)


def _is_float(text):
    # YAML 1.1 as PyYAML resolves it: a dot is required ("1e3" is a string)
    t = text.replace("_", "")
    if t[:1] in "+-":
        t = t[1:]
    if t.lower() in (".inf", ".nan"):
        return True
    mantissa, _, exponent = t.lower().partition("e")
    if "." not in mantissa or not mantissa.replace(".", "", 1).isdigit() and mantissa != ".":
        return False
    if mantissa == "." or mantissa.count(".") != 1:
        return False
    if exponent:
        return exponent[:1] in "+-" and exponent[1:].isdigit()
    return "e" not in t.lower()


def _to_float(text):
    t = text.replace("_", "").lower()
    if t.lstrip("+-") == ".inf":
        return float("-inf") if t.startswith("-") else float("inf")
    if t.lstrip("+-") == ".nan":
        return float("nan")
    return float(t)


_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def _resolve(text):
    """The value of a plain scalar (YAML 1.1 types, as PyYAML's resolver)."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    low = text.lower()
    if low in _BOOLS and text in (low, low[0].upper() + low[1:], text.upper()):  # no str.capitalize here
        return _BOOLS[low]
    if _is_int(text):
        return _to_int(text)
    if _is_float(text):
        return _to_float(text)
    return text


# --- dump --------------------------------------------------------------------------------------

def _float_text(value):
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _style(text, flow=False):
    """How PyYAML writes the string `text`: 'plain', 'single' or 'double' (`flow`: inside [] or {})."""
    if any(not (" " <= c <= "~") and c != "\n" for c in text):
        return "double"
    if not text or "\n" in text or text != text.strip() or text[:3] in ("---", "..."):
        return "single"
    if _resolve(text) is not text:
        return "single"
    block = flow_only = False
    for i, c in enumerate(text):
        spaced = text[i + 1:i + 2] in ("", " ")
        if i == 0 and c in "#,[]{}&*!|>'\"%@`":
            block = True
        elif i == 0 and c in "-?:" and spaced:
            block = True
        elif c in ",?[]{}" or c == ":" and not spaced:
            flow_only = True
        elif c == ":" or c == "#" and text[i - 1] == " ":
            block = True
    return "single" if block or flow and flow_only else "plain"


def _double(text):
    out = ['"']
    for c in text:
        code = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif " " <= c <= "~":
            out.append(c)
        elif code <= 0xFF:
            out.append("\\x%02X" % code)
        elif code <= 0xFFFF:
            out.append("\\u%04X" % code)
        else:
            out.append("\\U%08X" % code)
    out.append('"')
    return "".join(out)


def _folded(text, column, indent, width, quote):
    """`text` written from `column`, a line break for a single space once past `width`."""
    out = [quote]
    col = column + len(quote)
    words = text.replace("'", "''").split(" ") if quote else text.split(" ")
    for i, word in enumerate(words):
        if i:
            if col > width and word and words[i - 1] and 0 < i < len(words):
                out.append("\n" + " " * indent)
                col = indent
            else:
                out.append(" ")
                col += 1
        out.append(word)
        col += len(word)
    out.append(quote)
    return "".join(out)


def _scalar(value, column, indent, width, flow=False):
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, str):
        style = _style(value, flow)
        if style == "double":
            return _double(value)
        if style == "single" and "\n" in value:
            lines = value.replace("'", "''").split("\n")
            sep = "\n\n" + " " * indent
            return "'" + sep.join(lines) + "'"
        return _folded(value, column, indent, width, "'" if style == "single" else "")
    raise YAMLError("cannot represent an object: %r" % (value,))


def _items(mapping, sort_keys):
    items = list(mapping.items())
    if sort_keys:
        items.sort(key=lambda kv: kv[0])
    return items


def _is_collection(value):
    return isinstance(value, (dict, list, tuple))


def _flow(value, opts):
    if isinstance(value, dict):
        return "{" + ", ".join(_flow(k, opts) + ": " + _flow(v, opts)
                               for k, v in _items(value, opts["sort_keys"])) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v, opts) for v in value) + "]"
    return _scalar(value, 0, 0, 1 << 30, flow=True)


def _use_flow(value, opts):
    style = opts["flow"]
    if not value:
        return True
    if style is None:
        items = value.values() if isinstance(value, dict) else value
        return not any(_is_collection(v) for v in items)
    return bool(style)


def _block(value, indent, out, opts, first_prefix):
    """Append the lines of a non-empty block collection; the first line starts with `first_prefix`."""
    prefix = first_prefix
    if isinstance(value, dict):
        for key, item in _items(value, opts["sort_keys"]):
            if _is_collection(key):
                raise YAMLError("complex mapping keys are not supported in the sandbox's yaml")
            head = prefix + _scalar(key, len(prefix), indent + 2, opts["width"]) + ":"
            _value(item, indent, out, opts, head, inside_mapping=True)
            prefix = " " * indent
    else:
        for item in value:
            _value(item, indent, out, opts, prefix + "-", inside_mapping=False)
            prefix = " " * indent


def _value(item, indent, out, opts, head, inside_mapping):
    if _is_collection(item) and not _use_flow(item, opts):
        if isinstance(item, dict) and inside_mapping:
            out.append(head)
            _block(item, indent + 2, out, opts, " " * (indent + 2))
        elif inside_mapping:  # a sequence in a mapping is not indented (PyYAML's default)
            out.append(head)
            _block(item, indent, out, opts, " " * indent)
        else:
            _block(item, indent + 2, out, opts, head + " ")
    elif _is_collection(item):
        out.append(head + " " + _flow(item, opts))
    else:
        out.append(head + " " + _scalar(item, len(head) + 1, indent + 2, opts["width"]))


def dump(data, stream=None, Dumper=None, default_flow_style=False, sort_keys=True, width=80,
         explicit_start=False, indent=None, allow_unicode=False, **kwargs):
    """Write `data` as YAML to `stream` (a text file), or return the text when there is none."""
    opts = {"flow": default_flow_style, "sort_keys": sort_keys, "width": width or 80}
    lines = []
    if _is_collection(data) and not _use_flow(data, opts):
        _block(data, 0, lines, opts, "")
        text = "\n".join(lines) + "\n"
    elif _is_collection(data):
        text = _flow(data, opts) + "\n"
    else:
        text = _scalar(data, 0, 2, opts["width"]) + "\n"
        if _style(data) == "plain" if isinstance(data, str) else True:
            text += "...\n"
    if explicit_start:
        text = "---" + (" " if not _is_collection(data) else "\n") + text
    if stream is None:
        return text
    stream.write(text)
    return None


safe_dump = dump


def dump_all(documents, stream=None, **kwargs):
    text = "".join(("--- " if i else "") + dump(d, **kwargs) for i, d in enumerate(documents))
    if stream is None:
        return text
    stream.write(text)
    return None


safe_dump_all = dump_all


from yaml._reader import full_load, full_load_all, load, load_all, safe_load, safe_load_all, unsafe_load  # noqa: E402,F401
