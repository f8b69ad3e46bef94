"""``matplotlib.patches`` for the sandbox: shapes added with ``ax.add_patch`` (runs inside
MicroPython; matplotlib._svgdraw draws them as SVG paths).

Rectangle, Circle, Ellipse, Polygon, RegularPolygon, Wedge, Arc, FancyArrow, Arrow,
FancyBboxPatch (square and round boxes) and FancyArrowPatch (a line with an arrow head). Each
is a polygon in its ``transform``'s coordinates (data by default; ``ax.transAxes`` etc.), with
matplotlib's default colours (face C0 — or the ``color`` given — edge the same, width 1) and
str (``Rectangle(xy=(0, 0), width=1, height=2, angle=0)``).
"""

import math

from matplotlib import _style
from matplotlib._artists import Artist, floats

_CIRCLE_POINTS = 72


def _num(v):
    """A number as matplotlib's %g-style str shows it."""
    return "%g" % v


class Patch(Artist):
    """Face and edge styling shared by every patch."""

    _repr_name = "matplotlib.patches.Patch"

    def __init__(self, edgecolor=None, facecolor=None, color=None, linewidth=None, linestyle=None, fill=True,
                 alpha=None, label=None, transform=None, zorder=1, clip_on=True, hatch=None, **kwargs):
        super().__init__("patch")
        ec = kwargs.get("ec", edgecolor)
        fc = kwargs.get("fc", facecolor)
        lw = kwargs.get("lw", linewidth)
        ls = kwargs.get("ls", linestyle)
        if color is not None:
            fc = color if fc is None else fc
            ec = color if ec is None else ec
        self.fill = bool(fill)
        self.fc = _paint(fc, "#1f77b4")
        # matplotlib: no edge unless one is given, except around an unfilled patch (black)
        self.ec = _paint(ec, "none" if self.fill else "#000000")
        self.lw = 1.0 if lw is None else float(lw)
        _style.dash(ls)
        self.ls = ls or "-"
        self.alpha = alpha
        self.label = label
        self.transform = transform
        self.zorder = zorder
        self.clip_on = bool(clip_on)
        self.head = None

    def __str__(self):
        return "Patch()"

    def set_facecolor(self, c):
        self.fc = _paint(c, "none")

    def set_edgecolor(self, c):
        self.ec = _paint(c, "none")

    def set_color(self, c):
        self.fc = self.ec = _paint(c, "none")

    def set_fill(self, b):
        self.fill = bool(b)

    def set_linestyle(self, ls):
        _style.dash(ls)
        self.ls = ls

    def set_transform(self, t):
        self.transform = t

    def set_zorder(self, z):
        self.zorder = z

    def set_clip_on(self, b):
        self.clip_on = bool(b)

    def get_facecolor(self):
        return _rgba(self.fc)

    def get_edgecolor(self):
        return _rgba(self.ec)

    def _path(self):
        """(vertices, closed) in the patch's coordinates."""
        raise NotImplementedError

    def get_verts(self):
        return self._path()[0]


def _paint(c, default):
    if c is None:
        return default
    if isinstance(c, str) and c.lower() == "none":
        return "none"
    return _style.color(c)


def _rgba(c):
    if c == "none":
        return (0.0, 0.0, 0.0, 0.0)
    return (int(c[1:3], 16) / 255, int(c[3:5], 16) / 255, int(c[5:7], 16) / 255, 1.0)  # '#rrggbb' (_style.color)


def _pair(xy, name="xy"):
    v = floats(xy, name)
    if len(v) != 2:
        raise ValueError("%s must be an (x, y) pair" % name)
    return v[0], v[1]


def _rotated(points, cx, cy, angle):
    if not angle:
        return points
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


