"""Axes: labels, limits, ticks and data limits (data only; matplotlib._svg draws them).
The plotting methods are in ``matplotlib._plotting``,
the artists in ``matplotlib._artists``.

Runs inside MicroPython.
"""

import math  # noqa: F401

from matplotlib import _style
from matplotlib._artists import (  # noqa: F401 (also this module's names for pyplot)
    _INF,
    Artist,
    AxesImage,
    Container,
    Line2D,
    PathCollection,
    Text,
    _finite,
    _fontsize,
    _kw,
    _range,
    _rotation,
    _sorted,
    floats,
    values,
)
from matplotlib._axis import _Axis, _Spine, _Tick, tick_texts
from matplotlib._lazy import _Lazy
from matplotlib._plotting import _np_or_list, _Plotting


class Axes(_Plotting, _Lazy):
    """A plotting area: holds artists, labels, limits and scale settings."""

    def __init__(self, fig, pos):
        self.figure = fig
        self._pos = pos  # ("rect", (l, b, w, h)) or a SubplotSpec (matplotlib.gridspec)
        self._artists = []
        self._cycle = 0
        self._pcycle = 0
        self._title = ""
        self._title_loc = "center"
        self._xlabel = ""
        self._ylabel = ""
        self._xlim = None
        self._ylim = None
        self._xscale = "linear"
        self._yscale = "linear"
        self._xticks = None
        self._yticks = None
        self._xtick_rot = 0
        self._ytick_rot = 0
        self._xcats = []
        self._ycats = []
        self._legend = None
        self._legend_obj = None
        self._extra_legends = []  # Legends added with add_artist
        self._grid = None
        self._axis_on = True
        self._aspect = None
        self._colorbar = None
        self._yinverted = False
        self._xinverted = False
        self._transforms = {}
        self.spines = {side: _Spine(side) for side in ("left", "right", "bottom", "top")}
        self._ticktexts = {}  # axis -> the tick-label Texts handed out (their colour and size are drawn)
        self._tickpos = {"x": "bottom", "y": "left"}
        self._axis_visible = {"x": True, "y": True}
        self._labels = {}  # axis -> the label's Text
        self._autoscaled = False  # autoscale_view() was called (patches then count for the view)
        self._polar = False  # a polar Axes (matplotlib._polar): x is the angle, y the radius
        self._shared = {"x": [self], "y": [self]}  # the Axes sharing each axis (one list per group)
        self._tickstyle = {}  # axis -> tick_params settings (size, color, tickcolor, sides)
        self._twin = None  # the Axes this one was made from by twinx()
        self._twins = []
        self.xaxis = _Axis(self, "x")
        self.yaxis = _Axis(self, "y")

    def __repr__(self):
        name = "PolarAxes" if self._polar else "Axes"
        return "<%s: >" % name if not self._title else "<%s: title={'center': %r}>" % (name, self._title)

    def __str__(self):
        x0, y0, x1, y1 = self._fractions()
        return "%s(%g,%g;%gx%g)" % ("PolarAxes" if self._polar else "Axes", x0, y0, x1 - x0, y1 - y0)

    def _fractions(self):
        """(x0, y0, x1, y1) of the Axes in figure fractions, before any tight layout."""
        if isinstance(self._pos, tuple):
            left, bottom, width, height = self._pos[1]
            return (left, bottom, left + width, bottom + height)
        return self._pos.get_position(self.figure)

    def autoscale_view(self, tight=None, scalex=True, scaley=True):
        """Let the view follow the data limits, patches included."""
        self._autoscaled = True

    def autoscale(self, enable=True, axis="both", tight=None):
        if enable:
            self._autoscaled = True
            if axis in ("both", "x"):
                self._xlim = None
            if axis in ("both", "y"):
                self._ylim = None

    def _transform(self, kinds):
        """The Axes' transform measuring (x, y) as ``kinds`` (matplotlib.transforms, loaded on use)."""
        found = self._transforms.get(kinds)
        if found is None:
            from matplotlib.transforms import Transform

            found = self._transforms[kinds] = Transform(kinds, axes=self, figure=self.figure)
        return found

    @property
    def transData(self):
        return self._transform(("data", "data"))

    @property
    def transAxes(self):
        return self._transform(("axes", "axes"))

    def get_xaxis_transform(self, which="grid"):
        """x in data coordinates, y in axes fractions."""
        return self._transform(("data", "axes"))

    def get_yaxis_transform(self, which="grid"):
        """x in axes fractions, y in data coordinates."""
        return self._transform(("axes", "data"))

    def get_subplotspec(self):
        return None if isinstance(self._pos, tuple) else self._pos

    def get_position(self, original=False):
        return _Bbox(*self._fractions())

    def set_position(self, pos, which="both"):
        """Place the Axes at ``[left, bottom, width, height]`` in figure fractions (or a Bbox)."""
        if hasattr(pos, "bounds"):
            pos = pos.bounds
        left, bottom, width, height = [float(v) for v in pos]
        self._pos = ("rect", (left, bottom, width, height))

    # --- helpers -------------------------------------------------------------------------
    def _next_color(self, patch=False):
        """Next colour of the line cycle, or of the patch cycle (bars, fills, scatter, pie)."""
        if patch:
            c = _style.CYCLE[self._pcycle % len(_style.CYCLE)]
            self._pcycle += 1
            return c
        c = _style.CYCLE[self._cycle % len(_style.CYCLE)]
        self._cycle += 1
        return c

    def _add(self, artist):
        artist.axes = self
        artist._child = len(self._artists)
        self._artists.append(artist)
        return artist

    def _coords(self, v, axis, name):
        """Numbers for ``v`` on ``axis`` ('x'/'y'); strings become category positions."""
        vals = values(v, name)
        if vals and isinstance(vals[0], str):
            cats = self._xcats if axis == "x" else self._ycats
            out = []
            for s in vals:
                if s not in cats:
                    cats.append(s)
                out.append(float(cats.index(s)))
            return out
        out = []
        for x in vals:
            try:
                out.append(float(x))
            except (TypeError, ValueError):
                raise TypeError("%s must hold numbers, got %r" % (name, x)) from None
        return out

    # --- labels, limits, ticks -----------------------------------------------------------
    def set_title(self, label, fontsize=None, loc="center", **kwargs):
        self._title = str(label)
        self._title_loc = loc
        self._title_size = _fontsize(fontsize if fontsize is not None else kwargs.get("size"), 12.0)
        return Text("title", s=str(label), x=0.5, y=1.0)

    def get_title(self):
        return self._title

    def set_xlabel(self, label, fontsize=None, **kwargs):
        self._xlabel = str(label)
        self._xlabel_size = _fontsize(fontsize if fontsize is not None else kwargs.get("size"), 10.0)
        self._xlabel_color = _style.color(kwargs.get("color"), "#000000")
        return self._label_text("x")

    def set_ylabel(self, label, fontsize=None, **kwargs):
        self._ylabel = str(label)
        self._ylabel_size = _fontsize(fontsize if fontsize is not None else kwargs.get("size"), 10.0)
        self._ylabel_color = _style.color(kwargs.get("color"), "#000000")
        return self._label_text("y")

    def _label_text(self, axis):
        """The axis label as a Text at matplotlib's undrawn position (x: 0.5, 0; y: 0, 0.5)."""
        text = self._labels.get(axis)
        if text is None:
            text = self._labels[axis] = Text("label", s="", x=0.5 if axis == "x" else 0, y=0 if axis == "x" else 0.5)
        text.s = self._xlabel if axis == "x" else self._ylabel
        return text

    def get_xlabel(self):
        return self._xlabel

    def get_ylabel(self):
        return self._ylabel

    @staticmethod
    def _lim(left, right, kwargs, a, b):
        """(low, high) from set_xlim/set_ylim arguments: two values, a pair, or keywords."""
        if left is not None and not isinstance(left, (int, float)):
            left, right = left[0], left[1]
        left = kwargs.get(a, left)
        right = kwargs.get(b, right)
        lo = float(left) if left is not None else None
        hi = float(right) if right is not None else None
        return lo, hi

    def set_xlim(self, left=None, right=None, **kwargs):
        lo, hi = self._lim(left, right, kwargs, "xmin", "xmax")
        auto = self._auto()[0:2]
        self._xlim = (auto[0] if lo is None else lo, auto[1] if hi is None else hi)
        for other in self._shared["x"]:
            other._xlim = self._xlim
        return self._xlim

    def set_ylim(self, bottom=None, top=None, **kwargs):
        lo, hi = self._lim(bottom, top, kwargs, "ymin", "ymax")
        auto = self._auto()[2:4]
        self._ylim = (auto[0] if lo is None else lo, auto[1] if hi is None else hi)
        for other in self._shared["y"]:
            other._ylim = self._ylim
        return self._ylim

    def get_xlim(self):
        return self._auto()[0:2]

    def get_ylim(self):
        return self._auto()[2:4]

    def invert_yaxis(self):
        self._yinverted = not self._yinverted

    def invert_xaxis(self):
        self._xinverted = not self._xinverted

    def set_xscale(self, value, **kwargs):
        if value not in ("linear", "log"):
            raise ValueError("scale %r is not supported in the sandbox; use 'linear' or 'log'" % (value,))
        self._xscale = value

    def set_yscale(self, value, **kwargs):
        if value not in ("linear", "log"):
            raise ValueError("scale %r is not supported in the sandbox; use 'linear' or 'log'" % (value,))
        self._yscale = value

    def _set_ticks(self, axis, ticks, labels, rotation, kwargs):
        """Fixed ticks (and labels) of ``axis``; the list of Tick objects matplotlib returns."""
        raw = values(ticks, "ticks")
        pos = floats(raw, "ticks")
        labs = None if labels is None else [str(s) for s in values(labels)]
        if labs is not None and len(labs) != len(pos):
            raise ValueError("The number of FixedLocator locations (%d), usually from a call to set_ticks, "
                             "does not match the number of labels (%d)." % (len(pos), len(labs)))
        if axis == "x":
            self._xticks = (pos, labs)
        else:
            self._yticks = (pos, labs)
        if rotation is not None:
            self._set_rotation(axis, rotation)
        texts = tick_texts(self, axis, raw, labs, **kwargs)
        return [_Tick(axis, t) for t in texts]

    def _set_rotation(self, axis, rotation):
        if axis == "x":
            self._xtick_rot = _rotation(rotation)
        else:
            self._ytick_rot = _rotation(rotation)

    def set_xticks(self, ticks, labels=None, rotation=None, minor=False, **kwargs):
        return self._set_ticks("x", ticks, labels, rotation, kwargs)

    def set_yticks(self, ticks, labels=None, rotation=None, minor=False, **kwargs):
        return self._set_ticks("y", ticks, labels, rotation, kwargs)

    def _set_ticklabels(self, axis, labels, rotation, kwargs):
        fixed = self._xticks if axis == "x" else self._yticks
        raw = [t.rx if axis == "x" else t.ry for t in self._ticktexts.get(axis) or []]
        if fixed is None or len(raw) != len(fixed[0]):
            raw = fixed[0] if fixed is not None else list(range(len(values(labels))))
        self._set_ticks(axis, raw, labels, rotation, {})
        return tick_texts(self, axis, raw, [str(s) for s in values(labels)], **kwargs)

    def set_xticklabels(self, labels, rotation=None, **kwargs):
        return self._set_ticklabels("x", labels, rotation, kwargs)

    def set_yticklabels(self, labels, rotation=None, **kwargs):
        return self._set_ticklabels("y", labels, rotation, kwargs)

    def _current_ticks(self, axis):
        """The major tick positions as matplotlib reports them before drawing (fixed ones as given)."""
        from matplotlib._ticks import locator_ticks, log_ticks

        texts = self._ticktexts.get(axis)
        fixed = self._xticks if axis == "x" else self._yticks
        if fixed is not None and texts and len(texts) == len(fixed[0]):
            return [t.rx if axis == "x" else t.ry for t in texts]
        if fixed is not None:
            return list(fixed[0])
        lims = self._auto()
        lo, hi = (lims[0], lims[1]) if axis == "x" else (lims[2], lims[3])
        cats = self._xcats if axis == "x" else self._ycats
        if cats:
            return list(range(len(cats)))
        if (self._xscale if axis == "x" else self._yscale) == "log":
            return [v for v, _ in log_ticks(min(lo, hi), max(lo, hi))[0]]
        return locator_ticks(self, axis, lo, hi, self._axis_length(axis))

    def _axis_length(self, axis):
        from matplotlib import _svg

        fig = self.figure
        W, H = fig._size[0] * 72.0, fig._size[1] * 72.0
        rect = _svg._axes_rects(fig, W, H)[fig.axes.index(self)] if self in fig.axes else (0, 0, W, H)
        return rect[2] if axis == "x" else rect[3]

    def get_xticks(self, minor=False):
        return _np_or_list(self._current_ticks("x"))

    def get_yticks(self, minor=False):
        return _np_or_list(self._current_ticks("y"))

    def get_xticklabels(self, minor=False, which=None):
        return tick_texts(self, "x", self._current_ticks("x"), self._fixed_labels("x"))

    def get_yticklabels(self, minor=False, which=None):
        return tick_texts(self, "y", self._current_ticks("y"), self._fixed_labels("y"))

    def _fixed_labels(self, axis):
        fixed = self._xticks if axis == "x" else self._yticks
        if fixed is not None and fixed[1] is not None:
            return fixed[1]
        cats = self._xcats if axis == "x" else self._ycats
        return list(cats) if cats and fixed is None else None

    def tick_params(self, axis="both", labelrotation=None, labelsize=None, labelcolor=None, colors=None,
                    **kwargs):
        """Tick-label rotation, size and colour (``colors``: also the tick marks)."""
        for name in ("x", "y"):
            if axis not in (name, "both"):
                continue
            if labelrotation is not None:
                self._set_rotation(name, labelrotation)
            style = self._tickstyle.setdefault(name, {})
            if labelsize is not None:
                style["size"] = _fontsize(labelsize, 10.0)
            if labelcolor is not None or colors is not None:
                style["color"] = _style.color(labelcolor if labelcolor is not None else colors)
            if colors is not None or kwargs.get("color") is not None:
                style["tickcolor"] = _style.color(colors if colors is not None else kwargs["color"])
            for side in ("bottom", "top", "left", "right"):
                if side in kwargs:
                    style[side] = bool(kwargs[side])

    def legend(self, *args, loc="best", fontsize=None, title=None, frameon=True, ncol=1, **kwargs):
        """Show a legend of the labelled artists (or ``legend(labels)`` / ``legend(handles, labels)``)."""
        from matplotlib.legend import Legend

        handles = labels = None
        if len(args) == 2:
            handles, labels = args
        elif len(args) == 1:
            labels = list(args[0])
            handles = [a for a in self._artists if a.kind in ("line", "scatter", "bars", "poly", "segs", "wedge")]
            handles = handles[:len(labels)]
        leg = Legend(self, handles, labels, loc=loc, fontsize=fontsize, title=title, frameon=frameon, ncol=ncol)
        self._legend = leg._spec
        self._legend_obj = leg
        return leg

    def get_legend(self):
        return self._legend_obj if self._legend is not None else None

    def grid(self, visible=None, which="major", axis="both", **kwargs):
        if visible is None:
            visible = True if not kwargs else True
            if self._grid is not None and not kwargs:
                visible = not self._grid["on"]
        self._grid = {"on": bool(visible), "axis": axis, "color": _style.color(kwargs.get("color"), "#b0b0b0"),
                      "ls": kwargs.get("linestyle", kwargs.get("ls", "-")),
                      "lw": float(kwargs.get("linewidth", kwargs.get("lw", 0.8))),
                      "alpha": kwargs.get("alpha")}

    def axis(self, arg=None, **kwargs):
        if arg in ("off", False):
            self._axis_on = False
        elif arg in ("on", True):
            self._axis_on = True
        elif arg in ("equal", "scaled", "image", "square"):
            self._aspect = "equal"
        elif arg == "auto":
            self._aspect = None
        elif arg is not None and not isinstance(arg, str):
            v = floats(arg, "axis limits")
            self._xlim = (v[0], v[1])
            self._ylim = (v[2], v[3])
        return self.get_xlim() + self.get_ylim()

    def set_aspect(self, aspect, **kwargs):
        self._aspect = "equal" if aspect in ("equal", 1, 1.0) else None

    def set_axis_off(self):
        self._axis_on = False

    def set_axis_on(self):
        self._axis_on = True

    def margins(self, *args, **kwargs):
        return None

    def set_facecolor(self, color):
        self._face = _style.color(color)

    def cla(self):
        self.__init__(self.figure, self._pos)

    clear = cla

    def set(self, **kwargs):
        """Call ``set_<name>(value)`` for each keyword (title=, xlabel=, xlim=, ...)."""
        for key in kwargs:
            if key in ("sharex", "sharey"):
                getattr(self, key)(kwargs[key])
                continue
            method = getattr(self, "set_" + key, None)
            if method is None:
                raise AttributeError("Axes.set() got an unexpected keyword argument %r" % key)
            method(kwargs[key])

    # --- data limits ---------------------------------------------------------------------
    def _data_bounds(self):
        """(xmin, xmax, ymin, ymax, sticky x values, sticky y values) over all artists."""
        xs = [_INF, -_INF]
        ys = [_INF, -_INF]
        sx = []
        sy = []
        logx = self._xscale == "log"
        logy = self._yscale == "log"

        def add(bounds, v, log):
            if _finite(v) and (not log or v > 0):
                if v < bounds[0]:
                    bounds[0] = v
                if v > bounds[1]:
                    bounds[1] = v

        scaled = self._autoscaled or any(a.kind not in ("patch", "text") for a in self._artists)
        for art in self._artists:
            k = art.kind
            if k in ("line", "scatter", "poly"):
                for v in art.x:
                    add(xs, v, logx)
                for v in art.y:
                    add(ys, v, logy)
            elif k == "bars":
                for r in art.rects:
                    add(xs, r.box[0], logx)
                    add(xs, r.box[2], logx)
                    add(ys, r.box[1], logy)
                    add(ys, r.box[3], logy)
                    if art.horizontal:
                        sx.append(r.box[0])
                    else:
                        sy.append(r.box[1])
            elif k == "segs":
                for s in art.segs:
                    add(xs, s[0], logx)
                    add(xs, s[2], logx)
                    add(ys, s[1], logy)
                    add(ys, s[3], logy)
            elif k == "patch":
                # as matplotlib: a patch widens the data limits, which the view follows only once
                # another artist (a line, ...) or autoscale_view() asks for autoscaling
                if art.transform is None and not getattr(art, "_no_limits", False) and scaled:
                    for px, py in art._path()[0]:
                        add(xs, px, logx)
                        add(ys, py, logy)
            elif k == "mesh" or k == "contour" or k == "hexes":
                xv, yv = (art.xs, art.ys) if k == "contour" else (art.xe, art.ye)
                if art.curved:
                    xv = [v for row in xv for v in row]
                    yv = [v for row in yv for v in row]
                for v in (min(xv), max(xv)):
                    add(xs, v, logx)
                    sx.append(v)
                for v in (min(yv), max(yv)):
                    add(ys, v, logy)
                    sy.append(v)
            elif k == "hline":
                add(ys, art.v, logy)
            elif k == "vline":
                add(xs, art.v, logx)
        return xs[0], xs[1], ys[0], ys[1], sx, sy

    def twinx(self):
        """A second Axes over this one sharing its x axis, with its y axis on the right."""
        twin = Axes(self.figure, self._pos)
        root = self._twin or self
        twin._twin = root
        root._twins.append(twin)
        self.figure.axes.append(twin)
        twin.sharex(self)
        return twin

    def _share(self, axis, other):
        if other is None or other is self or other in self._shared[axis]:
            return
        group = other._shared[axis]
        for ax in self._shared[axis]:
            group.append(ax)
            ax._shared[axis] = group
        lim = other._xlim if axis == "x" else other._ylim
        if lim is not None:
            for ax in group:
                if axis == "x":
                    ax._xlim = lim
                else:
                    ax._ylim = lim

    def sharex(self, other):
        """Share the x axis with ``other``: the group's data and set limits count together."""
        self._share("x", other)

    def sharey(self, other):
        self._share("y", other)

    def _auto(self):
        """The view limits (x0, x1, y0, y1): set limits, else data bounds plus 5 % margins (the
        Axes sharing an axis, twins too, count their data together)."""
        x0, x1, y0, y1, sx, sy = self._data_bounds()
        for axis in ("x", "y"):
            for other in self._shared[axis]:
                if other is self:
                    continue
                b = other._data_bounds()
                if axis == "x":
                    x0, x1, sx = min(x0, b[0]), max(x1, b[1]), sx + b[4]
                else:
                    y0, y1, sy = min(y0, b[2]), max(y1, b[3]), sy + b[5]
        xl = self._xlim if self._xlim is not None else _pad(x0, x1, sx, self._xscale == "log", self._xcats)
        yl = self._ylim if self._ylim is not None else _pad(y0, y1, sy, self._yscale == "log", self._ycats)
        if self._xinverted:
            xl = (xl[1], xl[0])
        if self._yinverted:
            yl = (yl[1], yl[0])
        return (xl[0], xl[1], yl[0], yl[1])


