"""``matplotlib.transforms`` for the sandbox: the coordinate systems artists are placed in
(runs inside MicroPython).

A transform names, per axis, where a coordinate is measured: ``data`` (the Axes' data),
``axes`` (0..1 across the Axes), ``figure`` (0..1 across the figure) or ``display`` (points from
the figure's lower left). ``ax.transData``, ``ax.transAxes``, ``fig.transFigure``,
``ax.get_xaxis_transform()`` (x data, y axes) and ``blended_transform_factory`` give them;
``Affine2D`` (scale, rotate, translate) applied first, ``+ ax.transData`` after, and
``offset_copy`` (an offset in points) compose with them. ``display`` coordinates are pixels
at the figure's dpi, as matplotlib's.
"""

import math


class Transform:
    """Where coordinates are measured: ``kinds`` (x, y) plus an optional affine applied first
    and an offset in points applied last."""

    def __init__(self, kinds, axes=None, figure=None, pre=None, offset=(0.0, 0.0)):
        self.kinds = kinds
        self.axes = axes
        self.figure = figure
        self.pre = pre
        self.offset = offset

    def __repr__(self):
        return "<matplotlib.transforms.%s object at 0x%x>" % (self._name(), id(self))

    def _name(self):
        if self.pre is not None:
            return "CompositeGenericTransform"
        if self.kinds[0] != self.kinds[1]:
            return "BlendedGenericTransform"
        return {"data": "CompositeGenericTransform", "axes": "BboxTransformTo",
                "figure": "BboxTransformTo", "display": "IdentityTransform"}[self.kinds[0]]

    def __add__(self, other):
        if isinstance(other, Affine2D):  # a transform followed by an affine: points, as matplotlib's display
            return Transform(self.kinds, self.axes, self.figure, self.pre,
                             (self.offset[0] + other._m[2], self.offset[1] + other._m[5]))
        raise TypeError("the sandbox composes Affine2D() + transform and transform + Affine2D().translate only")

    def frozen(self):
        return self

    def _scales(self):
        # per axis (origin, pixels per unit) mapping this transform's coordinates to display pixels
        fig = self.figure or (self.axes.figure if self.axes is not None else None)
        if fig is None:
            raise ValueError("this transform belongs to no figure")
        w, h = fig.get_size_inches()
        px, py = w * fig.dpi, h * fig.dpi
        out = []
        for axis, kind in enumerate(self.kinds):
            size = px if axis == 0 else py
            if kind == "display":
                out.append((0.0, 1.0))
                continue
            if kind == "figure":
                out.append((0.0, size))
                continue
            f = self.axes._fractions()
            lo, hi = (f[0], f[2]) if axis == 0 else (f[1], f[3])
            if kind == "axes":
                out.append((lo * size, (hi - lo) * size))
                continue
            a, b = self.axes.get_xlim() if axis == 0 else self.axes.get_ylim()
            scale = (hi - lo) * size / (b - a) if b != a else 0.0
            out.append((lo * size - a * scale, scale))
        return out

    def transform(self, values):
        """Display pixels of a point ``(x, y)`` or of a list of points (matplotlib's lower-left origin)."""
        (ox, sx), (oy, sy) = self._scales()
        dx, dy = self.offset[0] * self._dpi() / 72.0, self.offset[1] * self._dpi() / 72.0

        def one(p):
            x, y = (float(p[0]), float(p[1]))
            if self.pre is not None:
                x, y = self.pre.transform_point((x, y))
            return [ox + sx * x + dx, oy + sy * y + dy]

        if len(values) and _is_number(values[0]):
            return one(values)
        return [one(p) for p in values]

    def transform_point(self, point):
        return self.transform(point)

    def _dpi(self):
        fig = self.figure or (self.axes.figure if self.axes is not None else None)
        return fig.dpi if fig is not None else 100.0

    def inverted(self):
        """The map back from display pixels to this transform's coordinates."""
        return _Inverted(self)


def _is_number(v):
    try:
        float(v)
    except TypeError:
        return False
    return True


