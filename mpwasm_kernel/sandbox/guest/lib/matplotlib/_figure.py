"""The Figure: its size, its Axes and colour bars (runs inside MicroPython). matplotlib._svg
draws it.
"""

from matplotlib import _style
from matplotlib._artists import Text, _fontsize
from matplotlib._axes import Axes, _rectilinear
from matplotlib.gridspec import GridSpec, SubplotSpec, spec_of


class Figure:
    """A figure: a size in inches and a list of Axes. ``_repr_svg_`` renders it."""

    def __init__(self, figsize=None, dpi=None, num=None):
        if figsize is None:
            figsize = (6.4, 4.8)
        w, h = float(figsize[0]), float(figsize[1])
        if not (0 < w <= 50 and 0 < h <= 50):
            raise ValueError("figure size must be positive and at most 50 inches, got %r" % (figsize,))
        self._size = (w, h)
        self.dpi = float(dpi or 100)
        self.number = num
        self.axes = []
        self._suptitle = None
        self._tight = False
        self._colorbars = []
        self._subplotpars = {}
        self._texts = []
        self._trans_figure = None

    def __repr__(self):
        return "<Figure size %dx%d with %d Axes>" % (int(self._size[0] * self.dpi), int(self._size[1] * self.dpi),
                                                    len(self.axes))

    def __str__(self):
        return "Figure(%dx%d)" % (int(self._size[0] * self.dpi), int(self._size[1] * self.dpi))

    def get_size_inches(self):
        return self._size

    def set_size_inches(self, w, h=None):
        if h is None:
            w, h = w
        self._size = (float(w), float(h))

    def add_subplot(self, *args, **kwargs):
        """An Axes at a grid position: (nrows, ncols, index), 3-digit 235, (nrows, ncols, (first,
        last)), or a SubplotSpec (``gs[0, :]``)."""
        polar = _rectilinear(kwargs)
        if len(args) == 1 and isinstance(args[0], SubplotSpec):
            spec = args[0]
        else:
            if not args:
                args = (1, 1, 1)
            if len(args) == 1:
                n = int(args[0])
                if not 111 <= n <= 999:
                    raise ValueError("Integer subplot specification must be a three-digit number, not %d" % n)
                args = (n // 100, (n // 10) % 10, n % 10)
            if len(args) != 3:
                raise TypeError("add_subplot() takes 1 or 3 positional arguments but %d were given" % len(args))
            idx = args[2]
            first, last = (int(idx[0]), int(idx[1])) if isinstance(idx, (tuple, list)) else (int(idx), int(idx))
            spec = spec_of(int(args[0]), int(args[1]), first, last)
        for ax in self.axes:
            if ax._pos == spec and getattr(ax, "_twin", None) is None and ax._polar == (polar is True) and \
                    getattr(ax, "_three_d", False) == (polar == "3d"):
                return ax
        ax = _new_axes(self, spec, polar)
        self.axes.append(ax)
        if kwargs:
            ax.set(**kwargs)
        return ax

    @property
    def transFigure(self):
        """Figure fractions (matplotlib.transforms, loaded on use)."""
        if self._trans_figure is None:
            from matplotlib.transforms import Transform

            self._trans_figure = Transform(("figure", "figure"), figure=self)
        return self._trans_figure

    def text(self, x, y, s, fontsize=None, color=None, ha="left", va="baseline", rotation=0, **kwargs):
        """Text at figure fractions (or ``transform``'s coordinates), drawn over the Axes."""
        from matplotlib._plotting import _text_box

        t = Text("text", x=float(x), y=float(y), rx=x, ry=y, s=str(s),
                 size=_fontsize(kwargs.get("size", fontsize), 10.0),
                 color=_style.color(color, "#000000"), ha=kwargs.get("horizontalalignment", ha),
                 va=kwargs.get("verticalalignment", va), rot=float(rotation or 0),
                 transform=kwargs.get("transform") or self.transFigure,
                 weight=kwargs.get("fontweight", kwargs.get("weight")), family=kwargs.get("family"),
                 style=kwargs.get("style"), bbox=_text_box(kwargs.get("bbox")), label=None, zorder=3)
        self._texts.append(t)
        return t

    def add_gridspec(self, nrows=1, ncols=1, **kwargs):
        """A GridSpec on this figure (``gs[0, :]`` for ``add_subplot``)."""
        return GridSpec(nrows, ncols, figure=self, **kwargs)

    def subplots(self, nrows=1, ncols=1, squeeze=True, gridspec_kw=None, **kwargs):
        from matplotlib import pyplot

        gs = GridSpec(nrows, ncols, figure=self, **(gridspec_kw or {}))
        rows = [[self.add_subplot(gs[r, c]) for c in range(ncols)] for r in range(nrows)]
        return pyplot._shaped(rows, squeeze)

    def add_axes(self, rect, **kwargs):
        """Axes at ``rect = [left, bottom, width, height]`` in figure fractions (0..1)."""
        try:
            left, bottom, width, height = (float(v) for v in rect)
        except (TypeError, ValueError):
            raise TypeError("add_axes takes a rectangle [left, bottom, width, height]") from None
        if width <= 0 or height <= 0:
            raise ValueError("add_axes: width and height must be positive, got %r" % (list(rect),))
        polar = _rectilinear(kwargs)
        ax = _new_axes(self, ("rect", (left, bottom, width, height)), polar)
        self.axes.append(ax)
        if kwargs:
            ax.set(**kwargs)
        return ax

    def gca(self):
        if not self.axes:
            return self.add_subplot(1, 1, 1)
        return self.axes[-1]

    def suptitle(self, t, fontsize=None, **kwargs):
        self._suptitle = (_style.mathtext(t), _fontsize(fontsize, 12.0))
        text = getattr(self, "_suptitle_text", None)
        if text is None:
            text = self._suptitle_text = Text("suptitle", s="", x=0.5, y=0.98)
        text.s = str(t)
        return text

    def tight_layout(self, *args, **kwargs):
        self._tight = True

    def subplots_adjust(self, left=None, bottom=None, right=None, top=None, wspace=None, hspace=None):
        """The subplot parameters (figure fractions; spaces as fractions of the mean cell)."""
        given = {"left": left, "bottom": bottom, "right": right, "top": top, "wspace": wspace, "hspace": hspace}
        for key in given:
            if given[key] is not None:
                self._subplotpars[key] = float(given[key])

    def colorbar(self, mappable, ax=None, label=None, **kwargs):
        ax = ax or getattr(mappable, "axes", None) or self.gca()
        if isinstance(ax, (list, tuple)):
            ax = ax[0]
        ax._colorbar = {"src": mappable, "label": label or ""}
        return Colorbar(ax)

    def savefig(self, fname, format=None, **kwargs):
        from matplotlib import _svg

        fmt = format or (fname.rsplit(".", 1)[-1].lower() if "." in fname else "svg")
        if fmt != "svg":
            raise ValueError("Format %r is not supported in the sandbox: savefig writes SVG only "
                             "(use a .svg file name)" % fmt)
        with open(fname, "w") as f:
            f.write(_svg.render(self))

    def _repr_svg_(self):
        """The figure as SVG; None (no image, only the text) for a figure without Axes, as
        IPython's inline formatter skips an empty figure."""
        from matplotlib import _svg

        return _svg.render(self) if self.axes else None

    def show(self):
        from matplotlib import pyplot

        pyplot._display(self)


def _new_axes(fig, pos, kind):
    """An Axes at ``pos``: rectilinear (False), polar (True) or 3-D ('3d')."""
    if kind == "3d":
        from mpl_toolkits.mplot3d.axes3d import Axes3D

        return Axes3D(fig, pos)
    ax = Axes(fig, pos)
    if kind:
        from matplotlib import _polar

        _polar.make_polar(ax)
    return ax


class Colorbar:
    def __init__(self, ax):
        self.ax = ax

    def set_label(self, label, **kwargs):
        self.ax._colorbar["label"] = str(label)

    def __repr__(self):
        return "<matplotlib.colorbar.Colorbar at 0x%x>" % id(self)

    def __str__(self):
        return "<matplotlib.colorbar.Colorbar object at 0x%x>" % id(self)
