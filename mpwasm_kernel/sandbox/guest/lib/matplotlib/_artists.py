"""The artists an Axes holds (data only; matplotlib._svg draws them) and the data helpers every
part of the sandbox's matplotlib uses (``values``, ``floats``, font sizes, rotations).

Runs inside MicroPython. Data may be lists, tuples, ranges, scalars or arrays with
``tolist()`` (ulab and the sandbox's numpy); strings on an axis make it categorical.
"""

import math  # noqa: F401 (helpers below)

from matplotlib import _style

_INF = float("inf")


def values(v, name="data"):
    """A flat list of the elements of ``v`` (scalars become one-element lists)."""
    if v is None:
        return []
    if isinstance(v, (int, float)):
        return [v]
    if isinstance(v, str):
        return [v]
    tolist = getattr(v, "tolist", None)
    if tolist is not None:
        v = tolist()
        if not isinstance(v, list):
            return [v]
    try:
        return list(v)
    except TypeError:
        raise TypeError("%s must be a number, a list or an array, not %s" % (name, type(v).__name__)) from None


def floats(v, name="data"):
    out = []
    for x in values(v, name):
        try:
            out.append(float(x))
        except (TypeError, ValueError):
            raise TypeError("%s must hold numbers, got %r" % (name, x)) from None
    return out


def _finite(v):
    return v == v and v != _INF and v != -_INF


class Artist:
    """One drawn thing. ``kind`` selects how matplotlib._svg draws it; ``label`` feeds legend()."""

    _repr_name = "matplotlib.artist.Artist"

    def __init__(self, kind, **kw):
        self.kind = kind
        self.label = None
        self.alpha = None
        self.zorder = 2
        for key in kw:
            setattr(self, key, kw[key])

    def __repr__(self):
        # as IPython shows an object without its own repr: ``<matplotlib.lines.Line2D at 0x...>``
        return "<%s at 0x%x>" % (self._repr_name, id(self))

    def __str__(self):
        # print() shows Python's default repr: ``<matplotlib.lines.Line2D object at 0x...>``
        return "<%s object at 0x%x>" % (self._repr_name, id(self))

    def set_label(self, s):
        self.label = s

    def get_window_extent(self, renderer=None):
        """The artist's box in display pixels (matplotlib.transforms.window_extent)."""
        from matplotlib.transforms import window_extent

        return window_extent(self)

    def get_label(self):
        return self.label

    def set_color(self, c):
        self.color = _style.color(c)
        self._color_spec = c

    def set_alpha(self, a):
        self.alpha = a

    def set_linewidth(self, w):
        self.lw = float(w)

    def set_data(self, x, y):
        self.x = floats(x)
        self.y = floats(y)

    def set_ydata(self, y):
        self.y = floats(y)

    def set_xdata(self, x):
        self.x = floats(x)

    def set_dashes(self, seq):
        """A dash pattern: on/off lengths in points (scaled by the line width, as matplotlib)."""
        seq = floats(seq, "dashes")
        if not seq:
            self.ls = "-"
        elif len(seq) % 2 or any(v < 0 for v in seq) or sum(seq) <= 0:
            raise ValueError("dash pattern must be an even number of non-negative lengths, not all 0")
        else:
            self.ls = (0, seq)

    def set_linestyle(self, ls):
        _style.dash(ls)
        self.ls = ls

    def get_linestyle(self):
        ls = getattr(self, "ls", "-")
        if isinstance(ls, tuple):
            return "--"
        return {"solid": "-", "dashed": "--", "dashdot": "-.", "dotted": ":", "": "None",
                " ": "None", "none": "None", None: "-"}.get(ls, ls)

    def get_color(self):
        """The colour as it was set (a name stays a name), as matplotlib's get_color."""
        return getattr(self, "_color_spec", getattr(self, "color", None))

    def remove(self):
        ax = getattr(self, "axes", None)
        if ax is not None and self in ax._artists:
            ax._artists.remove(self)


class Line2D(Artist):
    _repr_name = "matplotlib.lines.Line2D"

    def __str__(self):
        # matplotlib names an unlabelled artist after its place among the Axes' children
        return "Line2D(%s)" % (self.label if self.label is not None else "_child%d" % getattr(self, "_child", 0))


