"""``Axes3D`` for the sandbox (runs inside MicroPython): ``fig.add_subplot(projection='3d')``.

Surfaces (``plot_surface``), wireframes, 3-D lines and points (``plot``/``plot3D``,
``scatter``/``scatter3D``) and contours projected on a plane (``contour(X, Y, Z, zdir=,
offset=)``) are kept as 3-D data; matplotlib._svg3d projects them with the view
(``view_init(elev, azim)``, matplotlib's default 30°, -60°) orthographically and draws them
back to front (painter's order per face/segment). Limits: the data's extent, or
``set_xlim3d``/``set_ylim3d``/``set_zlim3d``.
"""

import math

from matplotlib import _style
from matplotlib._artists import Artist, floats, values
from matplotlib._axes import Axes

#: most faces one surface is drawn with (the strides are raised to stay below)
MAX_FACES = 2500
#: a contour grid larger than this many points a side is sampled down first
CONTOUR_SIDE = 60


class Poly3DCollection(Artist):
    _repr_name = "mpl_toolkits.mplot3d.art3d.Poly3DCollection"


class Line3DCollection(Artist):
    _repr_name = "mpl_toolkits.mplot3d.art3d.Line3DCollection"


class Line3D(Artist):
    _repr_name = "mpl_toolkits.mplot3d.art3d.Line3D"


class Path3DCollection(Artist):
    _repr_name = "mpl_toolkits.mplot3d.art3d.Path3DCollection"


def _grid(V, name):
    rows = [floats(r, name) for r in values(V, name)]
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("%s must be a 2-D array" % name)
    return rows


