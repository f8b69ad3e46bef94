"""Plots of a 2-D field: ``pcolor``/``pcolormesh`` (QuadMesh) and ``contour``/``contourf``
(QuadContourSet), the Axes methods (runs inside MicroPython; matplotlib._svgfields draws them).

Grids come as matplotlib takes them: ``f(Z)`` (cell/point index coordinates), ``f(X, Y, Z)``
with 1-D or 2-D (meshgrid) ``X``/``Y``; ``pcolor`` with ``X``/``Y`` of Z's shape uses the
'nearest' shading (cell edges half-way between the points), of one more row and column the
'flat' one. Contour levels are matplotlib's (``MaxNLocator(N + 1)`` over the data, default
N = 7), colours from the colour map over the levels (``colors=`` fixes them).
"""

import math

from matplotlib import _style
from matplotlib._artists import Artist, AxesImage, _finite, floats, values

#: most cells a mesh on a non-rectangular grid is drawn with (one SVG polygon each)
MAX_POLYGON_CELLS = 20000
#: most grid points a field may have (the data is held as Python floats)
MAX_FIELD_POINTS = 1000000


class QuadMesh(Artist):
    _repr_name = "matplotlib.collections.QuadMesh"

    def get_array(self):
        return self.grid

    def set_clim(self, vmin=None, vmax=None):
        if vmax is None and isinstance(vmin, (tuple, list)):
            vmin, vmax = vmin
        if vmin is not None:
            self.vmin = float(vmin)
        if vmax is not None:
            self.vmax = float(vmax)

    def set_cmap(self, cmap):
        self.cmap = _style.cmap_name(cmap)


class PolyQuadMesh(QuadMesh):
    _repr_name = "matplotlib.collections.PolyQuadMesh"


class QuadContourSet(Artist):
    _repr_name = "matplotlib.contour.QuadContourSet"

    def get_cmap(self):
        from matplotlib import pyplot

        return pyplot.get_cmap(self.cmap)


def _grid(Z):
    rows = [floats(r, "Z") for r in values(Z, "Z")]
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise TypeError("Input z must be a 2D array with the same number of values in every row")
    if len(rows) * len(rows[0]) > MAX_FIELD_POINTS:
        raise ValueError("the sandbox's matplotlib draws fields of at most %d points, not %d"
                         % (MAX_FIELD_POINTS, len(rows) * len(rows[0])))
    return rows


def _coords(X, Y, nr, nc):
    """(xs, ys) as 1-D lists when the grid is rectilinear, else (X, Y) as 2-D lists."""
    xv, yv = values(X, "X"), values(Y, "Y")
    two_d = xv and isinstance(xv[0], list) or (xv and hasattr(xv[0], "tolist"))
    if not two_d:
        return floats(xv, "X"), floats(yv, "Y"), False
    xs = [floats(r, "X") for r in xv]
    ys = [floats(r, "Y") for r in yv]
    if all(r == xs[0] for r in xs) and all(all(v == r[0] for v in r) for r in ys):
        return xs[0], [r[0] for r in ys], False  # a meshgrid: rows of x, columns of y
    return xs, ys, True


def _edges(centers):
    """Cell edges around points (half-way between neighbours, extended at the ends)."""
    n = len(centers)
    if n == 1:
        return [centers[0] - 0.5, centers[0] + 0.5]
    mid = [(centers[i] + centers[i + 1]) / 2 for i in range(n - 1)]
    return [centers[0] - (mid[0] - centers[0])] + mid + [centers[-1] + (centers[-1] - mid[-1])]


def _edges_2d(P):
    """Corner coordinates around a 2-D grid of points (the 'nearest' shading on any grid)."""
    rows = [_edges(r) for r in P]
    cols = [_edges([rows[i][j] for i in range(len(rows))]) for j in range(len(rows[0]))]
    return [[cols[j][i] for j in range(len(cols))] for i in range(len(cols[0]))]