def _pad(lo, hi, sticky, log, cats):
    if lo > hi:
        return (1.0, 10.0) if log else (0.0, 1.0)
    if log:
        a, b = math.log10(lo), math.log10(hi)
        if a == b:
            a, b = a - 1, b + 1
        m = (b - a) * 0.05
        return (10 ** (a - m), 10 ** (b + m))
    if lo == hi:
        d = abs(lo) * 0.05 if lo else 0.055
        return (lo - d, hi + d)
    m = (hi - lo) * 0.05
    a, b = lo - m, hi + m
    for s in sticky:
        if s == lo and a < s:
            a = s
        if s == hi and b > s:
            b = s
    return (a, b)


def _rectilinear(kwargs):
    """True for a polar Axes (``polar=True``, ``projection='polar'``), '3d' for a 3-D one
    (mpl_toolkits.mplot3d), else False; refuses the projections the sandbox cannot draw (map
    projections)."""
    projection = kwargs.pop("projection", None)
    if kwargs.pop("polar", False) or projection == "polar":
        return True
    if projection == "3d":
        return "3d"
    if projection not in (None, "rectilinear"):
        raise NotImplementedError("the sandbox's matplotlib draws 2-D rectilinear and polar Axes only, not "
                                  "projection=%r" % (projection,))
    return False


class _Bbox:
    """A rectangle in figure fractions (``ax.get_position()``)."""

    def __init__(self, x0, y0, x1, y1):
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.width, self.height = x1 - x0, y1 - y0
        self.bounds = (x0, y0, x1 - x0, y1 - y0)

    def __repr__(self):
        return "Bbox(x0=%r, y0=%r, x1=%r, y1=%r)" % (self.x0, self.y0, self.x1, self.y1)
