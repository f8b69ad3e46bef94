"""SVG rendering of a matplotlib._axes.Figure (runs inside MicroPython).

Sizes are in points (1/72 inch) like matplotlib's SVG backend: a 6.4x4.8 inch figure is
460.8x345.6 pt. Ticks follow matplotlib's MaxNLocator steps (1, 2, 2.5, 5, 10).
"""

import math

from matplotlib import _style

_FONT = "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif"
_MINUS = "\u2212"
_TICK = 3.5
_PAD = 3.5


def _n(v):
    """A short number for SVG attributes."""
    if v != v or v in (float("inf"), float("-inf")):
        return "0"
    s = "%.2f" % v
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _f(v, log):
    if log:
        return math.log10(v) if v > 0 else float("nan")
    return v


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


# --- drawing context -------------------------------------------------------------------------

class _Box:
    """The data → SVG transform of one Axes."""

    def __init__(self, x, y, w, h, lims, logx, logy):
        self.x, self.y, self.w, self.h = x, y, w, h
        self.logx, self.logy = logx, logy
        self.a = _f(lims[0], logx)
        self.b = _f(lims[1], logx)
        self.c = _f(lims[2], logy)
        self.d = _f(lims[3], logy)
        if self.b == self.a:
            self.b = self.a + 1
        if self.d == self.c:
            self.d = self.c + 1

    def tx(self, v):
        return self.x + (_f(v, self.logx) - self.a) / (self.b - self.a) * self.w

    def ty(self, v):
        return self.y + self.h - (_f(v, self.logy) - self.c) / (self.d - self.c) * self.h


def _text(out, x, y, s, size, anchor="middle", color="#000000", rot=0.0, baseline=None, weight=None):
    s = _style.escape(_style.mathtext(s))
    extra = ""
    if rot:
        extra += ' transform="rotate(%s %s %s)"' % (_n(-rot), _n(x), _n(y))
    if baseline:
        extra += ' dominant-baseline="%s"' % baseline
    if weight in ("bold", "heavy"):
        extra += ' font-weight="bold"'
    if color != "#000000":
        extra += ' fill="%s"' % color
    out.append('<text x="%s" y="%s" font-size="%s" text-anchor="%s"%s>%s</text>'
               % (_n(x), _n(y), _n(size), anchor, extra, s))


def _style_attrs(color, lw, ls, alpha):
    s = ' stroke="%s" stroke-width="%s"' % (color, _n(lw))
    d = _style.dash(ls)
    if d:
        s += ' stroke-dasharray="%s"' % ",".join(_n(float(p) * lw) for p in d.split(","))
    if alpha is not None:
        s += ' stroke-opacity="%s"' % _n(alpha)
    return s


_LINE_MARKERS = "+x|_1234"


def _marker_group(m, fill, edge, alpha, with_fill=True):
    """``<g ...>`` opening tag carrying the style of markers ``m`` drawn with ``grouped=True``."""
    op = ' fill-opacity="%s" stroke-opacity="%s"' % (_n(alpha), _n(alpha)) if alpha is not None else ""
    if m in _LINE_MARKERS:
        return '<g fill="none" stroke="%s" stroke-width="1.2"%s>' % (fill if fill != "none" else edge, op)
    if with_fill:
        return '<g fill="%s" stroke="%s" stroke-width="1"%s>' % (fill, edge, op)
    return '<g stroke="%s" stroke-width="1"%s>' % (edge, op)


def _marker(out, m, x, y, size, fill, edge, alpha, grouped=False):
    """One marker of type ``m`` with diameter ~``size`` points centred on (x, y).

    ``grouped=True``: the style comes from an enclosing `_marker_group`; ``grouped="fill"``:
    only the fill is set here (per-point colours)."""
    r = size / 2.0
    if grouped:
        op = ""
        st = ' fill="%s"' % fill if grouped == "fill" and m not in _LINE_MARKERS else ""
    else:
        op = ' fill-opacity="%s" stroke-opacity="%s"' % (_n(alpha), _n(alpha)) if alpha is not None else ""
        st = ' fill="%s" stroke="%s" stroke-width="1"%s' % (fill, edge, op)
    if m in ("o", "."):
        if m == ".":
            r = r / 2.5
        out.append('<circle cx="%s" cy="%s" r="%s"%s/>' % (_n(x), _n(y), _n(r), st))
    elif m == ",":
        out.append('<rect x="%s" y="%s" width="1" height="1" fill="%s"/>' % (_n(x), _n(y), fill))
    elif m == "s":
        r *= 0.9
        out.append('<rect x="%s" y="%s" width="%s" height="%s"%s/>' % (_n(x - r), _n(y - r), _n(2 * r), _n(2 * r), st))
    elif m in "+x|_1234":
        if m == "+":
            d = "M%s %sH%sM%s %sV%s" % (_n(x - r), _n(y), _n(x + r), _n(x), _n(y - r), _n(y + r))
        elif m == "x":
            k = r * 0.75
            d = "M%s %sL%s %sM%s %sL%s %s" % (_n(x - k), _n(y - k), _n(x + k), _n(y + k), _n(x - k), _n(y + k),
                                              _n(x + k), _n(y - k))
        elif m == "_":
            d = "M%s %sH%s" % (_n(x - r), _n(y), _n(x + r))
        else:
            d = "M%s %sV%s" % (_n(x), _n(y - r), _n(y + r))
        if grouped:
            out.append('<path d="%s"/>' % d)
        else:
            out.append('<path d="%s" stroke="%s" stroke-width="1.2" fill="none"%s/>'
                       % (d, fill if fill != "none" else edge, op))
    else:
        pts = _polygon(m, x, y, r)
        out.append('<path d="M%sZ"%s/>' % ("L".join(_n(px) + " " + _n(py) for px, py in pts), st))


