"""``matplotlib.gridspec`` for the sandbox: grids of subplot cells with width/height ratios and
spacing (runs inside MicroPython).

``GridSpec(2, 3, width_ratios=[1, 2, 1])[0, :]`` is a ``SubplotSpec`` that ``fig.add_subplot`` /
``plt.subplot`` turn into an Axes spanning those cells. Positions follow matplotlib's
``GridSpec.get_grid_positions`` (figure fractions; the figure's subplot parameters where the
grid sets none).
"""

_DEFAULTS = {"left": 0.125, "right": 0.9, "bottom": 0.11, "top": 0.88, "wspace": 0.2, "hspace": 0.2}


def _ratios(ratios, n, name):
    if ratios is None:
        return [1.0] * n
    out = [float(r) for r in ratios]
    if len(out) != n:
        raise ValueError("Expected the given number of %s ratios to match the number of %s of the grid"
                         % (name, "columns" if name == "width" else "rows"))
    return out


class GridSpec:
    """A grid of ``nrows`` x ``ncols`` cells; index it (``gs[0, :]``, ``gs[1, :2]``, ``gs[k]``) for
    the SubplotSpec of a cell range."""

    def __init__(self, nrows, ncols, figure=None, left=None, bottom=None, right=None, top=None,
                 wspace=None, hspace=None, width_ratios=None, height_ratios=None):
        nrows, ncols = int(nrows), int(ncols)
        if nrows <= 0 or ncols <= 0:
            raise ValueError("Number of rows and columns must be positive integers, not %r and %r" % (nrows, ncols))
        self.nrows, self.ncols = nrows, ncols
        self.figure = figure
        self._given_ratios = (width_ratios, height_ratios)
        self._wr = _ratios(width_ratios, ncols, "width")
        self._hr = _ratios(height_ratios, nrows, "height")
        self._params = {"left": left, "bottom": bottom, "right": right, "top": top, "wspace": wspace,
                        "hspace": hspace}

    def __repr__(self):
        extra = ""
        if self._given_ratios[1] is not None:
            extra += ", height_ratios=%r" % (list(self._given_ratios[1]),)
        if self._given_ratios[0] is not None:
            extra += ", width_ratios=%r" % (list(self._given_ratios[0]),)
        return "GridSpec(%d, %d%s)" % (self.nrows, self.ncols, extra)

    def get_geometry(self):
        return (self.nrows, self.ncols)

    def get_width_ratios(self):
        return list(self._wr)

    def get_height_ratios(self):
        return list(self._hr)

    def update(self, **kwargs):
        for key in kwargs:
            if key not in self._params:
                raise AttributeError("%s is an unknown keyword" % key)
            self._params[key] = kwargs[key]

    def _span(self, key, n, axis):
        if isinstance(key, slice):
            start, stop, step = key.indices(n)
            if step != 1 or stop <= start:
                raise IndexError("a GridSpec slice must select consecutive cells")
            return start, stop - 1
        k = int(key)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("index %d is out of bounds for axis %d with size %d" % (int(key), axis, n))
        return k, k

    def __getitem__(self, key):
        if isinstance(key, tuple):
            if len(key) != 2:
                raise ValueError("Unrecognized subplot spec")
            r0, r1 = self._span(key[0], self.nrows, 0)
            c0, c1 = self._span(key[1], self.ncols, 1)
        else:
            total = self.nrows * self.ncols
            a, b = self._span(key, total, 0)
            r0, c0 = divmod(a, self.ncols)
            r1, c1 = divmod(b, self.ncols)
            if c1 < c0:
                raise IndexError("a flat GridSpec slice must stay within a rectangle of cells")
        return SubplotSpec(self, r0, r1, c0, c1)

    def __iter__(self):
        for k in range(self.nrows * self.ncols):
            yield self[k]

    def __len__(self):
        return self.nrows * self.ncols

    def subplots(self, sharex=False, sharey=False, squeeze=True):
        from matplotlib import pyplot

        fig = self.figure or pyplot.gcf()
        rows = [[fig.add_subplot(self[r, c]) for c in range(self.ncols)] for r in range(self.nrows)]
        return pyplot._shaped(rows, squeeze)

    def params(self, fig):
        """left, right, bottom, top, wspace, hspace: the grid's own, else the figure's."""
        own = getattr(fig, "_subplotpars", None) or {}
        out = []
        for key in ("left", "right", "bottom", "top", "wspace", "hspace"):
            v = self._params[key]
            if v is None:
                v = own.get(key, _DEFAULTS[key])
            out.append(float(v))
        return out

    def get_grid_positions(self, fig, margins=None):
        """(bottoms, tops, lefts, rights) of every row and column in figure fractions, as
        matplotlib computes them; ``margins`` (left, right, bottom, top, wsep, hsep) in figure
        fractions replace the subplot parameters with absolute separations (tight layout)."""
        if margins is None:
            left, right, bottom, top, wspace, hspace = self.params(fig)
            wsep = hsep = None
        else:
            left, right, bottom, top, wsep, hsep = margins
            wspace = hspace = 0.0
        tops, bottoms = _cells(top - bottom, self.nrows, hspace, hsep, self._hr)
        lefts, rights = _cells(right - left, self.ncols, wspace, wsep, self._wr)
        return ([top - v for v in bottoms], [top - v for v in tops],
                [left + v for v in lefts], [left + v for v in rights])


