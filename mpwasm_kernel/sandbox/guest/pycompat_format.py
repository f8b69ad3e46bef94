# Guest side, compiled on first use only: the format() builtin with CPython's format-spec
# mini-language. A part of the lazily compiled CPython shims: the host appends this file to
# pycompat_lazy.py (PYCOMPAT_LAZY in boot.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - `get` is provided by the shims' namespace

# @part format
# format(value, spec): this build has no format() builtin, and its own formatting (str.format,
# f-strings) differs from CPython's for floats without a type (3.0 -> "3"), precision past 16
# digits, ',' and '_' grouping, '=' as a fill character and the '%' type. The source pass
# rewrites f-strings that use such specs into format() calls (sandbox/cpython/transform.py).
# Values of other types go to their __format__ (datetime, Decimal, user classes), else str().
def _parse(spec):
    # [[fill]align][sign][z][#][0][width][grouping][.precision][type]
    fill, align, i = " ", "", 0
    if len(spec) >= 2 and spec[1] in "<>=^":
        fill, align, i = spec[0], spec[1], 2
    elif spec[:1] in ("<", ">", "=", "^"):
        align, i = spec[0], 1
    sign = ""
    if spec[i:i + 1] in ("+", "-", " "):
        sign = spec[i]
        i += 1
    if spec[i:i + 1] == "z":
        i += 1
    alt = spec[i:i + 1] == "#"
    if alt:
        i += 1
    if spec[i:i + 1] == "0" and not align:
        fill, align = "0", "0"  # zero padding: after the sign for numbers, on the right of a str
        i += 1
    start = i
    while spec[i:i + 1].isdigit():
        i += 1
    width = int(spec[start:i]) if i > start else 0
    group = ""
    if spec[i:i + 1] in (",", "_"):
        group = spec[i]
        i += 1
    precision = None
    if spec[i:i + 1] == ".":
        start = i = i + 1
        while spec[i:i + 1].isdigit():
            i += 1
        if i == start:
            raise ValueError("Format specifier missing precision")
        precision = int(spec[start:i])
    kind = spec[i:]
    if len(kind) > 1:
        raise ValueError("Invalid format specifier '%s' for object of type" % spec)
    return fill, align, sign, alt, width, group, precision, kind


def _grouped(digits, group):
    if not group:
        return digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]]
    for k in range(head, len(digits), 3):
        parts.append(digits[k:k + 3])
    return group.join(parts)


def _fixed(x, precision):
    # exact decimal expansion of the float x to `precision` places, rounding half to even
    n, d = get("_ratio")(abs(x))
    q, r = divmod(n * 10 ** precision, d)
    if 2 * r > d or (2 * r == d and q % 2):
        q += 1
    text = str(q)
    if precision:
        text = "0" * (precision + 1 - len(text)) + text
        return text[:-precision], text[-precision:]
    return text, ""


