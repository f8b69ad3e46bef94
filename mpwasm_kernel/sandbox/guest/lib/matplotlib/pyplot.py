"""``matplotlib.pyplot`` for the sandbox: the state-machine interface over Figure/Axes.

Runs inside MicroPython. Figures are shown inline as SVG: ``show()`` displays the open
figures now; the kernel displays and closes the remaining ones at the end of the cell
(``_flush``), like matplotlib-inline.
"""

from matplotlib._axes import Axes
from matplotlib._figure import Figure
from matplotlib.gridspec import GridSpec

_figs = []
_cur = [None]
_counter = [0]


class _Style:
    available = ["default", "classic"]

    def use(self, name):
        """Accepted for compatibility; the sandbox has one style."""
        return None

    def context(self, name):
        return _Null()


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


style = _Style()
rcParams = __import__("matplotlib").rcParams


def rc(group, **kwargs):
    """``plt.rc('font', size=8)``: sets ``rcParams['font.size']`` (kept; the SVG writer uses its
    own default sizes)."""
    for name in (group,) if isinstance(group, str) else group:
        for key in kwargs:
            full, value = name + "." + key, kwargs[key]
            # matplotlib validates numbers: a size given as 8 is kept as 8.0
            rcParams[full] = float(value) if type(rcParams.get(full)) is float else value


class _Grid:
    """The array of Axes that ``subplots`` returns: ``axes[i, j]``, ``axes[k]``, ``.flat``."""

    def __init__(self, rows):
        self._rows = rows
        self.shape = (len(rows), len(rows[0]))

    def __getitem__(self, key):
        if isinstance(key, tuple):
            r = self._rows[key[0]]
            if isinstance(r, list):
                return r[key[1]]
            return r
        item = self._rows[key]
        if isinstance(item, list) and not isinstance(key, slice):
            return _Row(item)
        return item

    def __len__(self):
        return len(self._rows)

    def __iter__(self):
        for r in self._rows:
            yield _Row(r) if isinstance(r, list) else r

    @property
    def flat(self):
        return [a for r in self._rows for a in (r if isinstance(r, list) else [r])]

    def flatten(self):
        return self.flat

    ravel = flatten

    def __repr__(self):
        return "array(%r, dtype=object)" % (self._rows,)


class _Row(list):
    def flatten(self):
        return list(self)

    @property
    def flat(self):
        return list(self)


def figure(num=None, figsize=None, dpi=None, clear=False, **kwargs):
    """A new figure (or the existing one numbered ``num``), made current."""
    if num is not None:
        for f in _figs:
            if f.number == num:
                _cur[0] = f
                if clear:
                    f.axes = []
                return f
    _counter[0] += 1
    fig = Figure(figsize=figsize or rcParams.get("figure.figsize"), dpi=dpi,
                 num=num if isinstance(num, int) else _counter[0])
    _figs.append(fig)
    _cur[0] = fig
    return fig


def gcf():
    if _cur[0] is None:
        return figure()
    return _cur[0]


def gca():
    return gcf().gca()


def sca(ax):
    _cur[0] = ax.figure
    if ax in ax.figure.axes:
        ax.figure.axes.remove(ax)
        ax.figure.axes.append(ax)


def axes(arg=None, **kwargs):
    """An Axes of the current figure: the one filling it (no argument; an existing one is reused,
    where matplotlib would stack a new one), or a new one at ``[left, bottom, width, height]`` in
    figure fractions."""
    fig = gcf()
    if arg is None:
        return fig.add_subplot(1, 1, 1, **kwargs)
    return fig.add_axes(arg, **kwargs)


def subplot2grid(shape, loc, rowspan=1, colspan=1, fig=None, **kwargs):
    """The Axes spanning ``rowspan`` x ``colspan`` cells of a ``shape`` grid from cell ``loc``."""
    nrows, ncols = int(shape[0]), int(shape[1])
    row, col = int(loc[0]), int(loc[1])
    if not (0 <= row and row + rowspan <= nrows and 0 <= col and col + colspan <= ncols):
        raise ValueError("subplot2grid: the span does not fit the %dx%d grid" % (nrows, ncols))
    gs = GridSpec(nrows, ncols)
    return (fig or gcf()).add_subplot(gs[row:row + rowspan, col:col + colspan], **kwargs)


def polar(*args, **kwargs):
    """Plot (theta, r) on the current Axes, made polar if it is not (as matplotlib's)."""
    fig = gcf()
    ax = fig.axes[-1] if fig.axes and fig.axes[-1]._polar else fig.add_subplot(1, 1, 1, projection="polar")
    sca(ax)
    return ax.plot(*args, **kwargs)


def twinx(ax=None):
    """A second Axes sharing the x axis of `ax` (default: the current one), y axis on the right;
    it becomes the current Axes."""
    return (ax or gca()).twinx()


def subplot(*args, **kwargs):
    """The Axes at a grid position: subplot(nrows, ncols, index), subplot(221) or subplot(gs[0, :])
    (an existing Axes at that position is reused, as matplotlib does)."""
    fig = gcf()
    ax = fig.add_subplot(*args, **kwargs)
    sca(ax)
    return ax


