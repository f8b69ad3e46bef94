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


def tick_labels(ticks):
    """matplotlib ScalarFormatter-like labels and an offset/scale text ('' if none)."""
    if not ticks:
        return [], ""
    big = max(abs(t) for t in ticks)
    exp = 0
    if big >= 1e5 or (0 < big < 1e-3):
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
    return out, ("1e%d" % exp).replace("-", _MINUS) if exp else ""


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
