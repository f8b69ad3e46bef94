"""numpy's array repr/str layout (array2string defaults) for the sandbox's numpy.

Runs inside MicroPython. Input is a nested list of Python values of one kind ('int', 'float'
or 'bool'); output matches numpy 2: precision 8, 75 columns, summarised above 1000 elements.
"""

_INF = float("inf")
options = {"precision": 8, "threshold": 1000, "edgeitems": 3, "linewidth": 75, "suppress": False}


def _rjust(s, n):
    return " " * (n - len(s)) + s


def _ljust(s, n):
    return s + " " * (n - len(s))


def _strip_frac(s):
    """'1.50000000' -> '1.5', '2.00000000' -> '2.'"""
    if "." in s:
        s = s.rstrip("0")
    return s


def _float_formatter(vals, plus=False):
    """A function formatting each float like numpy's FloatingFormat for the values shown
    (``plus``: a sign on every value, as numpy's imaginary parts)."""
    prec = options["precision"]
    finite = [v for v in vals if v == v and v != _INF and v != -_INF]
    nz = [abs(v) for v in finite if v != 0]
    exp = False
    if nz:
        mx = max(nz)
        mn = min(nz)
        if mx >= 1e8 or (not options["suppress"] and (mn < 0.0001 or mx / mn > 1000.0)):
            exp = True
    if exp:
        parts = []
        pad_right = 0
        for v in finite:
            m, e = (("%." + str(prec) + "e") % v).split("e")
            m = _strip_frac(m)
            if plus and not m.startswith("-"):
                m = "+" + m
            parts.append((m, e))
            pad_right = max(pad_right, len(m.split(".")[1]))
        pad_left = max([len(m.split(".")[0]) for m, _ in parts] or [1])
        exp_w = max([len(e.lstrip("+-")) for _, e in parts] + [2])

        def fmt_exp(v):
            if v != v:
                return "nan"
            if v in (_INF, -_INF):
                return "inf" if v > 0 else "-inf"
            s = ("%." + str(pad_right) + "e") % v
            m, e = s.split("e")
            if plus and not m.startswith("-"):
                m = "+" + m
            if pad_right == 0:
                m = m + "."
            sign = e[0] if e[0] in "+-" else "+"
            digits = e.lstrip("+-")
            digits = "0" * (exp_w - len(digits)) + digits
            return _rjust(m.split(".")[0], pad_left) + "." + m.split(".")[1] + "e" + sign + digits

        width = max([len(fmt_exp(v)) for v in vals] or [0])
        return lambda v: _rjust(fmt_exp(v), width)

    pad_left = 0
    pad_right = 0
    for v in finite:
        s = _strip_frac(("%." + str(prec) + "f") % v)
        if s.startswith("-") and float(s) == 0.0 and not ("%.1f" % v).startswith("-"):
            s = s[1:]
        if plus and not s.startswith("-"):
            s = "+" + s
        ip, fp = s.split(".")
        pad_left = max(pad_left, len(ip))
        pad_right = max(pad_right, len(fp))
    special = [4 if v == -_INF else 3 for v in vals if not (v == v and v != _INF and v != -_INF)]
    if special:
        pad_left = max(pad_left, max(special) - pad_right - 1)

    def fmt(v):
        if v != v:
            return _rjust("nan", pad_left + pad_right + 1)
        if v == _INF or v == -_INF:
            return _rjust("inf" if v > 0 else "-inf", pad_left + pad_right + 1)
        s = _strip_frac(("%." + str(prec) + "f") % v)
        if plus and not s.startswith("-"):
            s = "+" + s
        ip, fp = s.split(".")
        return _rjust(ip, pad_left) + "." + _ljust(fp, pad_right)

    return fmt


def _complex_formatter(vals):
    """numpy's ComplexFloatingFormat: real and imaginary parts each laid out over the array,
    the 'j' before the imaginary part's padding."""
    real = _float_formatter([v.real for v in vals])
    imag = _float_formatter([v.imag for v in vals], True)

    def fmt(v):
        i = imag(v.imag)
        n = len(i.rstrip())
        return real(v.real) + i[:n] + "j" + i[n:]

    return fmt