def _polygon(m, x, y, r):
    if m in "^v<>":
        start = {"^": 90, "v": -90, "<": 180, ">": 0}[m]
        n, radii = 3, (r,)
    elif m in "Dd":
        start, n, radii = 90, 4, (r,)
        if m == "d":
            return [(x, y - r), (x + r * 0.6, y), (x, y + r), (x - r * 0.6, y)]
    elif m == "p":
        start, n, radii = 90, 5, (r,)
    elif m in "hH":
        start, n, radii = 90 if m == "h" else 0, 6, (r,)
    elif m in "*X":
        start, n, radii = (90, 5, (r * 1.1, r * 0.45)) if m == "*" else (45, 4, (r, r * 0.4))
    else:
        start, n, radii = 90, 4, (r,)
    pts = []
    count = n * len(radii)
    for i in range(count):
        ang = math.radians(start + 360.0 * i / count)
        rr = radii[i % len(radii)]
        pts.append((x + rr * math.cos(ang), y - rr * math.sin(ang)))
    return pts


# --- layout ----------------------------------------------------------------------------------

def _axes_rects(fig, W, H):
    """SVG rectangles (x, y, w, h) of each Axes from its subplot position."""
    rects = []
    for ax in fig.axes:
        if ax._pos[0] == "rect":  # fig.add_axes([left, bottom, width, height]) in figure fractions
            left, bottom, width, height = ax._pos[1]
            rects.append([left * W, (1.0 - bottom - height) * H, max(width * W, 1.0), max(height * H, 1.0)])
            continue
        nr, nc, idx = ax._pos
        if isinstance(idx, (tuple, list)):
            first, last = int(idx[0]), int(idx[1])
        else:
            first = last = int(idx)
        if fig._tight:
            left, right, top, bottom, ws, hs = _tight_margins(fig, W, H, nr, nc)
        else:
            left, right = 0.125 * W, 0.1 * W
            top, bottom = 0.12 * H, 0.11 * H
            ws = 0.2
            hs = 0.2
            cw0 = (W - left - right) / (nc + ws * (nc - 1))
            ch0 = (H - top - bottom) / (nr + hs * (nr - 1))
            ws, hs = ws * cw0, hs * ch0
        cw = (W - left - right - ws * (nc - 1)) / nc
        ch = (H - top - bottom - hs * (nr - 1)) / nr
        r0, c0 = (first - 1) // nc, (first - 1) % nc
        r1, c1 = (last - 1) // nc, (last - 1) % nc
        x = left + c0 * (cw + ws)
        y = top + r0 * (ch + hs)
        w = (c1 - c0 + 1) * cw + (c1 - c0) * ws
        h = (r1 - r0 + 1) * ch + (r1 - r0) * hs
        rects.append([x, y, max(w, 1.0), max(h, 1.0)])
    return rects


def _tight_margins(fig, W, H, nr, nc):
    """Margins and gaps in points that leave room for tick labels, axis labels and titles."""
    lw = 0.0
    has_y = has_x = has_t = False
    for ax in fig.axes:
        if not ax._axis_on:
            continue
        for lab in _ylabels_guess(ax):
            lw = max(lw, _style.text_width(lab, 10.0))
        has_y = has_y or bool(ax._ylabel)
        has_x = has_x or bool(ax._xlabel)
        has_t = has_t or bool(ax._title)
    has_t = has_t or any(bool(ax._title) for ax in fig.axes)
    left = 6 + _TICK + _PAD + lw + (16 if has_y else 0)
    bottom = 6 + _TICK + _PAD + 10 + (16 if has_x else 0)
    top = 8 + (18 if has_t else 0) + (18 if fig._suptitle else 0)
    right = 14
    return left, right, top, bottom, left + right - 6, bottom + top - 4


def _ylabels_guess(ax):
    lims = ax._auto()
    if ax._yticks is not None:
        pos, labs = ax._yticks
        return labs if labs is not None else tick_labels(pos)[0]
    if ax._ycats:
        return ax._ycats
    if ax._yscale == "log":
        return ["10⁻⁰⁰"]
    ticks = nice_ticks(lims[2], lims[3], 8)
    return tick_labels(ticks)[0]


def _equal_aspect(rect, lims, ax):
    x, y, w, h = rect
    dx = abs(_f(lims[1], ax._xscale == "log") - _f(lims[0], ax._xscale == "log"))
    dy = abs(_f(lims[3], ax._yscale == "log") - _f(lims[2], ax._yscale == "log"))
    if dx <= 0 or dy <= 0:
        return rect
    if dx / dy > w / h:
        nh = w * dy / dx
        return [x, y + (h - nh) / 2, w, nh]
    nw = h * dx / dy
    return [x + (w - nw) / 2, y, nw, h]