def _cells(total, n, space, sep, ratios):
    """Cumulative (start, end) offsets of ``n`` cells over ``total`` with ratios and gaps."""
    if sep is None:
        cell = total / (n + space * (n - 1))
        sep = space * cell
        norm = cell * n / sum(ratios)
    else:
        norm = (total - sep * (n - 1)) / sum(ratios)
    starts, ends = [], []
    acc = 0.0
    for i in range(n):
        if i:
            acc += sep
        starts.append(acc)
        acc += ratios[i] * norm
        ends.append(acc)
    return starts, ends


class SubplotSpec:
    """A rectangle of cells of a GridSpec (rows r0..r1, columns c0..c1, inclusive)."""

    def __init__(self, gridspec, r0, r1, c0, c1):
        self._gridspec = gridspec
        self.rowspan = range(r0, r1 + 1)
        self.colspan = range(c0, c1 + 1)
        self.num1 = r0 * gridspec.ncols + c0
        self.num2 = r1 * gridspec.ncols + c1

    def __repr__(self):
        return "%r[%d:%d, %d:%d]" % (self._gridspec, self.rowspan[0], self.rowspan[-1] + 1,
                                     self.colspan[0], self.colspan[-1] + 1)

    def __eq__(self, other):
        return (isinstance(other, SubplotSpec) and other._gridspec is self._gridspec
                and (other.num1, other.num2) == (self.num1, self.num2))

    def __hash__(self):
        return hash((id(self._gridspec), self.num1, self.num2))

    def get_gridspec(self):
        return self._gridspec

    def get_geometry(self):
        return (self._gridspec.nrows, self._gridspec.ncols, self.num1, self.num2)

    def is_first_col(self):
        return self.colspan[0] == 0

    def is_last_row(self):
        return self.rowspan[-1] == self._gridspec.nrows - 1

    def get_position(self, fig, margins=None):
        """(x0, y0, x1, y1) in figure fractions."""
        bottoms, tops, lefts, rights = self._gridspec.get_grid_positions(fig, margins)
        return (lefts[self.colspan[0]], bottoms[self.rowspan[-1]], rights[self.colspan[-1]], tops[self.rowspan[0]])


def spec_of(nrows, ncols, first, last):
    """The SubplotSpec of ``add_subplot(nrows, ncols, index)`` (1-based, ``(first, last)`` spans)."""
    gs = GridSpec(nrows, ncols)
    if not (1 <= first <= nrows * ncols and 1 <= last <= nrows * ncols):
        raise ValueError("num must be an integer with 1 <= num <= %d, not %r" % (nrows * ncols, first))
    r0, c0 = divmod(first - 1, ncols)
    r1, c1 = divmod(last - 1, ncols)
    return SubplotSpec(gs, min(r0, r1), max(r0, r1), min(c0, c1), max(c0, c1))