class Rectangle(Patch):
    _repr_name = "matplotlib.patches.Rectangle"

    def __init__(self, xy, width, height, angle=0.0, rotation_point="xy", **kwargs):
        super().__init__(**kwargs)
        self._x, self._y = _pair(xy)
        self._width, self._height = float(width), float(height)
        self.angle = float(angle)

    def __str__(self):
        return "Rectangle(xy=(%s, %s), width=%s, height=%s, angle=%s)" % (
            _num(self._x), _num(self._y), _num(self._width), _num(self._height), _num(self.angle))

    def _path(self):
        x, y, w, h = self._x, self._y, self._width, self._height
        return _rotated([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], x, y, self.angle), True

    def get_xy(self):
        return (self._x, self._y)

    def set_xy(self, xy):
        self._x, self._y = _pair(xy)

    def get_width(self):
        return self._width

    def get_height(self):
        return self._height

    def set_width(self, w):
        self._width = float(w)

    def set_height(self, h):
        self._height = float(h)

    def get_x(self):
        return self._x

    def get_y(self):
        return self._y

    def set_x(self, x):
        self._x = float(x)

    def set_y(self, y):
        self._y = float(y)

    def set_bounds(self, x, y, w, h):
        self._x, self._y, self._width, self._height = float(x), float(y), float(w), float(h)


class Ellipse(Patch):
    _repr_name = "matplotlib.patches.Ellipse"

    def __init__(self, xy, width, height, angle=0.0, **kwargs):
        super().__init__(**kwargs)
        self._cx, self._cy = _pair(xy)
        self.width, self.height = float(width), float(height)
        self.angle = float(angle)

    def __str__(self):
        return "Ellipse(xy=(%s, %s), width=%s, height=%s, angle=%s)" % (
            _num(self._cx), _num(self._cy), _num(self.width), _num(self.height), _num(self.angle))

    def _path(self):
        rx, ry = self.width / 2, self.height / 2
        pts = [(self._cx + rx * math.cos(2 * math.pi * k / _CIRCLE_POINTS),
                self._cy + ry * math.sin(2 * math.pi * k / _CIRCLE_POINTS)) for k in range(_CIRCLE_POINTS)]
        return _rotated(pts, self._cx, self._cy, self.angle), True

    def get_center(self):
        return (self._cx, self._cy)

    def set_center(self, xy):
        self._cx, self._cy = _pair(xy)

    center = property(get_center, set_center)


class Circle(Ellipse):
    _repr_name = "matplotlib.patches.Circle"

    def __init__(self, xy, radius=5, **kwargs):
        super().__init__(xy, 2 * float(radius), 2 * float(radius), **kwargs)
        self.radius = float(radius)

    def __str__(self):
        return "Circle(xy=(%s, %s), radius=%s)" % (_num(self._cx), _num(self._cy), _num(self.radius))

    def set_radius(self, r):
        self.radius = float(r)
        self.width = self.height = 2 * self.radius

    def get_radius(self):
        return self.radius


class Polygon(Patch):
    _repr_name = "matplotlib.patches.Polygon"

    def __init__(self, xy, closed=True, **kwargs):
        super().__init__(**kwargs)
        self.closed = bool(closed)
        self.set_xy(xy)

    def __str__(self):
        if not self._xy:
            return "Polygon0()"
        return "Polygon%d((%s, %s) ...)" % (len(self._xy), _num(self._xy[0][0]), _num(self._xy[0][1]))

    def set_xy(self, xy):
        """The vertices; a closed polygon keeps its first vertex again at the end, as matplotlib's."""
        rows = xy.tolist() if hasattr(xy, "tolist") else list(xy)
        pts = [_pair(p) for p in rows]
        if self.closed and pts and pts[0] != pts[-1]:
            pts.append(pts[0])
        self._xy = pts

    def get_xy(self):
        return list(self._xy)

    def _path(self):
        return list(self._xy), self.closed


class RegularPolygon(Patch):
    _repr_name = "matplotlib.patches.RegularPolygon"

    def __init__(self, xy, numVertices, radius=5, orientation=0, **kwargs):
        super().__init__(**kwargs)
        self.xy = _pair(xy)
        self.numvertices = int(numVertices)
        self.radius = float(radius)
        self.orientation = float(orientation)

    def __str__(self):
        return "RegularPolygon((%s, %s), %d, radius=%s, orientation=%s)" % (
            _num(self.xy[0]), _num(self.xy[1]), self.numvertices, _num(self.radius), _num(self.orientation))

    def _path(self):
        n, (cx, cy), r = self.numvertices, self.xy, self.radius
        return [(cx + r * math.cos(math.pi / 2 + self.orientation + 2 * math.pi * k / n),
                 cy + r * math.sin(math.pi / 2 + self.orientation + 2 * math.pi * k / n)) for k in range(n)], True


