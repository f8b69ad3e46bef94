"""The Figure: its size, its Axes and colour bars (runs inside MicroPython). matplotlib._svg
draws it.
"""

from matplotlib import _style
from matplotlib._artists import Text, _fontsize
from matplotlib._axes import Axes, _rectilinear


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
        _rectilinear(kwargs)
        if not args:
            args = (1, 1, 1)
        if len(args) == 1:
            n = int(args[0])
            args = (n // 100, (n // 10) % 10, n % 10)
        pos = (int(args[0]), int(args[1]), args[2])
        for ax in self.axes:
            if ax._pos == pos:
                return ax
        ax = Axes(self, pos)
        self.axes.append(ax)
        return ax

    def add_axes(self, rect, **kwargs):
        """Axes at ``rect = [left, bottom, width, height]`` in figure fractions (0..1)."""
        try:
            left, bottom, width, height = (float(v) for v in rect)
        except (TypeError, ValueError):
            raise TypeError("add_axes takes a rectangle [left, bottom, width, height]") from None
        if width <= 0 or height <= 0:
            raise ValueError("add_axes: width and height must be positive, got %r" % (list(rect),))
        _rectilinear(kwargs)
        ax = Axes(self, ("rect", (left, bottom, width, height)))
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

    def subplots_adjust(self, **kwargs):
        return None

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


class Colorbar:
    def __init__(self, ax):
        self.ax = ax

    def set_label(self, label, **kwargs):
        self.ax._colorbar["label"] = str(label)

    def __repr__(self):
        return "<matplotlib.colorbar.Colorbar at 0x%x>" % id(self)

    def __str__(self):
        return "<matplotlib.colorbar.Colorbar object at 0x%x>" % id(self)