# --- rendering -------------------------------------------------------------------------------

def render(fig):
    """The SVG document of ``fig``."""
    fw, fh = fig._size
    W, H = fw * 72.0, fh * 72.0
    out = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'width="%spt" height="%spt" viewBox="0 0 %s %s" version="1.1">' % (_n(W), _n(H), _n(W), _n(H)),
           '<rect width="%s" height="%s" fill="#ffffff"/>' % (_n(W), _n(H)),
           '<g font-family="%s">' % _FONT]
    rects = _axes_rects(fig, W, H)
    # twinx Axes last: they are drawn over the Axes they share x with (which has the background)
    order = [i for i, ax in enumerate(fig.axes) if getattr(ax, "_twin", None) is None]
    order += [i for i, ax in enumerate(fig.axes) if getattr(ax, "_twin", None) is not None]
    for i in order:
        _render_axes(out, fig.axes[i], rects[i], "c%d" % i)
    if fig._suptitle:
        _text(out, W / 2, 6 + fig._suptitle[1], fig._suptitle[0], fig._suptitle[1])
    out.append("</g></svg>")
    return "\n".join(out)


def _render_axes(out, ax, rect, clip_id):
    lims = ax._auto()
    logx = ax._xscale == "log"
    logy = ax._yscale == "log"
    cb = ax._colorbar
    if cb is not None:
        cbw = rect[2] * 0.2
        rect = [rect[0], rect[1], rect[2] - cbw, rect[3]]
        cbrect = [rect[0] + rect[2] + cbw * 0.2, rect[1], cbw * 0.22, rect[3]]
    if ax._aspect == "equal":
        rect = _equal_aspect(rect, lims, ax)
    box = _Box(rect[0], rect[1], rect[2], rect[3], lims, logx, logy)
    x, y, w, h = rect
    twin = getattr(ax, "_twin", None) is not None
    if (ax._axis_on or getattr(ax, "_face", None)) and not twin:  # a twin is drawn over its Axes
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                   % (_n(x), _n(y), _n(w), _n(h), getattr(ax, "_face", None) or "#ffffff"))
    out.append('<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>'
               % (clip_id, _n(x), _n(y), _n(w), _n(h)))
    xt = _axis_ticks(ax, "x", lims[0], lims[1], w)
    yt = _axis_ticks(ax, "y", lims[2], lims[3], h)
    if ax._axis_on and ax._grid is not None and ax._grid["on"]:
        g = ax._grid
        attrs = _style_attrs(g["color"], g["lw"], g["ls"], g["alpha"])
        if g["axis"] in ("both", "x"):
            for v, _ in xt[0]:
                px = box.tx(v)
                out.append('<path d="M%s %sV%s"%s/>' % (_n(px), _n(y), _n(y + h), attrs))
        if g["axis"] in ("both", "y"):
            for v, _ in yt[0]:
                py = box.ty(v)
                out.append('<path d="M%s %sH%s"%s/>' % (_n(x), _n(py), _n(x + w), attrs))
    out.append('<g clip-path="url(#%s)">' % clip_id)
    arts = sorted(ax._artists, key=lambda a: a.zorder)
    for art in arts:
        if art.kind != "text":
            _draw(out, art, box)
    out.append("</g>")
    if ax._axis_on and twin:
        _draw_right_axis(out, ax, box, yt)
    elif ax._axis_on:
        _draw_axis_decor(out, ax, box, xt, yt)
    for art in arts:
        if art.kind == "text":
            _draw_text(out, art, box)
    if ax._title:
        size = getattr(ax, "_title_size", 12.0)
        anchor, tx = {"left": ("start", x), "right": ("end", x + w)}.get(ax._title_loc, ("middle", x + w / 2))
        _text(out, tx, y - 6, ax._title, size, anchor)
    if ax._legend is not None:
        _draw_legend(out, ax, box)
    if cb is not None:
        _draw_colorbar(out, ax, cb, cbrect)


def _axis_ticks(ax, axis, lo, hi, length):
    """((major (value, label) pairs), minor values, offset text) for one axis."""
    fixed = ax._xticks if axis == "x" else ax._yticks
    cats = ax._xcats if axis == "x" else ax._ycats
    log = (ax._xscale if axis == "x" else ax._yscale) == "log"
    a, b = (lo, hi) if lo <= hi else (hi, lo)
    if fixed is not None:
        pos, labs = fixed
        if labs is None:
            labs = tick_labels(pos)[0] if not log else [_sup(int(round(math.log10(p)))) if p > 0 else "" for p in pos]
        return [(p, labs[i]) for i, p in enumerate(pos) if a - 1e-9 * abs(b - a) <= p <= b + 1e-9 * abs(b - a)], [], ""
    if cats:
        return [(float(i), c) for i, c in enumerate(cats) if a <= i <= b], [], ""
    if log:
        major, minor = log_ticks(a, b)
        return major, minor, ""
    nbins = max(3, min(9, int(length / (30.0 if axis == "x" else 20.0))))
    ticks = nice_ticks(a, b, nbins)
    labs, offset = tick_labels(ticks)
    return list(zip(ticks, labs)), [], offset