class _Inverted:
    """Display pixels -> the coordinates of ``forward`` (``ax.transData.inverted()``)."""

    def __init__(self, forward):
        self.forward = forward

    def __repr__(self):
        return "<matplotlib.transforms.CompositeGenericTransform object at 0x%x>" % id(self)

    def inverted(self):
        return self.forward

    def frozen(self):
        return self

    def transform(self, values):
        f = self.forward
        (ox, sx), (oy, sy) = f._scales()
        dx, dy = f.offset[0] * f._dpi() / 72.0, f.offset[1] * f._dpi() / 72.0

        def one(p):
            x, y = float(p[0]) - dx, float(p[1]) - dy
            return [(x - ox) / sx if sx else 0.0, (y - oy) / sy if sy else 0.0]

        if len(values) and _is_number(values[0]):
            return one(values)
        return [one(p) for p in values]

    def transform_point(self, point):
        return self.transform(point)


class Affine2D:
    """A 2-D affine map (``scale``, ``rotate``/``rotate_deg``, ``translate``, ``rotate_deg_around``);
    ``Affine2D() + ax.transData`` applies it to an artist's coordinates before ``ax.transData``."""

    def __init__(self, matrix=None):
        # row-major a b c / d e f: x' = a x + b y + c, y' = d x + e y + f
        self._m = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0] if matrix is None else [
            float(matrix[0][0]), float(matrix[0][1]), float(matrix[0][2]),
            float(matrix[1][0]), float(matrix[1][1]), float(matrix[1][2])]

    def __repr__(self):
        m = self._m
        return "Affine2D().from_values(%r, %r, %r, %r, %r, %r)" % (m[0], m[3], m[1], m[4], m[2], m[5])

    def _then(self, a, b, c, d, e, f):
        m = self._m
        self._m = [a * m[0] + b * m[3], a * m[1] + b * m[4], a * m[2] + b * m[5] + c,
                   d * m[0] + e * m[3], d * m[1] + e * m[4], d * m[2] + e * m[5] + f]
        return self

    def scale(self, sx, sy=None):
        return self._then(float(sx), 0.0, 0.0, 0.0, float(sx if sy is None else sy), 0.0)

    def translate(self, tx, ty):
        return self._then(1.0, 0.0, float(tx), 0.0, 1.0, float(ty))

    def rotate(self, theta):
        c, s = math.cos(theta), math.sin(theta)
        return self._then(c, -s, 0.0, s, c, 0.0)

    def rotate_deg(self, degrees):
        return self.rotate(math.radians(degrees))

    def rotate_around(self, x, y, theta):
        return self.translate(-x, -y).rotate(theta).translate(x, y)

    def rotate_deg_around(self, x, y, degrees):
        return self.rotate_around(x, y, math.radians(degrees))

    def get_matrix(self):
        m = self._m
        return [[m[0], m[1], m[2]], [m[3], m[4], m[5]], [0.0, 0.0, 1.0]]

    def transform_point(self, point):
        m = self._m
        x, y = float(point[0]), float(point[1])
        return (m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5])

    def __add__(self, other):
        if isinstance(other, Affine2D):
            out = Affine2D()
            out._m = list(self._m)
            m = other._m
            return out._then(m[0], m[1], m[2], m[3], m[4], m[5])
        if isinstance(other, Transform):
            pre = self if other.pre is None else self + other.pre
            return Transform(other.kinds, other.axes, other.figure, pre, other.offset)
        return NotImplemented


class IdentityTransform(Transform):
    """Display coordinates: points from the figure's lower left."""

    def __init__(self):
        super().__init__(("display", "display"))


def blended_transform_factory(x_transform, y_transform):
    """x measured as ``x_transform``'s x, y as ``y_transform``'s y."""
    return Transform((x_transform.kinds[0], y_transform.kinds[1]), x_transform.axes or y_transform.axes,
                     x_transform.figure or y_transform.figure)


def offset_copy(trans, fig=None, x=0.0, y=0.0, units="inches"):
    """``trans`` shifted by (x, y) in ``units`` ('inches', 'points' or 'dots')."""
    scale = {"inches": 72.0, "points": 1.0, "dots": 72.0 / (getattr(fig, "dpi", 100.0) or 100.0)}.get(units)
    if scale is None:
        raise ValueError("units must be 'inches', 'points', or 'dots'")
    return Transform(trans.kinds, trans.axes, trans.figure, trans.pre,
                     (trans.offset[0] + float(x) * scale, trans.offset[1] + float(y) * scale))


