"""Polar Axes (``projection='polar'``, ``polar=True``): x is the angle in radians, y the radius
(runs inside MicroPython).

The Axes keeps its data as any Axes; drawing maps (theta, r) to the plane: a circle of radius
r-max, radial grid circles at the r ticks (labelled at 22.5°), angular grid lines every 45°
(labelled 0°..315°), angle 0 at ``set_theta_zero_location`` ('E' default) turning with
``set_theta_direction`` (1 counter-clockwise). Lines are straight between their points.
"""

import math

_ZERO = {"E": 0.0, "N": 90.0, "W": 180.0, "S": 270.0, "NE": 45.0, "NW": 135.0, "SW": 225.0, "SE": 315.0}


def make_polar(ax):
    """Turn a new Axes into a polar one (the polar settings and methods)."""
    ax._polar = True
    ax._theta_zero = 0.0
    ax._theta_dir = 1.0
    ax._rlabel = 22.5
    cls = type(ax)
    if not hasattr(cls, "set_rmax"):
        for name in _METHODS:
            setattr(cls, name, _METHODS[name])


def _set_rmax(self, rmax):
    lo = self._ylim[0] if self._ylim is not None else 0.0
    self._ylim = (lo, float(rmax))


def _set_rmin(self, rmin):
    hi = self._ylim[1] if self._ylim is not None else self._auto()[3]
    self._ylim = (float(rmin), hi)


def _get_rmax(self):
    return self._auto()[3]


def _set_rticks(self, ticks, labels=None, **kwargs):
    return self.set_yticks(ticks, labels, **kwargs)


def _set_rlabel_position(self, degrees):
    self._rlabel = float(degrees)


def _set_theta_zero_location(self, loc, offset=0.0):
    if loc not in _ZERO:
        raise ValueError("theta zero location must be one of %s" % ", ".join(sorted(_ZERO)))
    self._theta_zero = _ZERO[loc] + float(offset)


def _set_theta_direction(self, direction):
    if direction in ("clockwise", -1):
        self._theta_dir = -1.0
    elif direction in ("counterclockwise", "anticlockwise", 1):
        self._theta_dir = 1.0
    else:
        raise ValueError("direction must be 1, -1, 'clockwise' or 'counterclockwise'")


def _set_thetagrids(self, angles, labels=None, **kwargs):
    self._thetagrids = ([float(a) for a in angles], None if labels is None else [str(s) for s in labels])


_METHODS = {"set_rmax": _set_rmax, "set_rmin": _set_rmin, "get_rmax": _get_rmax, "set_rticks": _set_rticks,
            "set_rlabel_position": _set_rlabel_position, "set_theta_zero_location": _set_theta_zero_location,
            "set_theta_direction": _set_theta_direction, "set_thetagrids": _set_thetagrids}


class _Projected:
    """An artist's copy with (theta, r) data turned into plane coordinates."""

    def __init__(self, art, xs, ys):
        for key in art.__dict__:
            setattr(self, key, art.__dict__[key])
        self.x, self.y = xs, ys