def _draw_axis_decor(out, ax, box, xt, yt):
    x, y, w, h = box.x, box.y, box.w, box.h
    sp = ax.spines
    for side, d in (("left", "M%s %sV%s" % (_n(x), _n(y), _n(y + h))),
                    ("bottom", "M%s %sH%s" % (_n(x), _n(y + h), _n(x + w))),
                    ("right", "M%s %sV%s" % (_n(x + w), _n(y), _n(y + h))),
                    ("top", "M%s %sH%s" % (_n(x), _n(y), _n(x + w)))):
        if sp[side].visible:
            out.append('<path d="%s" fill="none" stroke="%s" stroke-width="0.8" stroke-linecap="square"/>'
                       % (d, sp[side].color))
    ticks = []
    bottom = y + h
    maxh = 0.0
    for v, lab in xt[0]:
        px = box.tx(v)
        ticks.append("M%s %sv%s" % (_n(px), _n(bottom), _n(_TICK)))
        rot = ax._xtick_rot
        if rot:
            _text(out, px, bottom + _TICK + _PAD + 7, lab, 10.0, "end" if rot > 0 else "start", rot=rot)
            maxh = max(maxh, _style.text_width(lab, 10.0) * abs(math.sin(math.radians(rot))))
        else:
            _text(out, px, bottom + _TICK + _PAD + 9.5, lab, 10.0)
    for v in xt[1]:
        ticks.append("M%s %sv2" % (_n(box.tx(v)), _n(bottom)))
    maxw = 0.0
    for v, lab in yt[0]:
        py = box.ty(v)
        ticks.append("M%s %sh%s" % (_n(x), _n(py), _n(-_TICK)))
        _text(out, x - _TICK - _PAD, py + 3.6, lab, 10.0, "end", rot=ax._ytick_rot)
        maxw = max(maxw, _style.text_width(_style.mathtext(lab), 10.0))
    for v in yt[1]:
        ticks.append("M%s %sh-2" % (_n(x), _n(box.ty(v))))
    if ticks:
        out.append('<path d="%s" stroke="#000000" stroke-width="0.8" fill="none"/>' % "".join(ticks))
    if xt[2]:
        _text(out, x + w, bottom + _TICK + _PAD + 22, xt[2], 10.0, "end")
    if yt[2]:
        _text(out, x, y - 4, yt[2], 10.0, "start")
    if ax._xlabel:
        size = getattr(ax, "_xlabel_size", 10.0)
        _text(out, x + w / 2, bottom + _TICK + _PAD + 9.5 + maxh + 4 + size, ax._xlabel, size)
    if ax._ylabel:
        size = getattr(ax, "_ylabel_size", 10.0)
        lx = x - _TICK - _PAD - maxw - 6
        _text(out, lx, y + h / 2, ax._ylabel, size, rot=90)


def _draw_right_axis(out, ax, box, yt):
    """A twinx Axes: y ticks, labels and label on the right (the x axis and frame are its
    original's)."""
    x, y, w, h = box.x, box.y, box.w, box.h
    right = x + w
    ticks = []
    maxw = 0.0
    for v, lab in yt[0]:
        py = box.ty(v)
        ticks.append("M%s %sh%s" % (_n(right), _n(py), _n(_TICK)))
        _text(out, right + _TICK + _PAD, py + 3.6, lab, 10.0, "start", rot=ax._ytick_rot)
        maxw = max(maxw, _style.text_width(_style.mathtext(lab), 10.0))
    for v in yt[1]:
        ticks.append("M%s %sh2" % (_n(right), _n(box.ty(v))))
    if ticks:
        out.append('<path d="%s" stroke="#000000" stroke-width="0.8" fill="none"/>' % "".join(ticks))
    if yt[2]:
        _text(out, right, y - 4, yt[2], 10.0, "end")
    if ax._ylabel:
        size = getattr(ax, "_ylabel_size", 10.0)
        _text(out, right + _TICK + _PAD + maxw + 6 + size, y + h / 2, ax._ylabel, size, rot=90)


def _alpha(a, what="fill"):
    return ' %s-opacity="%s"' % (what, _n(a)) if a is not None else ""