def subplots(nrows=1, ncols=1, figsize=None, sharex=False, sharey=False, squeeze=True, dpi=None,
             width_ratios=None, height_ratios=None, gridspec_kw=None, subplot_kw=None, **kwargs):
    """(Figure, axes): one Axes, a list of them, or a 2-D grid (``axes[i, j]``)."""
    fig = figure(figsize=figsize, dpi=dpi, **kwargs)
    grid = dict(gridspec_kw or {})
    if width_ratios is not None:
        grid["width_ratios"] = width_ratios
    if height_ratios is not None:
        grid["height_ratios"] = height_ratios
    gs = GridSpec(nrows, ncols, figure=fig, **grid)
    rows = [[fig.add_subplot(gs[r, c], **(subplot_kw or {})) for c in range(ncols)] for r in range(nrows)]
    _share_grid(rows, sharex, sharey)
    return fig, _shaped(rows, squeeze)


def _share_grid(rows, sharex, sharey):
    """``sharex``/``sharey`` of ``subplots``: True or 'all', 'row', 'col' (False/'none': none)."""
    for axis, mode in (("x", sharex), ("y", sharey)):
        if mode in (False, None, "none"):
            continue
        if mode not in (True, "all", "row", "col"):
            raise ValueError("share%s must be a bool or one of 'all', 'row', 'col', 'none'" % axis)
        for r, row in enumerate(rows):
            for c, ax in enumerate(row):
                lead = rows[r][0] if mode == "row" else rows[0][c] if mode == "col" else rows[0][0]
                ax._share(axis, lead)


def _shaped(rows, squeeze):
    """The Axes of a grid as matplotlib returns them: one, a row/column, or a 2-D grid."""
    nrows, ncols = len(rows), len(rows[0])
    if squeeze and nrows == 1 and ncols == 1:
        return rows[0][0]
    if squeeze and (nrows == 1 or ncols == 1):
        return _Row([a for row in rows for a in row])
    return _Grid(rows)


def close(fig=None):
    """Close the current figure, a given one, or all of them with ``close('all')``."""
    if fig == "all":
        del _figs[:]
        _cur[0] = None
        return
    if fig is None:
        fig = _cur[0]
    elif isinstance(fig, int):
        fig = ([f for f in _figs if f.number == fig] or [None])[0]
    if fig in _figs:
        _figs.remove(fig)
    if _cur[0] is fig:
        _cur[0] = _figs[-1] if _figs else None


def get_fignums():
    """The numbers of the open figures."""
    return [f.number for f in _figs]


def fignum_exists(num):
    return any(f.number == num for f in _figs)


def clf():
    gcf().axes = []


def cla():
    gca().cla()


def _display(fig):
    """Show ``fig`` as the inline backend does: an image with its text, or only the text
    (``<Figure size 640x480 with 0 Axes>``) for a figure with nothing drawn in it."""
    import IPython.display as d

    if fig.axes:  # the marker: the runner shows it in InlineBackend's formats (runner/figures.py)
        d.publish_display_data({"image/svg+xml": fig._repr_svg_(), "text/plain": repr(fig)},
                               {"mpwasm_kernel/figure": True})
    else:
        d.publish_display_data({"text/plain": repr(fig)})


def show(*args, **kwargs):
    """Display every open figure now and close it."""
    figs = list(_figs)
    close("all")
    for fig in figs:
        _display(fig)


def _flush():
    """End of a cell (called by the sandbox runtime): show and close the open figures."""
    if _figs:
        show()


def savefig(fname, **kwargs):
    """Write the current figure as SVG into the sandbox's file system."""
    gcf().savefig(fname, **kwargs)


def draw():
    return None


def pause(interval):
    return None


def ion():
    return None


def ioff():
    return None


def isinteractive():
    return False


def tight_layout(*args, **kwargs):
    """Lay the axes out with room for their labels (point-based margins)."""
    gcf().tight_layout()


def subplots_adjust(left=None, bottom=None, right=None, top=None, wspace=None, hspace=None):
    """Set the current figure's subplot parameters (figure fractions)."""
    gcf().subplots_adjust(left, bottom, right, top, wspace, hspace)


def figtext(x, y, s, **kwargs):
    """Text at figure fractions of the current figure."""
    return gcf().text(x, y, s, **kwargs)


def suptitle(t, **kwargs):
    return gcf().suptitle(t, **kwargs)


def colorbar(mappable=None, ax=None, label=None, **kwargs):
    """A colour bar for the last image or value-coloured scatter (or ``mappable``)."""
    fig = gcf()
    if mappable is None:
        axes = ax or gca()
        for art in reversed(axes._artists):
            if art.kind in ("image", "mesh", "contour", "hexes") or (
                    art.kind == "scatter" and art.vals is not None):
                mappable = art
                break
        if mappable is None:
            raise RuntimeError("No mappable was found to use for colorbar creation. "
                               "First define a mappable such as an image (with imshow).")
    return fig.colorbar(mappable, ax=ax, label=label)