def formatter(kind, vals):
    if kind == "bool":
        return lambda v: " True" if v else "False"
    if kind == "int":
        width = max([len(str(v)) for v in vals] or [1])
        return lambda v: _rjust(str(v), width)
    if kind == "complex":
        return _complex_formatter(vals)
    return _float_formatter(vals)


def _visible(data, depth, summarize, out):
    """Collect the values that will be shown (leading/trailing edge items when summarising)."""
    if not isinstance(data, list):
        out.append(data)
        return
    n = len(data)
    edge = options["edgeitems"]
    if summarize and n > 2 * edge:
        items = data[:edge] + data[n - edge:]
    else:
        items = data
    for item in items:
        _visible(item, depth + 1, summarize, out)


def _extend(s, line, word, width, prefix):
    if len(line) + len(word) > width and len(line) > len(prefix):
        s += line.rstrip() + "\n"
        line = prefix
    return s, line + word


def _format_array(data, fmt, width, prefix, sep, summarize):
    edge = options["edgeitems"]

    def rec(item, hanging, curr_width, ndim_left):
        if ndim_left == 0:
            return fmt(item)
        next_hanging = hanging + " "
        next_width = curr_width - 1
        n = len(item)
        summary = summarize and 2 * edge < n
        lead = edge if summary else 0
        trail = edge if summary else n
        s = ""
        if ndim_left == 1:
            elem_width = curr_width - max(len(sep.rstrip()), 1)
            line = hanging
            for i in range(lead):
                s, line = _extend(s, line, rec(item[i], next_hanging, next_width, 0), elem_width, hanging)
                line += sep
            if summary:
                s, line = _extend(s, line, "...", elem_width, hanging)
                line += sep
            for i in range(trail, 1, -1):
                s, line = _extend(s, line, rec(item[n - i], next_hanging, next_width, 0), elem_width, hanging)
                line += sep
            if n:
                s, line = _extend(s, line, rec(item[n - 1], next_hanging, next_width, 0), elem_width, hanging)
            s += line
        else:
            line_sep = sep.rstrip() + "\n" * (ndim_left - 1)
            for i in range(lead):
                s += hanging + rec(item[i], next_hanging, next_width, ndim_left - 1) + line_sep
            if summary:
                s += hanging + "..." + line_sep
            for i in range(trail, 1, -1):
                s += hanging + rec(item[n - i], next_hanging, next_width, ndim_left - 1) + line_sep
            if n:
                s += hanging + rec(item[n - 1], next_hanging, next_width, ndim_left - 1)
        return "[" + s[len(hanging):] + "]"

    ndim = 0
    probe = data
    while isinstance(probe, list):
        ndim += 1
        probe = probe[0] if probe else None
    return rec(data, prefix, width, ndim)


def array_text(data, kind, size, shape, repr_mode, dtype_name=None, name="array"):
    """numpy's ``repr(a)`` (``repr_mode``; ``name(...)``) or ``str(a)`` of nested list ``data``."""
    summarize = size > options["threshold"]
    vals = []
    _visible(data, 0, summarize, vals)
    fmt = formatter(kind, vals)
    if not repr_mode:
        if size == 0:
            return "[]"
        return _format_array(data, fmt, options["linewidth"], " ", " ", summarize)
    extras = []
    if summarize or (size == 0 and len(shape) != 1):
        extras.append("shape=" + _shape(shape))
    if size == 0:
        extras.append("dtype=" + str(dtype_name))
    body = "[]" if size == 0 else _format_array(data, fmt, options["linewidth"] - 1, " " * (len(name) + 2), ", ",
                                                summarize)
    text = name + "(" + body
    if not extras:
        return text + ")"
    text += ","
    extra = ", ".join(extras) + ")"
    last = len(text) - (text.rfind("\n") + 1)
    spacer = "\n" + " " * (len(name) + 1) if last + len(extra) + 1 > options["linewidth"] else " "
    return text + spacer + extra


def _shape(shape):
    if len(shape) == 1:
        return "(%d,)" % shape[0]
    return "(" + ", ".join(str(n) for n in shape) + ")"