def _draw(out, art, box):
    k = art.kind
    if k == "line":
        _draw_line(out, art, box)
    elif k == "scatter":
        same = art.vals is None and all(c == art.colors[0] for c in art.colors)
        first = art.colors[0] if art.colors else "#000000"
        edge = art.edge or "none"
        out.append(_marker_group(art.marker, first, edge, art.alpha, same))
        mode = True if same else "fill"
        span = ((art.vmax - art.vmin) or 1.0) if art.vals is not None else 1.0
        for i in range(len(art.x)):
            if art.vals is not None:
                fill = _style.cmap_color(art.cmap, (art.vals[i] - art.vmin) / span)
            else:
                fill = art.colors[i]
            size = math.sqrt(max(art.sizes[i % len(art.sizes)], 0.0))
            px, py = box.tx(art.x[i]), box.ty(art.y[i])
            if px == px and py == py:
                _marker(out, art.marker, px, py, size, fill, edge, art.alpha, mode)
        out.append("</g>")
    elif k == "bars":
        parts = []
        for r in art.rects:
            b = r.box
            x0, x1 = box.tx(b[0]), box.tx(b[2])
            y0, y1 = box.ty(b[1]), box.ty(b[3])
            if x0 != x0 and box.logx:  # a bar from 0 on a log axis starts at the axis edge
                x0 = box.x - 1
            if y0 != y0 and box.logy:
                y0 = box.y + box.h + 1
            if x0 != x0 or y0 != y0 or x1 != x1 or y1 != y1:
                continue
            stroke = ' stroke="%s" stroke-width="%s"' % (r.edge, _n(r.lw)) if r.edge != "none" and r.lw else ""
            parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s%s/>'
                         % (_n(min(x0, x1)), _n(min(y0, y1)), _n(abs(x1 - x0)), _n(abs(y1 - y0)), r.color, stroke,
                            _alpha(r.alpha)))
        out.append("".join(parts))
    elif k == "poly":
        pts = "L".join(_n(box.tx(px)) + " " + _n(box.ty(py)) for px, py in zip(art.x, art.y))
        stroke = ' stroke="%s"' % art.edge if getattr(art, "edge", None) else ""
        out.append('<path d="M%sZ" fill="%s"%s%s/>' % (pts, art.color, _alpha(art.alpha), stroke))
    elif k == "segs":
        d = []
        for s in art.segs:
            x0, y0, x1, y1 = box.tx(s[0]), box.ty(s[1]), box.tx(s[2]), box.ty(s[3])
            d.append("M%s %sL%s %s" % (_n(x0), _n(y0), _n(x1), _n(y1)))
            if art.cap:
                c = art.cap / 2
                if s[4] == "v":
                    d.append("M%s %sh%sM%s %sh%s" % (_n(x0 - c), _n(y0), _n(2 * c), _n(x1 - c), _n(y1), _n(2 * c)))
                else:
                    d.append("M%s %sv%sM%s %sv%s" % (_n(x0), _n(y0 - c), _n(2 * c), _n(x1), _n(y1 - c), _n(2 * c)))
        out.append('<path d="%s" fill="none"%s/>' % ("".join(d), _style_attrs(art.color, art.lw, "-", art.alpha)))
    elif k in ("hline", "vline"):
        if k == "hline":
            py = box.ty(art.v)
            d = "M%s %sH%s" % (_n(box.x + art.a * box.w), _n(py), _n(box.x + art.b * box.w))
        else:
            px = box.tx(art.v)
            d = "M%s %sV%s" % (_n(px), _n(box.y + box.h - art.a * box.h), _n(box.y + box.h - art.b * box.h))
        out.append('<path d="%s" fill="none"%s/>' % (d, _style_attrs(art.color, art.lw, art.ls, art.alpha)))
    elif k == "wedge":
        _draw_wedge(out, art, box)
    elif k == "image":
        _draw_image(out, art, box)
    elif k == "arrow":
        _draw_arrow(out, art, box)


def _draw_line(out, art, box):
    pts = []
    seg = []
    lx = ly = -1e9
    n = len(art.x)
    for i in range(n):
        X, Y = box.tx(art.x[i]), box.ty(art.y[i])
        if X != X or Y != Y:
            if seg:
                pts.append(seg)
                seg = []
            continue
        # Path simplification: a point within 0.3 pt of the last one drawn is invisible (keeps
        # dense plots small; the last point is always drawn).
        if seg and -0.3 < X - lx < 0.3 and -0.3 < Y - ly < 0.3 and i != n - 1:
            continue
        lx, ly = X, Y
        seg.append(_n(X) + " " + _n(Y))
    if seg:
        pts.append(seg)
    if _style.dash(art.ls) != "" and pts:
        d = "".join("M" + "L".join(s) for s in pts)
        out.append('<path d="%s" fill="none" stroke-linejoin="round" stroke-linecap="square"%s/>'
                   % (d, _style_attrs(art.color, art.lw, art.ls, art.alpha)))
    if art.marker:
        fill = art.mfc or art.color
        edge = art.mec or art.color
        out.append(_marker_group(art.marker, fill, edge, art.alpha))
        for px, py in zip(art.x, art.y):
            X, Y = box.tx(px), box.ty(py)
            if X == X and Y == Y:
                _marker(out, art.marker, X, Y, art.ms, fill, edge, art.alpha, True)
        out.append("</g>")


def _draw_wedge(out, art, box):
    cx, cy = art.center
    r = art.r
    t0, t1 = art.t0, art.t1
    if t1 - t0 >= 359.999:
        rx = abs(box.tx(cx + r) - box.tx(cx))
        out.append('<circle cx="%s" cy="%s" r="%s" fill="%s"/>' % (_n(box.tx(cx)), _n(box.ty(cy)), _n(rx), art.color))
        return
    steps = max(2, int((t1 - t0) / 4) + 1)
    pts = [(box.tx(cx), box.ty(cy))]
    for i in range(steps + 1):
        ang = math.radians(t0 + (t1 - t0) * i / steps)
        pts.append((box.tx(cx + r * math.cos(ang)), box.ty(cy + r * math.sin(ang))))
    stroke = ' stroke="%s"' % art.edge if art.edge else ""
    out.append('<path d="M%sZ" fill="%s"%s stroke-linejoin="round"/>'
               % ("L".join(_n(p[0]) + " " + _n(p[1]) for p in pts), art.color, stroke))