class Wedge(Patch):
    _repr_name = "matplotlib.patches.Wedge"

    def __init__(self, center, r, theta1, theta2, width=None, **kwargs):
        super().__init__(**kwargs)
        self.center = _pair(center, "center")
        self.r, self.theta1, self.theta2 = float(r), float(theta1), float(theta2)
        self.width = None if width is None else float(width)

    def __str__(self):
        return "Wedge(center=(%s, %s), r=%s, theta1=%s, theta2=%s, width=%s)" % (
            _num(self.center[0]), _num(self.center[1]), _num(self.r), _num(self.theta1), _num(self.theta2),
            self.width)

    def _arc(self, r, reverse=False):
        t1, t2 = self.theta1, self.theta2
        while t2 < t1:
            t2 += 360.0
        n = max(2, int((t2 - t1) / 5) + 1)
        cx, cy = self.center
        pts = [(cx + r * math.cos(math.radians(t1 + (t2 - t1) * k / (n - 1))),
                cy + r * math.sin(math.radians(t1 + (t2 - t1) * k / (n - 1)))) for k in range(n)]
        return pts[::-1] if reverse else pts

    def _path(self):
        if self.width is not None:
            return self._arc(self.r) + self._arc(self.r - self.width, True), True
        return [self.center] + self._arc(self.r), True


class Arc(Ellipse):
    """An open elliptical arc from ``theta1`` to ``theta2`` degrees (never filled)."""

    _repr_name = "matplotlib.patches.Arc"

    def __init__(self, xy, width, height, angle=0.0, theta1=0.0, theta2=360.0, **kwargs):
        kwargs["fill"] = False
        super().__init__(xy, width, height, angle=angle, **kwargs)
        self.theta1, self.theta2 = float(theta1), float(theta2)

    def __str__(self):
        return "Arc(xy=(%s, %s), width=%s, height=%s, angle=%s, theta1=%s, theta2=%s)" % (
            _num(self._cx), _num(self._cy), _num(self.width), _num(self.height), _num(self.angle),
            _num(self.theta1), _num(self.theta2))

    def _path(self):
        t1, t2 = self.theta1, self.theta2
        while t2 < t1:
            t2 += 360.0
        n = max(2, int((t2 - t1) / 5) + 1)
        rx, ry = self.width / 2, self.height / 2
        pts = [(self._cx + rx * math.cos(math.radians(t1 + (t2 - t1) * k / (n - 1))),
                self._cy + ry * math.sin(math.radians(t1 + (t2 - t1) * k / (n - 1)))) for k in range(n)]
        return _rotated(pts, self._cx, self._cy, self.angle), False


class FancyArrow(Polygon):
    """An arrow from (x, y) along (dx, dy): a shaft of ``width`` and a head, as matplotlib's."""

    _repr_name = "matplotlib.patches.FancyArrow"

    def __init__(self, x, y, dx, dy, width=0.001, length_includes_head=False, head_width=None, head_length=None,
                 shape="full", overhang=0, head_starts_at_zero=False, **kwargs):
        self._args = (float(x), float(y), float(dx), float(dy), float(width), length_includes_head,
                      3 * float(width) if head_width is None else float(head_width),
                      None if head_length is None else float(head_length), shape, float(overhang))
        super().__init__(self._outline(), **kwargs)

    def __str__(self):
        return "FancyArrow()"

    def _outline(self):
        x, y, dx, dy, width, includes, hw, hl, shape, overhang = self._args
        if hl is None:
            hl = 1.5 * hw
        length = math.sqrt(dx * dx + dy * dy)
        if length == 0:
            return []
        total = length if includes else length + hl
        shaft = total - hl
        half = width / 2
        pts = [(0.0, half), (shaft - hl * overhang, half), (shaft, hw / 2), (total, 0.0)]
        right = [(shaft, -hw / 2), (shaft - hl * overhang, -half), (0.0, -half)]
        if shape == "left":
            pts = [(0.0, half), (shaft - hl * overhang, half), (shaft, hw / 2), (total, 0.0), (0.0, 0.0)]
            right = []
        elif shape == "right":
            pts = [(0.0, 0.0), (total, 0.0)]
        pts = pts + right
        c, s = dx / length, dy / length
        return [(x + px * c - py * s, y + px * s + py * c) for px, py in pts]

    def set_data(self, x=None, y=None, dx=None, dy=None, width=None, head_width=None, head_length=None):
        a = list(self._args)
        for i, v in ((0, x), (1, y), (2, dx), (3, dy), (4, width), (6, head_width), (7, head_length)):
            if v is not None:
                a[i] = float(v)
        self._args = tuple(a)
        self.set_xy(self._outline())


