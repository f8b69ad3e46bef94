"""Colours, format strings, colour maps and text clean-up for the sandbox's matplotlib.

Runs inside MicroPython (no dict-order assumptions, no str.ljust).
"""

CYCLE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
         "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")

_LETTERS = {"b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf", "m": "#bf00bf",
            "y": "#bfbf00", "k": "#000000", "w": "#ffffff"}

_TAB = {"blue": 0, "orange": 1, "green": 2, "red": 3, "purple": 4, "brown": 5, "pink": 6,
        "gray": 7, "grey": 7, "olive": 8, "cyan": 9}

MARKERS = ".,ov^<>1234sp*hH+xXDd|_"
LINESTYLES = ("--", "-.", "-", ":")
_DASH = {"-": None, "solid": None, "--": "5.55,2.4", "dashed": "5.55,2.4", "-.": "9.6,2.4,1.5,2.4",
         "dashdot": "9.6,2.4,1.5,2.4", ":": "1.5,2.475", "dotted": "1.5,2.475"}


def _hex2(v):
    v = int(round(v * 255))
    if v < 0:
        v = 0
    if v > 255:
        v = 255
    return "%02x" % v


def color(c, default=None):
    """An SVG colour for a matplotlib colour spec: letters, 'C3', 'tab:red', names, hex,
    grey-level strings ('0.5') and (r, g, b[, a]) tuples of floats in 0..1."""
    if c is None:
        return default
    if isinstance(c, str):
        low = c.lower()
        if low in _LETTERS:
            return _LETTERS[low]
        if len(low) == 2 and low[0] == "c" and low[1].isdigit():
            return CYCLE[int(low[1])]
        if low.startswith("tab:") and low[4:] in _TAB:
            return CYCLE[_TAB[low[4:]]]
        if low in ("none", "transparent"):
            return "none"
        try:
            g = float(low)
            if 0.0 <= g <= 1.0:
                return "#" + _hex2(g) * 3
        except ValueError:
            pass
        if low.startswith("#") and len(low) in (4, 5, 7, 9) and all(ch in "0123456789abcdef" for ch in low[1:]):
            if len(low) <= 5:
                return "#" + low[1] * 2 + low[2] * 2 + low[3] * 2
            return low[:7]
        from matplotlib._colormaps import NAMED

        name = low.replace(" ", "")
        if name in NAMED:
            return NAMED[name]
        raise ValueError("%r is not a valid color value." % c)
    try:
        seq = [float(v) for v in c]
    except Exception:
        raise ValueError("%r is not a valid color value" % (c,)) from None
    if len(seq) not in (3, 4):
        raise ValueError("RGBA sequence should have length 3 or 4")
    return "#" + _hex2(seq[0]) + _hex2(seq[1]) + _hex2(seq[2])


def alpha_of(c):
    """The alpha of an RGBA tuple colour, else None."""
    if isinstance(c, (tuple, list)) and len(c) == 4:
        return float(c[3])
    return None


def dash(ls):
    """SVG stroke-dasharray for a line style (None for solid), or '' for no line."""
    if ls in (None, "", " ", "None", "none"):
        return ""
    if isinstance(ls, tuple) and len(ls) == 2 and isinstance(ls[1], (list, tuple)):
        return ",".join(repr(float(v)) for v in ls[1])  # (offset, on/off sequence)
    if ls not in _DASH:
        raise ValueError("%r is not a valid value for linestyle" % (ls,))
    return _DASH[ls]


def parse_fmt(fmt):
    """Split a format string like 'r--o' into (color, linestyle, marker); parts may be None."""
    col = ls = mk = None
    i = 0
    n = len(fmt)
    while i < n:
        two = fmt[i:i + 2]
        ch = fmt[i]
        if two in ("--", "-."):
            ls = two
            i += 2
            continue
        if ch in "-:":
            ls = ch
        elif ch == "C" and i + 1 < n and fmt[i + 1].isdigit():
            col = fmt[i:i + 2]
            i += 2
            continue
        elif ch in _LETTERS:
            col = ch
        elif ch in MARKERS:
            mk = ch
        else:
            raise ValueError("%r is not a valid format string (unrecognized character %r)" % (fmt, ch))
        i += 1
    if mk is not None and ls is None:
        ls = "None"
    return col, ls, mk


# --- colour maps: a few stops each, interpolated linearly -----------------------------------