_RECT_CELLS = 1600
_PNG_SIDE = 180


def _png(art, span, step=1, zoom=1):
    """The image as PNG bytes (RGB, zlib-compressed), one pixel per data cell.

    The pixel buffer is allocated once and filled in place: MicroPython does not collect
    garbage during a cell, so growing it piecewise would leave every old copy behind.
    """
    import binascii
    import struct

    grid = art.grid
    if step > 1:
        grid = [row[::step] for row in grid[::step]]
    if zoom > 1:  # whole pixels per cell, so viewers that smooth images still show sharp cells
        grid = [[v for v in row for _ in range(zoom)] for row in grid for _ in range(zoom)]
    nr = len(grid)
    nc = len(grid[0])
    lut_r, lut_g, lut_b = [], [], []
    if not art.rgb:
        for k in range(256):
            c = _style.cmap_color(art.cmap, k / 255.0)
            lut_r.append(int(c[1:3], 16))
            lut_g.append(int(c[3:5], 16))
            lut_b.append(int(c[5:7], 16))
    raw = bytearray(nr * (1 + 3 * nc))
    pos = 0
    scale = 255.0 / span
    vmin = art.vmin if not art.rgb else 0.0
    for i in range(nr):
        row = grid[i] if art.origin == "upper" else grid[nr - 1 - i]
        pos += 1  # filter byte 0
        for v in row:
            if art.rgb:
                m = 255.0 if max(v[:3]) > 1.0 else 1.0
                for c in v[:3]:
                    x = int(c / m * 255 + 0.5)
                    raw[pos] = 0 if x < 0 else (255 if x > 255 else x)
                    pos += 1
                continue
            if v != v:
                raw[pos] = raw[pos + 1] = raw[pos + 2] = 255
            else:
                k = int((v - vmin) * scale + 0.5)
                k = 0 if k < 0 else (255 if k > 255 else k)
                raw[pos] = lut_r[k]
                raw[pos + 1] = lut_g[k]
                raw[pos + 2] = lut_b[k]
            pos += 3

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", binascii.crc32(tag + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", nc, nr, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", _zlib_stored(raw))
            + chunk(b"IEND", b""))


