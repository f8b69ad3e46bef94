"""Tick positions and labels as matplotlib's locators and formatters choose them (runs inside
MicroPython).
"""

import math

from matplotlib import _style
from matplotlib._svgbase import _MINUS

# --- ticks -----------------------------------------------------------------------------------

def nice_ticks(lo, hi, nbins):
    """Tick positions in [lo, hi] with a 1/2/2.5/5/10 x 10^k step, at most ``nbins`` intervals."""
    if hi < lo:
        lo, hi = hi, lo
    span = hi - lo
    if span <= 0 or span != span:
        return [lo]
    raw = span / max(nbins, 1)
    scale = 10 ** math.floor(math.log10(raw))
    step = 10 * scale
    for s in (1, 2, 2.5, 5, 10):
        if s * scale >= raw * (1 - 1e-9):
            step = s * scale
            break
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [k * step for k in range(int(first), int(last) + 1)]


def _decimals(step):
    for d in range(0, 12):
        v = step * 10 ** d
        if abs(v - round(v)) < 1e-6 * max(1.0, abs(v)):
            return d
    return 12


def tick_labels(ticks, limits=None, mathtext=False):
    """matplotlib ScalarFormatter-like labels and an offset/scale text ('' if none).

    ``limits`` (low, high): scientific scaling when the ticks' order of magnitude is at most low
    or at least high (``set_powerlimits``); ``mathtext``: the scale as ``×10^k``, else ``1ek``."""
    if not ticks:
        return [], ""
    big = max(abs(t) for t in ticks)
    exp = 0
    if limits is not None:
        oom = int(math.floor(math.log10(big))) if big > 0 else 0
        exp = oom if oom <= limits[0] or oom >= limits[1] else 0
    elif big >= 1e5 or (0 < big < 1e-3):
        exp = int(math.floor(math.log10(big)))
    scale = 10.0 ** exp
    vals = [t / scale for t in ticks]
    step = abs(vals[1] - vals[0]) if len(vals) > 1 else abs(vals[0]) or 1.0
    d = _decimals(step)
    out = []
    for v in vals:
        s = ("%." + str(d) + "f") % v
        if s.startswith("-") and float(s) == 0.0:
            s = s[1:]
        out.append(s.replace("-", _MINUS))
    if not exp:
        return out, ""
    return out, ("\u00d7" + _sup(exp) if mathtext else "1e%d" % exp).replace("-", _MINUS)


def num(v):
    """``v`` without a trailing ``.0``."""
    return "%d" % v if v == int(v) else repr(v)


def log_label(x):
    """The label of a log-axis tick at ``x``: ``10^k`` (superscript), or the value."""
    k = math.log10(x)
    if abs(k - round(k)) < 1e-9:
        return _sup(int(round(k))).replace("-", _MINUS)
    return num(x).replace("-", _MINUS)


def _sup(k):
    return "10" + _style.sup(str(k))


def log_ticks(lo, hi):
    """(major ticks with labels, minor ticks) for a log axis between lo and hi (> 0)."""
    if hi < lo:
        lo, hi = hi, lo
    a = int(math.floor(math.log10(lo) + 1e-9))
    b = int(math.ceil(math.log10(hi) - 1e-9))
    every = max(1, (b - a) // 8 + (1 if (b - a) % 8 else 0)) if b - a > 8 else 1
    major = []
    minor = []
    for k in range(a, b + 1):
        v = 10.0 ** k
        if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9) and (k - a) % every == 0:
            major.append((v, _sup(k).replace("-", _MINUS)))
        if every == 1:
            for m in range(2, 10):
                w = m * v
                if lo <= w <= hi:
                    minor.append(w)
    return major, minor


# --- the ticks of an Axes --------------------------------------------------------------------

def _ticker(ax, axis):
    return (ax.xaxis if axis == "x" else ax.yaxis).major


def axis_labels(ax, axis, ticks):
    """The labels the axis' formatter gives ``ticks`` (the automatic formatter: ScalarFormatter)."""
    fmt = _ticker(ax, axis).formatter
    if fmt is not None:
        return [str(s) for s in fmt.format_ticks(list(ticks))]
    if (ax._xscale if axis == "x" else ax._yscale) == "log":
        return [log_label(v) if v > 0 else "" for v in ticks]
    return tick_labels(list(ticks))[0]


def locator_ticks(ax, axis, lo, hi, length):
    """The major tick positions over [lo, hi] as the axis' locator gives them (matplotlib's
    automatic locator also gives the ticks just outside the view, as ``get_xticks`` shows)."""
    loc = _ticker(ax, axis).locator
    a, b = (lo, hi) if lo <= hi else (hi, lo)
    if loc is not None:
        return [float(v) for v in loc.tick_values(a, b)]
    nbins = max(3, min(9, int(length / (30.0 if axis == "x" else 20.0))))
    ticks = [float(t) for t in nice_ticks(a, b, nbins)]
    if len(ticks) > 1:
        step = ticks[1] - ticks[0]
        if ticks[0] > a + 1e-9 * step:
            ticks.insert(0, ticks[0] - step)
        if ticks[-1] < b - 1e-9 * step:
            ticks.append(ticks[-1] + step)
    return ticks


def axis_ticks(ax, axis, lo, hi, length):
    """((major (value, label) pairs in view), minor values, offset text) for one axis."""
    fixed = ax._xticks if axis == "x" else ax._yticks
    cats = ax._xcats if axis == "x" else ax._ycats
    log = (ax._xscale if axis == "x" else ax._yscale) == "log"
    ticker = _ticker(ax, axis)
    a, b = (lo, hi) if lo <= hi else (hi, lo)
    eps = 1e-9 * abs(b - a)

    def shown(pairs):
        return [(p, s) for p, s in pairs if a - eps <= p <= b + eps]

    if fixed is not None:
        pos, labs = fixed
        if labs is None:
            labs = axis_labels(ax, axis, pos)
        return shown([(p, _style.mathtext(str(labs[i]))) for i, p in enumerate(pos)]), [], ""
    if cats and ticker.locator is None:
        return shown([(float(i), c) for i, c in enumerate(cats)]), [], ""
    if log and ticker.locator is None:
        major, minor = log_ticks(a, b)
        if ticker.formatter is not None:
            major = list(zip([v for v, _ in major], axis_labels(ax, axis, [v for v, _ in major])))
        return major, minor, ""
    ticks = [t for t in locator_ticks(ax, axis, a, b, length) if a - eps <= t <= b + eps]
    minor = []
    mloc = (ax.xaxis if axis == "x" else ax.yaxis).minor.locator
    if mloc is not None:
        minor = [float(v) for v in mloc.tick_values(a, b) if a - eps <= v <= b + eps]
    fmt = ticker.formatter
    if fmt is not None:
        labs = [_style.mathtext(str(s)) for s in fmt.format_ticks(ticks)]
        return list(zip(ticks, labs)), minor, _style.mathtext(str(fmt.get_offset()))
    labs, offset = tick_labels(ticks)
    return list(zip(ticks, labs)), minor, offset