def _exp(x, precision):
    # (mantissa digits, exponent) with precision+1 significant digits, exact, half to even
    x = abs(x)
    if x == 0:
        return "0" * (precision + 1), 0
    n, d = get("_ratio")(x)
    e = len(str(n // d)) - 1 if n >= d else -len(str(d // n))
    while True:
        scale = precision - e
        num, den = (n * 10 ** scale, d) if scale >= 0 else (n, d * 10 ** -scale)
        q, r = divmod(num, den)
        if 2 * r > den or (2 * r == den and q % 2):
            q += 1
        if len(str(q)) == precision + 2:
            e += 1
            continue
        if len(str(q)) <= precision:
            e -= 1
            continue
        return str(q), e


def _float(x, alt, precision, kind, group):
    if x != x or x in (float("inf"), float("-inf")):
        return ("nan" if x != x else "inf") + ("%" if kind == "%" else "")
    if kind in ("f", "F", "%"):
        if kind == "%":
            x = x * 100
        whole, frac = _fixed(x, 6 if precision is None else precision)
        text = _grouped(whole, group) + ("." + frac if frac or alt else "")
        return text + ("%" if kind == "%" else "")
    if kind in ("e", "E"):
        digits, e = _exp(x, 6 if precision is None else precision)
        text = digits[0] + ("." + digits[1:] if len(digits) > 1 or alt else "")
        return text + ("e" if kind == "e" else "E") + ("-" if e < 0 else "+") + "%02d" % abs(e)
    if kind == "" and precision is None:
        text = get("float_repr")(abs(x))
        if group and "e" not in text:
            whole, _, frac = text.partition(".")
            text = _grouped(whole, group) + "." + frac
        return text
    # "g", "G", "n", or no type with a precision
    p = 6 if precision is None and kind else (precision or 1)
    digits, e = _exp(x, p - 1)
    if -4 <= e < p:
        whole, frac = _fixed(x, max(p - 1 - e, 0))
        if not alt:
            frac = frac.rstrip("0")
        text = _grouped(whole, group) + ("." + frac if frac else ("." if alt else ""))
        if kind == "" and not frac and not alt:
            text += ".0"  # no type: at least one digit after the point
        return text
    mantissa = digits if alt else digits.rstrip("0")
    text = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return text + ("E" if kind == "G" else "e") + ("-" if e < 0 else "+") + "%02d" % abs(e)


def _int(n, alt, kind, group):
    n = abs(n)
    if kind in ("", "d", "n"):
        return _grouped(str(n), group)
    if kind in ("x", "X", "o", "b"):
        # The interpreter's own conversion (linear for these bases; big ones go to the host).
        digits = (hex if kind in ("x", "X") else oct if kind == "o" else bin)(n)[2:]
        if group:
            head = len(digits) % 4 or 4
            digits = group.join([digits[:head]] + [digits[k:k + 4] for k in range(head, len(digits), 4)])
        if kind == "X":
            digits = digits.upper()
        return ("0" + kind if alt else "") + digits
    if kind == "c":
        return chr(n)
    return None


def format(value, format_spec=""):
    kind_of = type(value)
    if kind_of is not int and kind_of is not float and kind_of is not str and kind_of is not bool:
        if hasattr(kind_of, "__format__"):  # a class's own (datetime, Decimal, user classes)
            return value.__format__(format_spec)
        if not format_spec:
            return str(value)
        if not isinstance(value, int):
            if kind_of.__name__ in ("complex",):
                return ("{:" + format_spec + "}").format(value)
            raise TypeError("unsupported format string passed to %s.__format__" % kind_of.__name__)
        value, kind_of = int(value), int  # an int subclass (IntEnum): int.__format__ of its value
    if not format_spec:
        return str(value)
    fill, align, sign, alt, width, group, precision, kind = _parse(format_spec)
    if kind_of is bool:
        value, kind_of = int(value), int
    if kind_of is str:
        if align == "0":
            align = "<"
        if kind not in ("", "s") or sign or group or align == "=":
            raise ValueError("Unknown format code '%s' for object of type 'str'" % kind if kind not in ("", "s")
                             else "Sign not allowed in string format specifier")
        body, negative = value if precision is None else value[:precision], False
        align = align or "<"
    else:
        if kind == "s":
            raise ValueError("Unknown format code 's' for object of type '%s'" % kind_of.__name__)
        if kind_of is not float and kind in ("e", "E", "f", "F", "g", "G", "%", "n") and kind != "n":
            value = float(value)
        elif kind_of is float and kind in ("d", "x", "X", "o", "b", "c"):
            raise ValueError("Unknown format code '%s' for object of type 'float'" % kind)
        negative = value < 0 or (type(value) is float and value == 0 and str(value)[0] == "-")
        if type(value) is float:
            body = _float(value, alt, precision, kind, group)
            if kind in ("F", "E", "G"):
                body = body.upper()
        else:
            if precision is not None:
                raise ValueError("Precision not allowed in integer format specifier")
            if kind == "c" and not 0 <= value < 0x110000:
                raise OverflowError("%c arg not in range(0x110000)")
            body = _int(value, alt, kind, group)
            if body is None:
                raise ValueError("Unknown format code '%s' for object of type 'int'" % kind)
        align = align or ">"
    prefix = "-" if negative else ("+" if sign == "+" else " " if sign == " " else "")
    if align == "0" and group and body[:1].isdigit():  # zero padding is grouped too: 0,000,042
        at = 0
        while at < len(body) and (body[at].isdigit() or body[at] == group):
            at += 1
        digits, rest = body[:at].replace(group, ""), body[at:]
        while len(prefix) + len(_grouped(digits, group)) + len(rest) < width:
            digits = "0" + digits
        return prefix + _grouped(digits, group) + rest
    room = width - len(prefix) - len(body)
    if room <= 0:
        return prefix + body
    if align == "=" or align == "0":
        return prefix + fill * room + body
    if align == "<":
        return prefix + body + fill * room
    if align == ">":
        return fill * room + prefix + body
    left = room // 2
    return fill * left + prefix + body + fill * (room - left)


# @part _mpk_sfmt
# `"literal".format(...)` whose fields have a spec this build formats otherwise (the source pass
# sends only those here, see cpython/transform.py): CPython's str.format over the guest's
# format() above. Field names with attributes and indexes (`{0.x}`, `{a[1]}`), conversions
# (!r !s !a), nested specs (`{:{w}.{p}f}`), automatic and manual numbering, `{{` and `}}`.
def _mpk_sfmt(template, *args, **kwargs):
    if template.__class__ is not str:  # `t.format(...)`, `t` assigned a literal in the cell, rebound since
        return template.format(*args, **kwargs)
    return _format_text(template, args, kwargs, [0], 2)


def _format_text(template, args, kwargs, auto, depth):
    if depth < 0:
        raise ValueError("Max string recursion exceeded")
    out = []
    i, n = 0, len(template)
    while i < n:
        c = template[i]
        if c == "}":
            if template[i + 1:i + 2] != "}":
                raise ValueError("Single '}' encountered in format string")
            out.append("}")
            i += 2
            continue
        if c != "{":
            j = i
            while j < n and template[j] not in "{}":
                j += 1
            out.append(template[i:j])
            i = j
            continue
        if template[i + 1:i + 2] == "{":
            out.append("{")
            i += 2
            continue
        level, j = 1, i + 1
        while j < n and level:
            if template[j] == "{":
                level += 1
            elif template[j] == "}":
                level -= 1
            j += 1
        if level:
            raise ValueError("expected '}' before end of string")
        out.append(_field(template[i + 1:j - 1], args, kwargs, auto, depth))
        i = j
    return "".join(out)


def _field(text, args, kwargs, auto, depth):
    spec = ""
    at = text.find(":")
    bang = text.find("!")
    if bang >= 0 and (at < 0 or bang < at):
        name, rest = text[:bang], text[bang + 1:]
        conv, _, spec = rest.partition(":")
        if len(conv) != 1:
            raise ValueError("expected ':' after conversion specifier")
    else:
        conv = None
        name, _, spec = text.partition(":")
    first, k = name, 0
    while k < len(name) and name[k] not in ".[":
        k += 1
    first, rest = name[:k], name[k:]
    if first == "":
        if auto[0] < 0:
            raise ValueError("cannot switch from manual field specification to automatic field numbering")
        value = args[auto[0]] if auto[0] < len(args) else _missing(auto[0], len(args))
        auto[0] += 1
    elif first.isdigit():
        if auto[0] > 0:
            raise ValueError("cannot switch from automatic field numbering to manual field specification")
        auto[0] = -1
        index = int(first)
        value = args[index] if index < len(args) else _missing(index, len(args))
    else:
        value = kwargs[first]
    while rest:
        if rest[0] == ".":
            k = 1
            while k < len(rest) and rest[k] not in ".[":
                k += 1
            value, rest = getattr(value, rest[1:k]), rest[k:]
        else:
            k = rest.find("]")
            if k < 0:
                raise ValueError("Missing ']' in format string")
            key = rest[1:k]
            value, rest = value[int(key) if key.isdigit() else key], rest[k + 1:]
    if conv == "r":
        value = repr(value)
    elif conv == "s":
        value = str(value)
    elif conv == "a":
        value = ascii(value)
    elif conv is not None:
        raise ValueError("Unknown conversion specifier %s" % conv)
    if "{" in spec:
        spec = _format_text(spec, args, kwargs, auto, depth - 1)
    return get("format")(value, spec)


def _missing(index, count):
    raise IndexError("Replacement index %d out of range for positional args tuple" % index)


# @part _mpk_pexact
# `"literal" % value` whose float conversions need more significant digits than this build's
# formatting gets right (`_mpk_pct` sends only those here): CPython's printf-style formatting,
# the float conversions (e, E, f, F, g, G of a float or int) through format() above, which
# computes exact digits, and every other conversion by the build's own `%` one at a time.
def _mpk_pexact(text, value):
    args = value if value.__class__ is tuple else (value,)
    mapping = value if value.__class__ is dict else None
    out, used, at, n = [], 0, 0, len(text)
    while at < n:
        start = text.find("%", at)
        if start < 0:
            out.append(text[at:])
            break
        out.append(text[at:start])
        i = start + 1
        item = None
        if i < n and text[i] == "(":
            close = text.index(")", i)
            item = mapping[text[i + 1:close]]
            i = close + 1
        flags = ""
        while i < n and text[i] in "-+ #0":
            flags += text[i]
            i += 1
        width = prec = ""
        for part in ("width", "prec"):
            if part == "prec":
                if i >= n or text[i] != ".":
                    break
                prec, i = ".", i + 1
            if i < n and text[i] == "*":
                if used >= len(args):
                    raise TypeError("not enough arguments for format string")
                number, used, i = args[used], used + 1, i + 1
            else:
                j = i
                while i < n and text[i].isdigit():
                    i += 1
                number = text[j:i]
            if part == "width":
                width = str(number)
            else:
                prec += str(number or 0)
        while i < n and text[i] in "hlL":
            i += 1
        if i >= n:
            raise ValueError("incomplete format")
        kind, at = text[i], i + 1
        if kind == "%":
            out.append("%")
            continue
        if item is None and mapping is None:
            if used >= len(args):
                raise TypeError("not enough arguments for format string")
            item, used = args[used], used + 1
        elif item is None:
            item = value
        if kind in "eEfFgG" and (item.__class__ is float or item.__class__ is int):
            spec = ("<" if "-" in flags else "") + ("+" if "+" in flags else " " if " " in flags else "") + \
                ("#" if "#" in flags else "") + ("0" if "0" in flags and "-" not in flags else "")
            out.append(format(float(item), spec + width + prec + kind))
        else:
            out.append(("%" + flags + width + prec + kind) % (item,))
    if mapping is None and used < len(args):
        raise TypeError("not all arguments converted during string formatting")
    return "".join(out)