class PathCollection(Artist):
    _repr_name = "matplotlib.collections.PathCollection"


class AxesImage(Artist):
    _repr_name = "matplotlib.image.AxesImage"

    def set_interpolation(self, s):
        """'nearest', 'bilinear', ...: the sandbox draws every image cell as a flat block."""
        self.interpolation = s

    def get_interpolation(self):
        return getattr(self, "interpolation", "antialiased")

    def set_cmap(self, cmap):
        self.cmap = _style.cmap_name(cmap)

    def set_clim(self, vmin=None, vmax=None):
        if vmax is None and isinstance(vmin, (tuple, list)):
            vmin, vmax = vmin
        if vmin is not None:
            self.vmin = float(vmin)
        if vmax is not None:
            self.vmax = float(vmax)


class Text(Artist):
    """A text; ``rx``/``ry`` keep the positions as given (``Text(1, 2, 'hi')`` for integers)."""

    _repr_name = "matplotlib.text.Text"

    def __repr__(self):
        # matplotlib's Text repr: Text(x, y, 'text') with the positions' str
        return "Text(%s, %s, %r)" % (getattr(self, "rx", getattr(self, "x", 0)),
                                     getattr(self, "ry", getattr(self, "y", 0)), self.s)

    __str__ = __repr__

    def get_text(self):
        return self.s

    def set_text(self, s):
        self.s = str(s)

    def get_position(self):
        return (getattr(self, "rx", self.x), getattr(self, "ry", self.y))

    def set_position(self, xy):
        self.x, self.y = float(xy[0]), float(xy[1])
        self.rx, self.ry = xy[0], xy[1]

    def set_fontsize(self, size):
        self.size = _fontsize(size, 10.0)

    set_size = set_fontsize

    def get_fontsize(self):
        return getattr(self, "size", None) or 10.0

    def set_rotation(self, r):
        self.rot = _rotation(r)

    def set_fontweight(self, w):
        self.weight = w

    def set_ha(self, ha):
        self.ha = ha

    set_horizontalalignment = set_ha


class Annotation(Text):
    _repr_name = "matplotlib.text.Annotation"

    def __repr__(self):
        # matplotlib: Annotation(%g, %g, %r) of the annotated point
        return "Annotation(%g, %g, %r)" % (self.xy[0], self.xy[1], self.s)

    __str__ = __repr__


class Container(list):
    """A list of artists (BarContainer, ErrorbarContainer) with a label."""

    def __init__(self, items, name, label=None):
        super().__init__(items)
        self._name = name
        self.label = label

    def __repr__(self):
        return "<%s object of %d artists>" % (self._name, len(self))

    def get_label(self):
        return self.label


def _kw(kwargs, *names):
    """The first of ``names`` present in ``kwargs`` (aliases like color/c), else None."""
    for n in names:
        if n in kwargs:
            return kwargs[n]
    return None


_range = range


def _sorted(vals):
    """``sorted(vals)`` without MicroPython's quadratic case: its list sort is a quicksort that
    degrades on input that is already in (or in reverse) order, common for plotted data."""
    vals = list(vals)
    n = len(vals)
    if all(vals[i] <= vals[i + 1] for i in _range(n - 1)):
        return vals
    if all(vals[i] >= vals[i + 1] for i in _range(n - 1)):
        vals.reverse()
        return vals
    # shuffle first so no input order hits the quadratic case
    import random

    for i in _range(n - 1, 0, -1):
        j = random.getrandbits(30) % (i + 1)
        vals[i], vals[j] = vals[j], vals[i]
    vals.sort()
    return vals


def _fontsize(size, default):
    if size is None:
        return default
    if isinstance(size, str):
        scale = {"xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0, "large": 1.2,
                 "x-large": 1.44, "xx-large": 1.728, "larger": 1.2, "smaller": 0.833}
        return 10.0 * scale.get(size, 1.0)
    return float(size)


def _rotation(r):
    if r == "vertical":
        return 90.0
    if r in (None, "horizontal"):
        return 0.0
    return float(r)