_CMAPS = {
    "viridis": ((68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
                (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37)),
    "plasma": ((13, 8, 135), (84, 2, 163), (139, 10, 165), (185, 50, 137), (219, 92, 104),
               (244, 136, 73), (254, 188, 43), (240, 249, 33)),
    "inferno": ((0, 0, 4), (40, 11, 84), (101, 21, 110), (159, 42, 99), (212, 72, 66),
                (245, 125, 21), (250, 193, 39), (252, 255, 164)),
    "magma": ((0, 0, 4), (28, 16, 68), (79, 18, 123), (129, 37, 129), (181, 54, 122),
              (229, 80, 100), (251, 135, 97), (254, 194, 135), (252, 253, 191)),
    "gray": ((0, 0, 0), (255, 255, 255)),
    "grey": ((0, 0, 0), (255, 255, 255)),
    "hot": ((10, 0, 0), (255, 0, 0), (255, 255, 0), (255, 255, 255)),
    "coolwarm": ((59, 76, 192), (141, 176, 254), (221, 221, 221), (244, 154, 123), (180, 4, 38)),
    "bwr": ((0, 0, 255), (255, 255, 255), (255, 0, 0)),
    "RdBu": ((103, 0, 31), (214, 96, 77), (247, 247, 247), (67, 147, 195), (5, 48, 97)),
    "Blues": ((247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)),
    "Reds": ((255, 245, 240), (252, 187, 161), (251, 106, 74), (203, 24, 29), (103, 0, 13)),
    "Greens": ((247, 252, 245), (199, 233, 192), (116, 196, 118), (35, 139, 69), (0, 68, 27)),
    "YlGnBu": ((255, 255, 217), (199, 233, 180), (65, 182, 196), (34, 94, 168), (8, 29, 88)),
    "jet": ((0, 0, 128), (0, 0, 255), (0, 255, 255), (255, 255, 0), (255, 0, 0), (128, 0, 0)),
}


def _more_cmaps():
    """Load the colour maps of matplotlib._colormaps (on the first name not among the above)."""
    from matplotlib._colormaps import STOPS

    for name in STOPS:
        _CMAPS.setdefault(name, STOPS[name])


def register_cmap(name, stops):
    """Make a colour map of evenly spaced (r, g, b) 0..255 stops known by ``name``."""
    if len(stops) < 2:
        stops = list(stops) * 2
    _CMAPS[name[:-2] if name.endswith("_r") else name] = tuple(tuple(int(v) for v in s) for s in stops)


def cmap_name(cmap):
    """Validated colour-map name (objects with ``.name`` are accepted); '_r' reverses."""
    if cmap is None:
        return "viridis"
    name = getattr(cmap, "name", cmap)
    base = name[:-2] if name.endswith("_r") else name
    if base not in _CMAPS:
        _more_cmaps()
    if base not in _CMAPS:
        names = sorted(_CMAPS)
        raise ValueError("%r is not a colormap available in the sandbox; choose one of %s"
                         % (name, ", ".join(names)))
    return name


def cmap_color(name, t):
    """Colour at ``t`` in 0..1 (clipped) of colour map ``name``; NaN gives 'none'."""
    if t != t:
        return "none"
    if name.endswith("_r"):
        name = name[:-2]
        t = 1.0 - t
    stops = _CMAPS[name]
    if t <= 0.0:
        r, g, b = stops[0]
    elif t >= 1.0:
        r, g, b = stops[-1]
    else:
        pos = t * (len(stops) - 1)
        i = int(pos)
        f = pos - i
        a = stops[i]
        z = stops[i + 1]
        r = a[0] + (z[0] - a[0]) * f
        g = a[1] + (z[1] - a[1]) * f
        b = a[2] + (z[2] - a[2]) * f
    return "#%02x%02x%02x" % (int(r + 0.5), int(g + 0.5), int(b + 0.5))


# --- text -------------------------------------------------------------------------------------

# Tables kept as single strings and split on first use: every string literal becomes a
# runtime qstr in MicroPython, and qstr lookups are linear.
_TEX_SRC = ("\\alpha α \\beta β \\gamma γ \\delta δ \\Delta Δ \\epsilon ε \\theta θ \\lambda λ \\mu μ "
            "\\pi π \\sigma σ \\Sigma Σ \\omega ω \\Omega Ω \\phi φ \\tau τ \\rho ρ \\eta η \\chi χ "
            "\\cdot · \\times × \\pm ± \\infty ∞ \\leq ≤ \\geq ≥ \\approx ≈ \\neq ≠ \\sqrt √ "
            "\\degree ° \\circ °")
_SUP_SRC = ("0123456789-+ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿⁱ")
_SUB_SRC = ("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")
_tables = {}


def _table(name):
    """The mathtext tables ('tex' pairs, 'sup'/'sub' character maps), built on first use."""
    if name not in _tables:
        if name == "tex":
            words = _TEX_SRC.split(" ")
            pairs = [(words[i], words[i + 1]) for i in range(0, len(words), 2)]
            pairs += [("\\,", " "), ("\\ ", " "), ("\\mathrm", ""), ("\\rm", ""), ("\\", "")]
            _tables[name] = pairs
        else:
            src, dst = _SUP_SRC if name == "sup" else _SUB_SRC
            _tables[name] = {src[i]: dst[i] for i in range(len(src))}
    return _tables[name]


def sup(text):
    """``text`` in Unicode superscript characters where they exist."""
    table = _table("sup")
    return "".join(table.get(c, c) for c in text)


def _script(text, table, mark):
    out = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == mark and i + 1 < n:
            if text[i + 1] == "{":
                j = text.find("}", i)
                part = text[i + 2:j] if j > 0 else text[i + 2:]
                i = j + 1 if j > 0 else n
            else:
                part = text[i + 1]
                i += 2
            for c in part:
                out.append(table.get(c, c))
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def mathtext(s):
    """Plain text for a label: ``$...$`` math reduced to Unicode (Greek, super/subscripts)."""
    s = str(s)
    if "$" not in s:
        return s
    parts = s.split("$")
    for k in range(1, len(parts), 2):
        p = parts[k]
        for src, dst in _table("tex"):
            p = p.replace(src, dst)
        p = _script(_script(p, _table("sup"), "^"), _table("sub"), "_")
        parts[k] = p.replace("{", "").replace("}", "")
    return "".join(parts)


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def text_width(s, size):
    """Estimated width in points of ``s`` at font ``size`` (DejaVu Sans averages)."""
    w = 0.0
    for ch in s:
        if ch in "il.,:;|!' ":
            w += 0.32
        elif ch in "mwMW":
            w += 0.86
        elif "A" <= ch <= "Z":
            w += 0.68
        else:
            w += 0.6
    return w * size