class Arrow(FancyArrow):
    _repr_name = "matplotlib.patches.Arrow"

    def __init__(self, x, y, dx, dy, width=1.0, **kwargs):
        super().__init__(x, y, dx, dy, width=0.2 * float(width), head_width=float(width),
                         head_length=0.4 * float(width), length_includes_head=True, **kwargs)

    def __str__(self):
        return "Arrow()"


class FancyBboxPatch(Rectangle):
    """A box at (x, y) of width x height, square or with rounded corners (``boxstyle='round'``),
    grown by its ``pad``."""

    _repr_name = "matplotlib.patches.FancyBboxPatch"

    def __init__(self, xy, width, height, boxstyle="round", mutation_scale=1, **kwargs):
        super().__init__(xy, width, height, **kwargs)
        style = str(boxstyle)
        self._round = style.split(",")[0].strip().startswith("round")
        self._pad = float(style.split("pad=")[1].split(",")[0]) if "pad=" in style else 0.3
        self._pad *= float(mutation_scale)

    def __str__(self):
        return "FancyBboxPatch((%s, %s), width=%s, height=%s)" % (
            _num(self._x), _num(self._y), _num(self._width), _num(self._height))

    def _path(self):
        p = self._pad
        x0, y0, x1, y1 = self._x - p, self._y - p, self._x + self._width + p, self._y + self._height + p
        if not self._round or p <= 0:
            return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], True
        pts = []
        for cx, cy, start in ((x1 - p, y0 + p, -90), (x1 - p, y1 - p, 0), (x0 + p, y1 - p, 90), (x0 + p, y0 + p, 180)):
            for k in range(7):
                a = math.radians(start + 15 * k)
                pts.append((cx + p * math.cos(a), cy + p * math.sin(a)))
        return pts, True


class FancyArrowPatch(Patch):
    """A line from ``posA`` to ``posB`` with an arrow head (``arrowstyle`` '->', '<-', '<->', '-|>',
    '-'); the head is ``mutation_scale`` points long."""

    _repr_name = "matplotlib.patches.FancyArrowPatch"

    def __init__(self, posA=None, posB=None, arrowstyle="simple", mutation_scale=1, **kwargs):
        kwargs.setdefault("fill", False)
        super().__init__(**kwargs)
        self._a, self._b = _pair(posA, "posA"), _pair(posB, "posB")
        style = str(arrowstyle).replace(" ", "")
        size = 0.4 * float(mutation_scale)  # matplotlib's head length: 0.4 x mutation_scale points
        self.head = {"end": style.endswith(">") or style == "simple", "start": style.startswith("<"),
                     "size": size, "filled": "|" in style or style in ("simple", "fancy", "wedge")}

    def __str__(self):
        return "FancyArrowPatch((%s, %s)->(%s, %s))" % (_num(self._a[0]), _num(self._a[1]), _num(self._b[0]),
                                                         _num(self._b[1]))

    def set_positions(self, posA, posB):
        self._a, self._b = _pair(posA, "posA"), _pair(posB, "posB")

    def _path(self):
        return [self._a, self._b], False