def _axes_method(name):
    def call(*args, **kwargs):
        return getattr(gca(), name)(*args, **kwargs)
    return call


def _setter(name):
    def call(*args, **kwargs):
        return getattr(gca(), "set_" + name)(*args, **kwargs)
    return call


plot = _axes_method("plot")
scatter = _axes_method("scatter")
bar = _axes_method("bar")
barh = _axes_method("barh")
hist = _axes_method("hist")
boxplot = _axes_method("boxplot")
pie = _axes_method("pie")
errorbar = _axes_method("errorbar")
fill_between = _axes_method("fill_between")
imshow = _axes_method("imshow")
arrow = _axes_method("arrow")
hist2d = _axes_method("hist2d")
hexbin = _axes_method("hexbin")
pcolor = _axes_method("pcolor")
pcolormesh = _axes_method("pcolormesh")
contour = _axes_method("contour")
contourf = _axes_method("contourf")
clabel = _axes_method("clabel")
matshow = _axes_method("matshow")
axhline = _axes_method("axhline")
axvline = _axes_method("axvline")
text = _axes_method("text")
annotate = _axes_method("annotate")
legend = _axes_method("legend")
grid = _axes_method("grid")
axis = _axes_method("axis")
loglog = _axes_method("loglog")
semilogx = _axes_method("semilogx")
semilogy = _axes_method("semilogy")
step = _axes_method("step")
margins = _axes_method("margins")
tick_params = _axes_method("tick_params")
title = _setter("title")
xlabel = _setter("xlabel")
ylabel = _setter("ylabel")
xscale = _setter("xscale")
yscale = _setter("yscale")


def xlim(*args, **kwargs):
    """Get or set the x limits of the current Axes."""
    if not args and not kwargs:
        return gca().get_xlim()
    return gca().set_xlim(*args, **kwargs)


def ylim(*args, **kwargs):
    """Get or set the y limits of the current Axes."""
    if not args and not kwargs:
        return gca().get_ylim()
    return gca().set_ylim(*args, **kwargs)


def xticks(ticks=None, labels=None, rotation=None, **kwargs):
    """Set tick positions (and labels, rotation) of the x axis."""
    ax = gca()
    if ticks is None:
        if rotation is not None:
            ax._xtick_rot = _rot(rotation)
        return ax._xticks
    ax.set_xticks(ticks, labels, rotation=rotation)


def yticks(ticks=None, labels=None, rotation=None, **kwargs):
    """Set tick positions (and labels, rotation) of the y axis."""
    ax = gca()
    if ticks is None:
        if rotation is not None:
            ax._ytick_rot = _rot(rotation)
        return ax._yticks
    ax.set_yticks(ticks, labels, rotation=rotation)


def _rot(r):
    from matplotlib._axes import _rotation

    return _rotation(r)


def clim(vmin=None, vmax=None):
    """Set the colour limits of the current image (or mesh, contour set, coloured scatter)."""
    for art in reversed(gca()._artists):
        if art.kind in ("image", "mesh", "contour", "hexes") or (art.kind == "scatter" and art.vals is not None):
            if vmax is None and isinstance(vmin, (tuple, list)):
                vmin, vmax = vmin
            if vmin is not None:
                art.vmin = float(vmin)
            if vmax is not None:
                art.vmax = float(vmax)
            return
    raise RuntimeError("You must first define an image, e.g., with imshow")


def get_cmap(name=None, lut=None):
    """The colour map named ``name`` (default viridis)."""
    from matplotlib import cm

    return cm._get_cmap(name)


Axes = Axes
Figure = Figure


#: pyplot's names from other modules, loaded on first use (``plt.cm``, ``plt.Rectangle``, ...)
_ELSEWHERE = {"cm": ("matplotlib", "cm"), "Arrow": ("matplotlib.patches", None),
              "Circle": ("matplotlib.patches", None), "Polygon": ("matplotlib.patches", None),
              "Rectangle": ("matplotlib.patches", None)}
TICKER_NAMES = ("AutoLocator", "FixedFormatter", "FixedLocator", "FormatStrFormatter", "Formatter", "FuncFormatter",
                "IndexLocator", "LinearLocator", "Locator", "LogFormatter", "LogFormatterMathtext",
                "LogFormatterSciNotation", "LogLocator", "MaxNLocator", "MultipleLocator", "NullFormatter",
                "NullLocator", "ScalarFormatter")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    import sys

    where = ("matplotlib.ticker", None) if name in TICKER_NAMES else _ELSEWHERE.get(name)
    if where is not None:
        module, attr = where
        __import__(module if attr is None else module + "." + attr)
        return sys.modules[module if attr is None else module + "." + attr] if attr else \
            getattr(sys.modules[module], name)
    raise AttributeError("matplotlib.pyplot.%s is not available in the sandbox's matplotlib (an SVG "
                         "subset; see docs/plotting.md)" % name)