def render(out, ax, rect, clip_id):
    """Draw a polar Axes into ``rect`` (x, y, w, h in points)."""
    from matplotlib import _style
    from matplotlib._svgbase import _Box, _n, _text
    from matplotlib._svgdraw import _draw, _draw_text
    from matplotlib._ticks import nice_ticks, tick_labels

    x, y, w, h = rect
    radius = min(w, h) / 2.0
    cx, cy = x + w / 2.0, y + h / 2.0
    lims = ax._auto()
    rmin = lims[2] if ax._ylim is not None else 0.0
    rmax = lims[3]
    if ax._ylim is None:
        ticks = nice_ticks(0.0, rmax if rmax > 0 else 1.0, 5)
        rmax = ticks[-1] if ticks[-1] >= rmax else rmax
    span = (rmax - rmin) or 1.0
    box = _Box(cx - radius, cy - radius, 2 * radius, 2 * radius, (-1.0, 1.0, -1.0, 1.0), False, False)
    box.W, box.H = ax.figure._size[0] * 72.0, ax.figure._size[1] * 72.0

    def plane(theta, r):
        a = math.radians(ax._theta_zero) + ax._theta_dir * theta
        f = (r - rmin) / span
        return f * math.cos(a), f * math.sin(a)

    out.append('<circle cx="%s" cy="%s" r="%s" fill="%s"/>' % (_n(cx), _n(cy), _n(radius),
                                                                getattr(ax, "_face", None) or "#ffffff"))
    out.append('<clipPath id="%s"><circle cx="%s" cy="%s" r="%s"/></clipPath>' % (clip_id, _n(cx), _n(cy),
                                                                                  _n(radius)))
    grid = '<path d="%s" fill="none" stroke="#b0b0b0" stroke-width="0.8"/>'
    fixed = ax._yticks
    rticks = fixed[0] if fixed is not None else [t for t in nice_ticks(rmin, rmax, 5) if rmin < t <= rmax]
    rlabels = (fixed[1] if fixed is not None and fixed[1] is not None else tick_labels(rticks)[0])
    d = []
    for t in rticks:
        rr = (t - rmin) / span * radius
        if rr > 0:
            d.append("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0" % (_n(cx - rr), _n(cy), _n(rr), _n(rr), _n(2 * rr),
                                                                 _n(rr), _n(rr), _n(-2 * rr)))
    angles, names = getattr(ax, "_thetagrids", (None, None))
    if angles is None:
        angles = [45.0 * k for k in range(8)]
    for deg in angles:
        px, py = plane(math.radians(deg), rmax)
        d.append("M%s %sL%s %s" % (_n(cx), _n(cy), _n(box.tx(px)), _n(box.ty(py))))
    out.append(grid % "".join(d))
    arts = sorted(ax._artists, key=lambda a: a.zorder)
    out.append('<g clip-path="url(#%s)">' % clip_id)
    for art in arts:
        if art.kind in ("line", "scatter", "poly") and art.x is not None:
            pts = [plane(t, r) for t, r in zip(art.x, art.y)]
            _draw(out, _Projected(art, [p[0] for p in pts], [p[1] for p in pts]), box)
        elif art.kind == "bars":
            for rect_ in art.rects:
                x0, y0, x1, y1 = rect_.box
                n = max(2, int(abs(x1 - x0) / 0.05) + 1)
                outer = [plane(x0 + (x1 - x0) * k / (n - 1), y1) for k in range(n)]
                inner = [plane(x1 - (x1 - x0) * k / (n - 1), max(y0, rmin)) for k in range(n)]
                pts = outer + inner
                out.append('<path d="M%sZ" fill="%s"%s/>' % (
                    "L".join("%s %s" % (_n(box.tx(p[0])), _n(box.ty(p[1]))) for p in pts), rect_.color,
                    (' fill-opacity="%s"' % _n(art.alpha)) if art.alpha is not None else ""))
    out.append("</g>")
    out.append('<circle cx="%s" cy="%s" r="%s" fill="none" stroke="#000000" stroke-width="0.8"/>'
               % (_n(cx), _n(cy), _n(radius)))
    for k, deg in enumerate(angles):
        px, py = plane(math.radians(deg), rmax)
        ux, uy = box.tx(px) - cx, box.ty(py) - cy
        dist = math.sqrt(ux * ux + uy * uy) or 1.0
        lx, ly = cx + ux / dist * (radius + 12), cy + uy / dist * (radius + 12)
        label = names[k] if names is not None and k < len(names) else "%d\u00b0" % int(round(deg % 360))
        _text(out, lx, ly + 3.6, label, 10.0)
    for t, lab in zip(rticks, rlabels):
        px, py = plane(math.radians(ax._rlabel), t)
        _text(out, box.tx(px) + 2, box.ty(py) - 2, _style.mathtext(str(lab)), 10.0, "start")
    for art in arts:
        if art.kind == "text":
            _draw_text(out, art, box)
    if ax._title:
        _text(out, cx, cy - radius - 26, ax._title, getattr(ax, "_title_size", 12.0))