def _zlib_stored(raw):
    """A zlib stream of ``raw`` in stored (uncompressed) deflate blocks.

    MicroPython's zlib.compress is not used: on repetitive data (a uniform image) it runs for
    minutes.
    """
    import struct

    n = len(raw)
    out = bytearray(2 + n + 5 * (n // 65535 + 1) + 4)
    out[0] = 0x78
    out[1] = 0x01
    pos = 2
    start = 0
    while True:
        size = min(65535, n - start)
        last = start + size >= n
        out[pos] = 1 if last else 0
        out[pos + 1:pos + 5] = struct.pack("<HH", size, size ^ 0xFFFF)
        pos += 5
        out[pos:pos + size] = raw[start:start + size]
        pos += size
        start += size
        if last:
            break
    a, b = 1, 0
    view = memoryview(raw)
    for i in range(0, n, 5552):
        for byte in view[i:i + 5552]:
            a += byte
            b += a
        a %= 65521
        b %= 65521
    out[pos:pos + 4] = struct.pack(">I", (b << 16) | a)
    return bytes(out[:pos + 4])


_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(raw):
    """Base64 text of ``raw``, in pure Python into a preallocated buffer.

    binascii.b2a_base64 is avoided: in this MicroPython build a call on a few KB of non-zero
    bytes makes the heap double several times within one cell.
    """
    n = len(raw)
    out = bytearray(((n + 2) // 3) * 4)
    t = _B64
    o = 0
    full = n - n % 3
    for i in range(0, full, 3):
        v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2]
        out[o] = t[v >> 18]
        out[o + 1] = t[(v >> 12) & 63]
        out[o + 2] = t[(v >> 6) & 63]
        out[o + 3] = t[v & 63]
        o += 4
    rest = n - full
    if rest:
        v = raw[full] << 16
        if rest == 2:
            v |= raw[full + 1] << 8
        out[o] = t[v >> 18]
        out[o + 1] = t[(v >> 12) & 63]
        out[o + 2] = t[(v >> 6) & 63] if rest == 2 else 61
        out[o + 3] = 61
    return out.decode()


def _draw_image(out, art, box):
    grid = art.grid
    nr = len(grid)
    nc = len(grid[0])
    e = art.extent
    span = (art.vmax - art.vmin) if not art.rgb else 1.0
    span = span or 1.0
    x0, x1 = box.tx(e[0]), box.tx(e[1])
    top_v, bot_v = e[3], e[2]
    y_top, y_bot = box.ty(top_v), box.ty(bot_v)
    if nr * nc > _RECT_CELLS:
        # Larger images: one embedded PNG (compact) instead of a rectangle per cell, sampled
        # down to at most _PNG_SIDE pixels a side (display payloads stay around 100 KB; the
        # display channel's json.dumps is slow on long strings).
        side = max(nr, nc)
        data = _b64(_png(art, span, max(1, (side + _PNG_SIDE - 1) // _PNG_SIDE), max(1, _PNG_SIDE // side)))
        out.append('<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" '
                   'style="image-rendering:pixelated"%s xlink:href="data:image/png;base64,%s"/>'
                   % (_n(min(x0, x1)), _n(min(y_top, y_bot)), _n(abs(x1 - x0)), _n(abs(y_bot - y_top)),
                      (' opacity="%s"' % _n(art.alpha)) if art.alpha is not None else "", data))
        return
    cw = (x1 - x0) / nc
    rh = (y_bot - y_top) / nr
    step = 1
    parts = ['<g shape-rendering="crispEdges"%s>' % _alpha(art.alpha)]
    for i in range(0, nr, step):
        row = grid[i] if art.origin == "upper" else grid[nr - 1 - i]
        yy = y_top + i * rh
        hh = rh * min(step, nr - i)
        for j in range(0, nc, step):
            v = row[j]
            if art.rgb:
                scale = 255.0 if max(v[:3]) > 1.0 else 1.0
                fill = _style.color(tuple(min(1.0, max(0.0, c / scale)) for c in v[:3]))
            elif v != v:
                fill = "none"
            else:
                fill = _style.cmap_color(art.cmap, (v - art.vmin) / span)
            ww = cw * min(step, nc - j)
            parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                         % (_n(min(x0 + j * cw, x0 + j * cw + ww)), _n(min(yy, yy + hh)), _n(abs(ww) + 0.3),
                            _n(abs(hh) + 0.3), fill))
    parts.append("</g>")
    out.append("".join(parts))


def _draw_arrow(out, art, box):
    x0, y0 = box.tx(art.start[0]), box.ty(art.start[1])
    if art.offset:
        x0 += art.offset[0]
        y0 -= art.offset[1]
    x1, y1 = box.tx(art.end[0]), box.ty(art.end[1])
    dx, dy = x1 - x0, y1 - y0
    dist = math.sqrt(dx * dx + dy * dy) or 1.0
    ux, uy = dx / dist, dy / dist
    # start a little away from the text
    sx, sy = x0 + ux * 6, y0 + uy * 6
    d = "M%s %sL%s %s" % (_n(sx), _n(sy), _n(x1), _n(y1))
    if art.head:
        hl = 6.0
        bx, by = x1 - ux * hl, y1 - uy * hl
        d += "M%s %sL%s %sL%s %s" % (_n(bx - uy * hl * 0.45), _n(by + ux * hl * 0.45), _n(x1), _n(y1),
                                     _n(bx + uy * hl * 0.45), _n(by - ux * hl * 0.45))
    out.append('<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>' % (d, art.color, _n(art.lw)))


def _draw_text(out, art, box):
    if art.axes_coords:
        x = box.x + art.x * box.w
        y = box.y + box.h - art.y * box.h
    else:
        x, y = box.tx(art.x), box.ty(art.y)
    if getattr(art, "offset", None):
        x += art.offset[0]
        y -= art.offset[1]
    anchor = {"left": "start", "right": "end"}.get(art.ha, "middle")
    if art.va == "center":
        y += art.size * 0.36
    elif art.va == "top":
        y += art.size * 0.8
    elif art.va == "bottom":
        y -= art.size * 0.2
    _text(out, x, y, art.s, art.size, anchor, art.color, art.rot, weight=art.weight)


# --- legend and colour bar -------------------------------------------------------------------

def _legend_entries(ax):
    handles = ax._legend["handles"]
    arts = handles if handles is not None else ax._artists
    out = []
    for a in arts:
        if a is None:
            continue
        if isinstance(a, list) and not hasattr(a, "kind"):  # containers
            label = getattr(a, "label", None)
            inner = [x for x in a if x is not None]
            if inner and label:
                first = inner[0]
                if first.kind == "rect":
                    for b in ax._artists:
                        if b.kind == "bars" and first in b.rects:
                            first = b
                out.append((first, str(label)))
            continue
        label = a.label
        if label is None or (isinstance(label, str) and label.startswith("_")):
            continue
        if a.kind in ("line", "scatter", "bars", "poly", "segs", "wedge", "hline", "vline"):
            out.append((a, _style.mathtext(label)))
    return out


def _legend_points(ax, box):
    pts = []
    for a in ax._artists:
        if a.kind in ("line", "scatter"):
            n = len(a.x)
            stride = max(1, n // 200)
            for i in range(0, n, stride):
                pts.append((box.tx(a.x[i]), box.ty(a.y[i])))
        elif a.kind == "bars":
            for r in a.rects:
                b = r.box
                for fx in (0.0, 0.5, 1.0):
                    for fy in (0.0, 0.5, 1.0):
                        pts.append((box.tx(b[0] + (b[2] - b[0]) * fx), box.ty(b[1] + (b[3] - b[1]) * fy)))
    return pts


def _draw_legend(out, ax, box):
    entries = _legend_entries(ax)
    if not entries:
        return
    leg = ax._legend
    size = leg["size"]
    row = size * 1.4
    tw = max(_style.text_width(s, size) for _, s in entries)
    title = leg["title"]
    if title:
        tw = max(tw, _style.text_width(str(title), size))
    lw = size * 2.0 + size * 0.8 + tw + size * 0.8
    lh = row * (len(entries) + (1 if title else 0)) + size * 0.6
    pad = size * 0.5
    cand = {
        "upper right": (box.x + box.w - pad - lw, box.y + pad),
        "upper left": (box.x + pad, box.y + pad),
        "lower left": (box.x + pad, box.y + box.h - pad - lh),
        "lower right": (box.x + box.w - pad - lw, box.y + box.h - pad - lh),
        "right": (box.x + box.w - pad - lw, box.y + (box.h - lh) / 2),
        "center left": (box.x + pad, box.y + (box.h - lh) / 2),
        "center right": (box.x + box.w - pad - lw, box.y + (box.h - lh) / 2),
        "lower center": (box.x + (box.w - lw) / 2, box.y + box.h - pad - lh),
        "upper center": (box.x + (box.w - lw) / 2, box.y + pad),
        "center": (box.x + (box.w - lw) / 2, box.y + (box.h - lh) / 2),
    }
    loc = leg["loc"]
    if loc not in cand:
        pts = _legend_points(ax, box)
        best = None
        for name in ("upper right", "upper left", "lower left", "lower right", "right", "center left",
                     "center right", "lower center", "upper center", "center"):
            lx, ly = cand[name]
            hits = 0
            for px, py in pts:
                if lx <= px <= lx + lw and ly <= py <= ly + lh:
                    hits += 1
            if best is None or hits < best[0]:
                best = (hits, name)
        loc = best[1]
    lx, ly = cand[loc]
    if leg["frame"]:
        out.append('<rect x="%s" y="%s" width="%s" height="%s" rx="2" fill="#ffffff" fill-opacity="0.8" '
                   'stroke="#cccccc" stroke-width="0.8"/>' % (_n(lx), _n(ly), _n(lw), _n(lh)))
    cy = ly + size * 0.3 + row / 2
    if title:
        _text(out, lx + lw / 2, cy + size * 0.35, str(title), size)
        cy += row
    for art, label in entries:
        hx = lx + size * 0.5
        if art.kind in ("line", "hline", "vline", "segs"):
            ls = getattr(art, "ls", "-")
            if _style.dash(ls) != "":
                out.append('<path d="M%s %sh%s" fill="none"%s/>' % (_n(hx), _n(cy), _n(size * 2.0),
                                                                    _style_attrs(art.color, art.lw, ls, art.alpha)))
            if getattr(art, "marker", None):
                _marker(out, art.marker, hx + size, cy, art.ms, art.mfc or art.color, art.mec or art.color, art.alpha)
        elif art.kind == "scatter":
            fill = art.colors[0] if art.colors else _style.cmap_color(art.cmap, 0.5)
            _marker(out, art.marker, hx + size, cy, 6.0, fill, art.edge or "none", art.alpha)
        else:
            out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>'
                       % (_n(hx), _n(cy - size * 0.35), _n(size * 2.0), _n(size * 0.7), art.color, _alpha(art.alpha)))
        _text(out, hx + size * 2.8, cy + size * 0.35, label, size, "start")
        cy += row


def _draw_colorbar(out, ax, cb, rect):
    src = cb["src"]
    lo = getattr(src, "vmin", None)
    hi = getattr(src, "vmax", None)
    if lo is None or hi is None:
        lo, hi = 0.0, 1.0
    cmap = getattr(src, "cmap", "viridis")
    x, y, w, h = rect
    steps = 64
    parts = ['<g shape-rendering="crispEdges">']
    for i in range(steps):
        t = (i + 0.5) / steps
        parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                     % (_n(x), _n(y + h - (i + 1) * h / steps), _n(w), _n(h / steps + 0.3), _style.cmap_color(cmap, t)))
    parts.append("</g>")
    out.append("".join(parts))
    out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#000000" stroke-width="0.8"/>'
               % (_n(x), _n(y), _n(w), _n(h)))
    ticks = nice_ticks(lo, hi, max(3, min(9, int(h / 20.0))))
    labs, _ = tick_labels(ticks)
    span = (hi - lo) or 1.0
    d = []
    maxw = 0.0
    for v, lab in zip(ticks, labs):
        py = y + h - (v - lo) / span * h
        d.append("M%s %sh%s" % (_n(x + w), _n(py), _n(_TICK)))
        _text(out, x + w + _TICK + _PAD, py + 3.6, lab, 10.0, "start")
        maxw = max(maxw, _style.text_width(lab, 10.0))
    if d:
        out.append('<path d="%s" stroke="#000000" stroke-width="0.8"/>' % "".join(d))
    if cb["label"]:
        lx = x + w + _TICK + _PAD + maxw + 12
        _text(out, lx, y + h / 2, cb["label"], 10.0, rot=90)