#: MaxNLocator's default steps (contour levels use them; axis ticks use 1, 2, 2.5, 5, 10)
STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_levels(lo, hi, nbins, steps=STEPS):
    """matplotlib's MaxNLocator(nbins) ticks covering [lo, hi]: the smallest step of ``steps`` x
    10^k at least (hi - lo) / nbins, from the multiple at or below lo to the one at or above hi."""
    if not hi > lo:
        return [lo]
    raw = (hi - lo) / nbins
    scale = 10.0 ** math.floor(math.log10(raw))
    step = 10.0 * scale
    for s in steps:
        if s * scale >= raw * (1 - 1e-9):
            step = s * scale
            break
    first = math.floor(lo / step + 1e-9)
    last = math.ceil(hi / step - 1e-9)
    out = []
    for k in range(int(first), int(last) + 1):
        v = k * step
        out.append(0.0 if abs(v) < step * 1e-9 else v)
    return out


class _Fields:
    """The Axes' field plots (mixed into matplotlib._axes.Axes)."""

    def imshow(self, X, cmap=None, vmin=None, vmax=None, aspect=None, origin="upper", extent=None,
               interpolation=None, alpha=None, **kwargs):
        """A 2-D array as a heat map (or an RGB(A) image); returns an AxesImage."""
        X, vmin, vmax, full = _thinned(X, vmin, vmax)
        rows = values(X, "X")
        grid = []
        rgb = False
        for r in rows:
            row = values(r, "X")
            if row and isinstance(row[0], (list, tuple)) or (row and hasattr(row[0], "tolist")):
                rgb = True
                row = [tuple(floats(px, "X")) for px in row]
            else:
                row = [float(v) for v in row]
            grid.append(row)
        if not grid or not grid[0]:
            raise TypeError("Invalid shape for image data")
        nr, nc = full or (len(grid), len(grid[0]))
        if extent is None:
            extent = (-0.5, nc - 0.5, nr - 0.5, -0.5) if origin == "upper" else (-0.5, nc - 0.5, -0.5, nr - 0.5)
        img = AxesImage("image", grid=grid, rgb=rgb, cmap=_style.cmap_name(cmap), vmin=vmin, vmax=vmax,
                        extent=tuple(float(v) for v in extent), origin=origin, alpha=alpha, label=None,
                        zorder=0)
        if not rgb:
            self._norm(img, [v for row in grid for v in row])
        self._add(img)
        if self._aspect is None and (aspect is None or aspect == "equal"):
            self._aspect = "equal"
        elif aspect == "auto":
            self._aspect = None
        e = img.extent
        self._xlim = (e[0], e[1])
        self._ylim = (e[2], e[3])
        return img

    def matshow(self, X, **kwargs):
        return self.imshow(X, **kwargs)

    def _mesh(self, args, shading, cmap, vmin, vmax, alpha, kwargs, cls):
        if len(args) == 1:
            grid = _grid(args[0])
            nr, nc = len(grid), len(grid[0])
            xs, ys, curved = [float(j) for j in range(nc + 1)], [float(i) for i in range(nr + 1)], False
        elif len(args) == 3:
            grid = _grid(args[2])
            nr, nc = len(grid), len(grid[0])
            xs, ys, curved = _coords(args[0], args[1], nr, nc)
            if curved:
                same = len(xs) == nr and len(xs[0]) == nc
                if not same and not (len(xs) == nr + 1 and len(xs[0]) == nc + 1):
                    raise TypeError("Dimensions of C (%d, %d) are incompatible with X (%d) and/or Y (%d)"
                                    % (nr, nc, len(xs[0]), len(xs)))
                if same:
                    xs, ys = _edges_2d(xs), _edges_2d(ys)
                if nr * nc > MAX_POLYGON_CELLS:
                    raise ValueError("the sandbox's matplotlib draws a mesh on a non-rectangular grid with at "
                                     "most %d cells, not %d" % (MAX_POLYGON_CELLS, nr * nc))
            elif len(xs) == nc and len(ys) == nr:
                if shading == "flat":
                    raise TypeError("Dimensions of C (%d, %d) should be one smaller than X(%d) and Y(%d) while "
                                    "using shading='flat' see help(pcolormesh)" % (nr, nc, nc, nr))
                xs, ys = _edges(xs), _edges(ys)
            elif len(xs) != nc + 1 or len(ys) != nr + 1:
                raise TypeError("Dimensions of C (%d, %d) are incompatible with X (%d) and/or Y (%d); see "
                                "help(pcolormesh)" % (nr, nc, len(xs), len(ys)))
        else:
            raise TypeError("pcolor takes C, or X, Y, C (%d positional arguments given)" % len(args))
        mesh = cls("mesh", grid=grid, xe=xs, ye=ys, curved=curved, cmap=_style.cmap_name(cmap), vmin=vmin,
                   vmax=vmax, alpha=alpha, label=kwargs.get("label"), zorder=1,
                   edge=_style.color(kwargs.get("edgecolors", kwargs.get("edgecolor")), "none"),
                   lw=float(kwargs.get("linewidths", kwargs.get("linewidth", kwargs.get("lw", 0.5)))))
        self._norm(mesh, [v for row in grid for v in row])
        return self._add(mesh)

    def pcolormesh(self, *args, shading=None, cmap=None, vmin=None, vmax=None, alpha=None, **kwargs):
        """A pseudocolour plot of C on a (possibly non-uniform) grid: a QuadMesh."""
        return self._mesh(args, shading, cmap, vmin, vmax, alpha, kwargs, QuadMesh)

    def pcolor(self, *args, shading=None, cmap=None, vmin=None, vmax=None, alpha=None, **kwargs):
        """As ``pcolormesh`` (matplotlib returns a PolyQuadMesh)."""
        return self._mesh(args, shading, cmap, vmin, vmax, alpha, kwargs, PolyQuadMesh)

    def _contour(self, args, filled, levels, colors, cmap, vmin, vmax, alpha, kwargs):
        args = list(args)
        if len(args) in (2, 4):  # a trailing level count or list
            levels = args.pop()
        extent = kwargs.get("extent")
        if len(args) == 1:
            grid = _grid(args[0])
            nr, nc = len(grid), len(grid[0])
            if extent is not None:
                x0, x1, y0, y1 = floats(extent, "extent")
                xs = [x0 + (x1 - x0) * j / max(nc - 1, 1) for j in range(nc)]
                ys = [y0 + (y1 - y0) * i / max(nr - 1, 1) for i in range(nr)]
            else:
                xs, ys = [float(j) for j in range(nc)], [float(i) for i in range(nr)]
            curved = False
        elif len(args) == 3:
            grid = _grid(args[2])
            nr, nc = len(grid), len(grid[0])
            xs, ys, curved = _coords(args[0], args[1], nr, nc)
            if (len(xs), len(ys)) != ((nr, nr) if curved else (nc, nr)) or (curved and len(xs[0]) != nc):
                raise TypeError("Length of x (%d) must match number of columns in z (%d)" % (len(xs), nc))
        else:
            raise TypeError("contour takes Z, or X, Y, Z, and optionally levels")
        if nr < 2 or nc < 2:
            raise TypeError("Input z must be at least a (2, 2) shaped array, but has shape (%d, %d)" % (nr, nc))
        if filled and curved:
            raise NotImplementedError("the sandbox's matplotlib fills contours on rectangular grids only "
                                      "(X and Y from meshgrid)")
        finite = [v for row in grid for v in row if _finite(v)]
        zmin, zmax = (min(finite), max(finite)) if finite else (0.0, 1.0)
        if levels is None or isinstance(levels, int):
            n = 7 if levels is None else int(levels)
            lv = nice_levels(zmin, zmax, n + 1)
        else:
            lv = floats(levels, "levels")
            if any(lv[i] >= lv[i + 1] for i in range(len(lv) - 1)):
                raise ValueError("Contour levels must be increasing")
        if filled and len(lv) < 2:
            raise ValueError("Filled contours require at least 2 levels.")
        cvals = [(lv[i] + lv[i + 1]) / 2 for i in range(len(lv) - 1)] if filled else lv
        cs = QuadContourSet("contour", grid=grid, xs=xs, ys=ys, curved=curved, levels=_levels(lv), lv=lv,
                            filled=filled, cmap=_style.cmap_name(cmap), vmin=vmin, vmax=vmax, alpha=alpha,
                            label=kwargs.get("label"), zorder=1)
        self._norm(cs, [cvals[0], cvals[-1]] if cvals else [zmin, zmax])
        fixed = None
        if colors is not None:
            fixed = [_style.color(c) for c in ([colors] if isinstance(colors, str) or (
                isinstance(colors, tuple) and colors and isinstance(colors[0], float)) else values(colors))]
        span = (cs.vmax - cs.vmin) or 1.0
        cs.colors = [fixed[i % len(fixed)] if fixed else _style.cmap_color(cs.cmap, (v - cs.vmin) / span)
                     for i, v in enumerate(cvals)]
        lw = kwargs.get("linewidths", kwargs.get("linewidth"))
        cs.lw = 1.5 if lw is None else float(values(lw)[0])
        ls = kwargs.get("linestyles")
        if ls is None and fixed is not None and len(fixed) == 1:
            cs.ls = ["--" if v < 0 else "-" for v in lv]  # matplotlib's contour.negative_linestyle
        else:
            cs.ls = [ls if isinstance(ls, str) else "-"] * len(lv)
        if not filled:
            from matplotlib import _svgfields

            cs.segs = _svgfields.contour_lines(cs)
        return self._add(cs)

    def contour(self, *args, levels=None, colors=None, cmap=None, vmin=None, vmax=None, alpha=None, **kwargs):
        """Contour lines of Z at ``levels`` (a count or values)."""
        return self._contour(args, False, levels, colors, cmap, vmin, vmax, alpha, kwargs)

    def contourf(self, *args, levels=None, colors=None, cmap=None, vmin=None, vmax=None, alpha=None, **kwargs):
        """Filled contours: the bands between ``levels``, coloured by the colour map."""
        return self._contour(args, True, levels, colors, cmap, vmin, vmax, alpha, kwargs)

    def clabel(self, cs, levels=None, fontsize=None, inline=True, fmt=None, colors=None, **kwargs):
        """Label each contour level once, at the middle of its longest run of segments; the Texts."""
        from matplotlib import _svgfields, _ticks

        wanted = cs.lv if levels is None else floats(levels, "levels")
        texts = []
        names = _ticks.tick_labels(list(cs.lv))[0]
        for k, v in enumerate(cs.lv):
            if v not in wanted:
                continue
            segs = cs.segs[k] if not cs.filled else _svgfields.level_segments(cs, v)
            if not segs:
                continue
            x0, y0, x1, y1 = segs[len(segs) // 2]
            if fmt is None:
                s = names[k]
            elif isinstance(fmt, dict):
                s = str(fmt.get(v, v))
            elif callable(fmt):
                s = str(fmt(v))
            else:
                s = fmt % v
            color = _style.color(colors) if colors is not None else cs.colors[k] if not cs.filled else "#000000"
            texts.append(self.text((x0 + x1) / 2, (y0 + y1) / 2, s, fontsize=fontsize, color=color,
                                   ha="center", va="center"))
        return texts


def _levels(lv):
    from matplotlib._plotting import _np_or_list

    return _np_or_list(list(lv))


#: an image array larger than this many cells a side is sampled down before it is converted to
#: Python numbers (the SVG shows at most _svgimage._PNG_SIDE pixels a side anyway)
_IMAGE_SIDE = 360


def _thinned(X, vmin, vmax):
    """(array, vmin, vmax, (rows, columns) of the full image or None): a large numpy image is
    sampled to at most _IMAGE_SIDE cells a side, its colour limits taken from the full data."""
    shape = getattr(X, "shape", None)
    if shape is None or len(shape) < 2 or max(shape[0], shape[1]) <= _IMAGE_SIDE:
        return X, vmin, vmax, None
    if len(shape) == 2:
        if vmin is None:
            vmin = float(X.min())
        if vmax is None:
            vmax = float(X.max())
    step = (max(shape[0], shape[1]) + _IMAGE_SIDE - 1) // _IMAGE_SIDE
    return X[::step, ::step], vmin, vmax, (shape[0], shape[1])


def _edges_of(vals, bins, rng, name):
    """Histogram bin edges: ``bins`` equal bins over ``rng`` (or the data's extent), or given edges."""
    if isinstance(bins, int):
        lo, hi = (float(rng[0]), float(rng[1])) if rng is not None else (min(vals), max(vals))
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        return [lo + (hi - lo) * k / bins for k in range(bins + 1)]
    edges = floats(bins, name)
    if any(edges[i] >= edges[i + 1] for i in range(len(edges) - 1)):
        raise ValueError("bins must increase monotonically")
    return edges


def _bin(edges, v):
    """The bin of ``v`` (the last bin includes its right edge), or -1 outside."""
    if v < edges[0] or v > edges[-1] or v != v:
        return -1
    n = len(edges) - 1
    if edges[1] - edges[0] == (edges[-1] - edges[0]) / n:  # equal bins
        k = int((v - edges[0]) / (edges[-1] - edges[0]) * n)
        k = min(k, n - 1)
        if edges[k] > v:
            k -= 1
        elif k + 1 < n and v >= edges[k + 1]:
            k += 1
        return k
    from matplotlib._svgfields import _bisect

    return min(_bisect(edges, v), n - 1)


class _Counts:
    """hist2d and hexbin (mixed into matplotlib._axes.Axes)."""

    def hist2d(self, x, y, bins=10, range=None, density=False, weights=None, cmin=None, cmax=None, **kwargs):
        """A 2-D histogram drawn as a mesh: (counts, xedges, yedges, QuadMesh), counts[i][j] for x bin i
        and y bin j, as matplotlib's."""
        from matplotlib._plotting import _np_or_list

        xs, ys = floats(x, "x"), floats(y, "y")
        if len(xs) != len(ys):
            raise ValueError("x and y must be the same length")
        bx, by = (bins, bins) if isinstance(bins, int) or (not isinstance(bins, (list, tuple)) or len(bins) != 2) \
            else bins
        xe = _edges_of(xs, bx, range[0] if range is not None else None, "bins")
        ye = _edges_of(ys, by, range[1] if range is not None else None, "bins")
        w = floats(weights, "weights") if weights is not None else None
        counts = [[0.0] * (len(ye) - 1) for _ in xe[:-1]]
        for k in _range(len(xs)):
            i, j = _bin(xe, xs[k]), _bin(ye, ys[k])
            if i >= 0 and j >= 0:
                counts[i][j] += w[k] if w is not None else 1.0
        if density:
            total = sum(sum(r) for r in counts) or 1.0
            counts = [[c / total / ((xe[i + 1] - xe[i]) * (ye[j + 1] - ye[j])) for j, c in enumerate(r)]
                      for i, r in enumerate(counts)]
        nan = float("nan")
        shown = [[nan if (cmin is not None and c < cmin) or (cmax is not None and c > cmax) else c
                  for c in r] for r in counts]
        mesh = self.pcolormesh(xe, ye, [[shown[i][j] for i in _range(len(xe) - 1)] for j in _range(len(ye) - 1)],
                               **kwargs)
        return _np_or_list(counts), _np_or_list(xe), _np_or_list(ye), mesh

    def hexbin(self, x, y, C=None, gridsize=100, cmap=None, mincnt=None, extent=None, vmin=None, vmax=None,
               alpha=None, edgecolors="face", linewidths=None, reduce_C_function=None, **kwargs):
        """Counts (or the mean of ``C``) in hexagonal cells, matplotlib's two offset lattices of
        ``gridsize`` cells across; a PolyCollection."""
        xs, ys = floats(x, "x"), floats(y, "y")
        if len(xs) != len(ys):
            raise ValueError("x and y must be the same length")
        cv = floats(C, "C") if C is not None else None
        nx, ny = (int(gridsize), int(int(gridsize) / math.sqrt(3))) if isinstance(gridsize, int) else (
            int(gridsize[0]), int(gridsize[1]))
        if nx * ny > 20000:
            raise ValueError("the sandbox's hexbin draws at most 20000 cells a lattice; use a smaller gridsize")
        if extent is not None:
            xmin, xmax, ymin, ymax = floats(extent, "extent")
        else:
            xmin, xmax = (min(xs), max(xs)) if xs else (0.0, 1.0)
            ymin, ymax = (min(ys), max(ys)) if ys else (0.0, 1.0)
        padding = 1e-9 * (xmax - xmin)
        xmin, xmax = xmin - padding, xmax + padding
        sx, sy = (xmax - xmin) / nx, ((ymax - ymin) / ny) or 1.0
        n1, n2 = (nx + 1) * (ny + 1), nx * ny
        cells = [[] for _ in _range(n1 + n2)]
        for k in _range(len(xs)):
            u, v = (xs[k] - xmin) / sx, (ys[k] - ymin) / sy
            i1, j1 = int(math.floor(u + 0.5)), int(math.floor(v + 0.5))
            i2, j2 = int(math.floor(u)), int(math.floor(v))
            d1 = (u - i1) ** 2 + 3.0 * (v - j1) ** 2
            d2 = (u - i2 - 0.5) ** 2 + 3.0 * (v - j2 - 0.5) ** 2
            if d1 < d2:
                if 0 <= i1 <= nx and 0 <= j1 <= ny:
                    cells[i1 * (ny + 1) + j1].append(k)
            elif 0 <= i2 < nx and 0 <= j2 < ny:
                cells[n1 + i2 * ny + j2].append(k)
        reduce = reduce_C_function or (lambda vals: sum(vals) / len(vals))
        centers, vals = [], []
        for idx, members in enumerate(cells):
            if cv is None:
                value = float(len(members))
                if mincnt is not None and value < mincnt:
                    continue
            else:
                if len(members) <= (0 if mincnt is None else mincnt - 1) or not members:
                    continue
                value = float(reduce([cv[k] for k in members]))
            if idx < n1:
                i, j = divmod(idx, ny + 1)
                centers.append((xmin + i * sx, ymin + j * sy))
            else:
                i, j = divmod(idx - n1, ny)
                centers.append((xmin + (i + 0.5) * sx, ymin + (j + 0.5) * sy))
            vals.append(value)
        hexes = PolyCollection("hexes", centers=centers, vals=vals, sx=sx, sy=sy, cmap=_style.cmap_name(cmap),
                               vmin=vmin, vmax=vmax, alpha=alpha, label=kwargs.get("label"), zorder=1,
                               edge=None if edgecolors == "face" else _style.color(edgecolors, "none"),
                               lw=float(linewidths) if linewidths is not None else 0.0,
                               xe=[xmin, xmax], ye=[ymin, ymax], curved=False)
        self._norm(hexes, vals)
        return self._add(hexes)


class PolyCollection(QuadMesh):
    _repr_name = "matplotlib.collections.PolyCollection"

    def get_array(self):
        from matplotlib._plotting import _np_or_list

        return _np_or_list(list(self.vals))


_range = range
