"""SVG building blocks shared by the renderer's modules (runs inside MicroPython): number
formatting, the data-to-point box, text, line styles and markers.
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


_FAMILIES = {"monospace": "DejaVu Sans Mono, Courier New, monospace", "serif": "DejaVu Serif, Times New Roman, serif",
             "sans-serif": "DejaVu Sans, Arial, sans-serif", "cursive": "cursive", "fantasy": "fantasy"}


def _text(out, x, y, s, size, anchor="middle", color="#000000", rot=0.0, baseline=None, weight=None,
          family=None, style=None):
    s = _style.escape(_style.mathtext(s))
    extra = ""
    if family:
        extra += ' font-family="%s"' % _style.escape(_FAMILIES.get(family, family))
    if style in ("italic", "oblique"):
        extra += ' font-style="%s"' % style
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


def _alpha(a, what="fill"):
    return ' %s-opacity="%s"' % (what, _n(a)) if a is not None else ""


def to_points(transform, x, y, box, W, H):
    """SVG points of (x, y) given in ``transform`` (None: data) for the Axes drawn in ``box`` in
    a W x H point figure."""
    if transform is None:
        return box.tx(x), box.ty(y)
    if transform.pre is not None:
        x, y = transform.pre.transform_point((x, y))
    kx, ky = transform.kinds
    dots = 72.0 / (getattr(transform.figure, "dpi", None) or 100.0)  # points per display pixel
    if kx == "data":
        px = box.tx(x)
    elif kx == "axes":
        px = box.x + x * box.w
    elif kx == "figure":
        px = x * W
    else:
        px = x * dots
    if ky == "data":
        py = box.ty(y)
    elif ky == "axes":
        py = box.y + box.h - y * box.h
    elif ky == "figure":
        py = H - y * H
    else:
        py = H - y * dots
    return px + transform.offset[0], py - transform.offset[1]