def _strides(nr, nc, rstride, cstride, rcount, ccount):
    if rstride is None and rcount is None and cstride is None and ccount is None:
        rcount = ccount = 50
    rs = int(rstride) if rstride is not None else max(1, int(math.ceil((nr - 1) / max(1, int(rcount or 50)))))
    cs = int(cstride) if cstride is not None else max(1, int(math.ceil((nc - 1) / max(1, int(ccount or 50)))))
    while ((nr - 1) // rs + 1) * ((nc - 1) // cs + 1) > MAX_FACES:
        rs += 1
        cs += 1
    return max(1, rs), max(1, cs)


def _rows(n, step):
    idx = list(range(0, n, step))
    if idx[-1] != n - 1:
        idx.append(n - 1)
    return idx


class Axes3D(Axes):
    """A 3-D Axes: x, y and z data, projected at drawing."""

    name = "3d"

    def __init__(self, fig, pos):
        super().__init__(fig, pos)
        self._three_d = True
        self._elev, self._azim = 30.0, -60.0
        self._zlabel = ""
        self._zlim = None
        self._items = []  # the 3-D artists, in order

    def __repr__(self):
        return "<Axes3D: >" if not self._title else "<Axes3D: title={'center': %r}>" % self._title

    def __str__(self):
        x0, y0, x1, y1 = self._fractions()
        return "Axes3D(%g,%g;%gx%g)" % (x0, y0, x1 - x0, y1 - y0)

    def _add3d(self, art):
        art.axes = self
        self._items.append(art)
        return art

    def view_init(self, elev=None, azim=None, roll=None, vertical_axis="z"):
        """The view: elevation and azimuth in degrees (None keeps the current one)."""
        if elev is not None:
            self._elev = float(elev)
        if azim is not None:
            self._azim = float(azim)

    def set_zlabel(self, label, fontsize=None, **kwargs):
        self._zlabel = str(label)

    def get_zlabel(self):
        return self._zlabel

    def set_xlim3d(self, left=None, right=None, **kwargs):
        return self.set_xlim(left, right, **kwargs)

    def set_ylim3d(self, bottom=None, top=None, **kwargs):
        return self.set_ylim(bottom, top, **kwargs)

    def set_zlim(self, bottom=None, top=None, **kwargs):
        if top is None and isinstance(bottom, (tuple, list)):
            bottom, top = bottom
        lo, hi = self._bounds()[4:6]
        self._zlim = (lo if bottom is None else float(bottom), hi if top is None else float(top))
        return self._zlim

    set_zlim3d = set_zlim

    def get_zlim(self):
        return self._limits()[4:6]

    def set_zticks(self, ticks, labels=None, **kwargs):
        self._zticks = floats(ticks, "ticks")

    def _bounds(self):
        """(x0, x1, y0, y1, z0, z1) of the data (0..1 where there is none)."""
        lo = [float("inf")] * 3
        hi = [float("-inf")] * 3
        for art in self._items:
            for k, pts in enumerate((art.xs, art.ys, art.zs)):
                for row in pts:
                    for v in row:
                        if v == v:
                            lo[k] = min(lo[k], v)
                            hi[k] = max(hi[k], v)
            for line in getattr(art, "lines", ()):
                for p in line:
                    for k in range(3):
                        if p[k] == p[k]:
                            lo[k] = min(lo[k], p[k])
                            hi[k] = max(hi[k], p[k])
            off = getattr(art, "offset", None)
            if off is not None:
                k = "xyz".index(art.zdir)
                lo[k], hi[k] = min(lo[k], off), max(hi[k], off)
        out = []
        for k in range(3):
            if lo[k] > hi[k]:
                lo[k], hi[k] = 0.0, 1.0
            elif lo[k] == hi[k]:
                lo[k], hi[k] = lo[k] - 0.5, hi[k] + 0.5
            out += [lo[k], hi[k]]
        return out

    def _limits(self):
        b = self._bounds()
        x = self._xlim if self._xlim is not None else (b[0], b[1])
        y = self._ylim if self._ylim is not None else (b[2], b[3])
        z = self._zlim if self._zlim is not None else (b[4], b[5])
        return (x[0], x[1], y[0], y[1], z[0], z[1])

    def _auto(self):
        return self._limits()[:4]

    def plot_surface(self, X, Y, Z, rstride=None, cstride=None, rcount=None, ccount=None, color=None, cmap=None,
                     vmin=None, vmax=None, alpha=None, shade=None, linewidth=None, edgecolor=None, **kwargs):
        """A surface of quadrilateral faces; coloured by ``cmap`` over the faces' mean z, else one
        colour shaded by the faces' slope."""
        xs, ys, zs = _grid(X, "X"), _grid(Y, "Y"), _grid(Z, "Z")
        nr, nc = len(zs), len(zs[0])
        rs, cs = _strides(nr, nc, rstride, cstride, rcount, ccount)
        ri, ci = _rows(nr, rs), _rows(nc, cs)
        sub = [[(xs[i][j], ys[i][j], zs[i][j]) for j in ci] for i in ri]
        finite = [v for row in zs for v in row if v == v]
        art = Poly3DCollection("surface", grid=sub, xs=xs, ys=ys, zs=zs,
                               cmap=_style.cmap_name(cmap) if cmap is not None else None,
                               color=_style.color(kwargs.get("facecolor", color), "#1f77b4"),
                               vmin=float(vmin) if vmin is not None else (min(finite) if finite else 0.0),
                               vmax=float(vmax) if vmax is not None else (max(finite) if finite else 1.0),
                               alpha=alpha, shade=(cmap is None) if shade is None else bool(shade),
                               edge=_style.color(edgecolor, "none"), lw=float(linewidth or 0.0),
                               label=kwargs.get("label"))
        return self._add3d(art)

    def plot_wireframe(self, X, Y, Z, rstride=None, cstride=None, rcount=None, ccount=None, color=None, **kwargs):
        """Lines along the grid's rows and columns (every ``rstride``-th row, ``cstride``-th column)."""
        xs, ys, zs = _grid(X, "X"), _grid(Y, "Y"), _grid(Z, "Z")
        nr, nc = len(zs), len(zs[0])
        rs, cs = _strides(nr, nc, rstride, cstride, rcount, ccount)
        lines = []
        for i in _rows(nr, rs):
            lines.append([(xs[i][j], ys[i][j], zs[i][j]) for j in range(nc)])
        for j in _rows(nc, cs):
            lines.append([(xs[i][j], ys[i][j], zs[i][j]) for i in range(nr)])
        art = Line3DCollection("lines3d", lines=lines, xs=xs, ys=ys, zs=zs,
                               colors=[_style.color(kwargs.get("colors", color), self._next_color())] * len(lines),
                               lw=float(kwargs.get("linewidth", kwargs.get("lw", 1.0))), alpha=kwargs.get("alpha"),
                               label=kwargs.get("label"))
        return self._add3d(art)

    def plot(self, xs, ys, *args, zs=0, zdir="z", **kwargs):
        """A 3-D line through (x, y, z) (``plot3D``); ``plot(x, y, z, fmt)``."""
        args = list(args)
        if args and not isinstance(args[0], str):
            zs = args.pop(0)
        fmt = args[0] if args else ""
        color, ls, marker = _style.parse_fmt(fmt)
        x, y = floats(xs, "xs"), floats(ys, "ys")
        z = floats(zs, "zs")
        if len(z) == 1:
            z = z * len(x)
        if not (len(x) == len(y) == len(z)):
            raise ValueError("x, y and z must be the same length")
        art = Line3D("line3d", lines=[list(zip(x, y, z))], xs=[x], ys=[y], zs=[z],
                     colors=[_style.color(kwargs.get("color", kwargs.get("c", color)), None) or self._next_color()],
                     lw=float(kwargs.get("linewidth", kwargs.get("lw", 1.5))), alpha=kwargs.get("alpha"),
                     ls=kwargs.get("linestyle", kwargs.get("ls", ls or "-")), marker=kwargs.get("marker", marker),
                     label=kwargs.get("label"))
        self._add3d(art)
        return [art]

    plot3D = plot

    def scatter(self, xs, ys, zs=0, zdir="z", s=20, c=None, depthshade=True, cmap=None, marker="o", **kwargs):
        """Points at (x, y, z) (``scatter3D``); ``c`` colours or values with ``cmap``."""
        x, y = floats(xs, "xs"), floats(ys, "ys")
        z = floats(zs, "zs")
        if len(z) == 1:
            z = z * len(x)
        if not (len(x) == len(y) == len(z)):
            raise ValueError("x, y and z must be the same length")
        vals = None
        colors = None
        cc = c if c is not None else kwargs.get("color")
        if cc is None:
            colors = [self._next_color(True)] * len(x)
        elif isinstance(cc, str):
            colors = [_style.color(cc)] * len(x)
        else:
            vals = floats(cc, "c")
        sizes = floats(s, "s")
        art = Path3DCollection("scatter3d", xs=[x], ys=[y], zs=[z], colors=colors, vals=vals,
                               cmap=_style.cmap_name(cmap), sizes=sizes * len(x) if len(sizes) == 1 else sizes,
                               alpha=kwargs.get("alpha"), vmin=kwargs.get("vmin"), vmax=kwargs.get("vmax"),
                               label=kwargs.get("label"))
        if vals is not None:
            self._norm(art, vals)
        return self._add3d(art)

    scatter3D = scatter

    def contour(self, X, Y, Z, *args, zdir="z", offset=None, levels=None, cmap=None, colors=None, **kwargs):
        """Contour lines of Z, drawn at their height or, with ``offset``, flat on the plane
        ``zdir`` = offset (``zdir`` 'x'/'y': the contours of X/Y over the other two, as matplotlib)."""
        from matplotlib import _svgfields
        from matplotlib._fields import QuadContourSet, nice_levels

        if zdir not in ("x", "y", "z"):
            raise ValueError("zdir must be 'x', 'y' or 'z'")
        xs, ys, zs = _grid(X, "X"), _grid(Y, "Y"), _grid(Z, "Z")
        step = max(1, (max(len(zs), len(zs[0])) + CONTOUR_SIDE - 1) // CONTOUR_SIDE)
        if step > 1:
            xs, ys, zs = [[row[::step] for row in g[::step]] for g in (xs, ys, zs)]
        if args and levels is None:
            levels = args[0]
        a, b, v = {"x": (ys, zs, xs), "y": (zs, xs, ys), "z": (xs, ys, zs)}[zdir]
        finite = [w for row in v for w in row if w == w]
        lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
        if levels is None or isinstance(levels, int):
            lv = nice_levels(lo, hi, (7 if levels is None else int(levels)) + 1)
        else:
            lv = floats(levels, "levels")
        cs = QuadContourSet("contour", grid=v, xs=a, ys=b, curved=True, lv=lv, filled=False)
        segs = _svgfields.contour_lines(cs)
        lines, level_colors = [], []
        span = (lv[-1] - lv[0]) or 1.0
        cmap_name = _style.cmap_name(cmap)
        for k, level in enumerate(lv):
            color = _style.color(colors) if colors is not None else _style.cmap_color(cmap_name, (level - lv[0]) / span)
            for s in segs[k]:
                p, q = (s[0], s[1]), (s[2], s[3])
                third = level if offset is None else float(offset)
                if zdir == "z":
                    pts = [(p[0], p[1], third), (q[0], q[1], third)]
                elif zdir == "x":
                    pts = [(third, p[0], p[1]), (third, q[0], q[1])]
                else:
                    pts = [(p[1], third, p[0]), (q[1], third, q[0])]
                lines.append(pts)
                level_colors.append(color)
        art = QuadContourSet("lines3d", lines=lines, colors=level_colors, xs=[], ys=[], zs=[],
                             lw=float(kwargs.get("linewidths", 1.5)), alpha=kwargs.get("alpha"), label=None,
                             levels=lv, cmap=cmap_name, vmin=lv[0], vmax=lv[-1], zdir=zdir,
                             offset=None if offset is None else float(offset))
        return self._add3d(art)

    contour3D = contour