class Bbox:
    """A rectangle ``[[x0, y0], [x1, y1]]``."""

    def __init__(self, points):
        (x0, y0), (x1, y1) = points
        self.x0, self.y0, self.x1, self.y1 = float(x0), float(y0), float(x1), float(y1)
        self.width, self.height = self.x1 - self.x0, self.y1 - self.y0

    @property
    def xmin(self):
        return min(self.x0, self.x1)

    @property
    def xmax(self):
        return max(self.x0, self.x1)

    @property
    def ymin(self):
        return min(self.y0, self.y1)

    @property
    def ymax(self):
        return max(self.y0, self.y1)

    @property
    def bounds(self):
        return (self.x0, self.y0, self.width, self.height)

    @property
    def extents(self):
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def p0(self):
        return (self.x0, self.y0)

    @property
    def p1(self):
        return (self.x1, self.y1)

    def get_points(self):
        return [[self.x0, self.y0], [self.x1, self.y1]]

    def transformed(self, transform):
        """The box around this one's corners mapped by ``transform``."""
        return TransformedBbox(self, transform)

    def padded(self, w_pad, h_pad=None):
        h = w_pad if h_pad is None else h_pad
        return Bbox([[self.x0 - w_pad, self.y0 - h], [self.x1 + w_pad, self.y1 + h]])

    def contains(self, x, y):
        return self.xmin <= x <= self.xmax and self.ymin <= y <= self.ymax

    @staticmethod
    def union(bboxes):
        """The smallest box holding every box of ``bboxes``."""
        if not len(bboxes):
            raise ValueError("'bboxes' cannot be empty")
        return Bbox([[min(b.xmin for b in bboxes), min(b.ymin for b in bboxes)],
                     [max(b.xmax for b in bboxes), max(b.ymax for b in bboxes)]])

    def __repr__(self):
        return "Bbox([[%r, %r], [%r, %r]])" % (self.x0, self.y0, self.x1, self.y1)

    @staticmethod
    def from_bounds(x0, y0, width, height):
        return Bbox([[x0, y0], [x0 + width, y0 + height]])

    @staticmethod
    def from_extents(x0, y0, x1, y1):
        return Bbox([[x0, y0], [x1, y1]])


def TransformedBbox(bbox, transform):
    """``bbox`` with its corners mapped by ``transform`` (computed once, not kept in step)."""
    corners = transform.transform([[bbox.x0, bbox.y0], [bbox.x1, bbox.y1], [bbox.x0, bbox.y1],
                                   [bbox.x1, bbox.y0]])
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return Bbox([[min(xs), min(ys)], [max(xs), max(ys)]])


def window_extent(artist):
    """An artist's box in display pixels (``get_window_extent()``): a patch's outline, a text's
    estimated extent (DejaVu Sans average widths, as the SVG writer places it)."""
    axes = getattr(artist, "axes", None)
    if axes is None:
        return Bbox([[0.0, 0.0], [1.0, 1.0]])  # matplotlib's unit box for an artist not drawn
    trans = getattr(artist, "transform", None) or axes.transData
    if hasattr(artist, "_path"):
        points = trans.transform(list(artist._path()[0]))
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Bbox([[min(xs), min(ys)], [max(xs), max(ys)]])
    if getattr(artist, "kind", None) == "text":
        from matplotlib._style import text_width

        dpi = trans._dpi()
        x, y = trans.transform((artist.x, artist.y))
        off = getattr(artist, "offset", None)
        if off is not None:
            x, y = x + off[0] * dpi / 72.0, y + off[1] * dpi / 72.0
        lines = str(artist.s).split("\n")
        w = max(text_width(line, artist.size) for line in lines) * dpi / 72.0
        h = artist.size * 1.2 * len(lines) * dpi / 72.0
        ha, va = artist.ha, artist.va
        x0 = x - (w / 2 if ha == "center" else w if ha == "right" else 0.0)
        descent = artist.size * 0.24 * dpi / 72.0
        y0 = {"center": y - h / 2, "top": y - h, "bottom": y, "center_baseline": y - h / 2}.get(va, y - descent)
        return Bbox([[x0, y0], [x0 + w, y0 + h]])
    return Bbox([[0.0, 0.0], [0.0, 0.0]])
