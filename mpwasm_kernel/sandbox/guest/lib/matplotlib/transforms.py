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

    def inverted(self):
        raise NotImplementedError("the sandbox's transforms place artists; they do not map points back")


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
        (self.x0, self.y0), (self.x1, self.y1) = points
        self.width, self.height = self.x1 - self.x0, self.y1 - self.y0

    def __repr__(self):
        return "Bbox([[%r, %r], [%r, %r]])" % (self.x0, self.y0, self.x1, self.y1)

    @staticmethod
    def from_bounds(x0, y0, width, height):
        return Bbox([[x0, y0], [x0 + width, y0 + height]])

    @staticmethod
    def from_extents(x0, y0, x1, y1):
        return Bbox([[x0, y0], [x1, y1]])
