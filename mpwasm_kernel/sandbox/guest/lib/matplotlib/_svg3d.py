"""Drawing a 3-D Axes (mpl_toolkits.mplot3d.Axes3D) into SVG (runs inside MicroPython).

The data box is scaled to a unit cube, turned by the azimuth about z and tilted by the
elevation (orthographic view), and fitted into the Axes' rectangle. The three back panes get
grid lines at the ticks; tick labels sit along the front edges. Faces, line segments and
points are drawn back to front by their depth (painter's order).
"""

import math

from matplotlib import _style
from matplotlib._svgbase import _n, _text
from matplotlib._ticks import nice_ticks, tick_labels

_PANE = "#f2f2f2"
_PANE_EDGE = "#d0d0d0"


class _View:
    """Data (x, y, z) to SVG points for one Axes3D."""

    def __init__(self, ax, rect):
        self.lims = ax._limits()
        a, e = math.radians(ax._azim), math.radians(ax._elev)
        self.ca, self.sa, self.ce, self.se = math.cos(a), math.sin(a), math.cos(e), math.sin(e)
        x, y, w, h = rect
        self.cx, self.cy = x + w / 2.0, y + h / 2.0
        self.scale = min(w, h) / 1.9
        self.eye = (self.ce * self.ca, self.ce * self.sa, self.se)  # towards the viewer

    def unit(self, p):
        lx0, lx1, ly0, ly1, lz0, lz1 = self.lims
        return ((p[0] - lx0) / ((lx1 - lx0) or 1.0) - 0.5, (p[1] - ly0) / ((ly1 - ly0) or 1.0) - 0.5,
                (p[2] - lz0) / ((lz1 - lz0) or 1.0) - 0.5)

    def project(self, p):
        """(svg x, svg y, depth): depth grows towards the viewer."""
        u, v, w = self.unit(p)
        sx = -u * self.sa + v * self.ca
        sy = -(u * self.ca + v * self.sa) * self.se + w * self.ce
        depth = u * self.eye[0] + v * self.eye[1] + w * self.eye[2]
        return self.cx + sx * self.scale, self.cy - sy * self.scale, depth


def render(out, ax, rect, clip_id):
    from matplotlib._svglegend import _draw_colorbar

    cb = ax._colorbar
    if cb is not None:
        cbw = rect[2] * 0.2
        cbrect = [rect[0] + rect[2] - cbw * 0.8, rect[1] + rect[3] * 0.15, cbw * 0.18, rect[3] * 0.7]
        rect = [rect[0], rect[1], rect[2] - cbw, rect[3]]
    view = _View(ax, rect)
    _panes(out, ax, view)
    items = []
    for art in ax._items:
        _collect(art, view, items)
    items.sort(key=lambda it: it[0])
    out.append("".join(it[1] for it in items))
    if ax._title:
        _text(out, rect[0] + rect[2] / 2, rect[1] + 4, ax._title, getattr(ax, "_title_size", 12.0))
    if cb is not None:
        _draw_colorbar(out, ax, cb, cbrect)


def _panes(out, ax, view):
    x0, x1, y0, y1, z0, z1 = view.lims
    # the back panes: the x side and y side away from the viewer, and the floor
    bx = x0 if view.eye[0] > 0 else x1
    by = y0 if view.eye[1] > 0 else y1
    bz = z0 if view.eye[2] > 0 else z1
    panes = [[(bx, y0, z0), (bx, y1, z0), (bx, y1, z1), (bx, y0, z1)],
             [(x0, by, z0), (x1, by, z0), (x1, by, z1), (x0, by, z1)],
             [(x0, y0, bz), (x1, y0, bz), (x1, y1, bz), (x0, y1, bz)]]
    for pane in panes:
        pts = [view.project(p) for p in pane]
        out.append('<path d="M%sZ" fill="%s" stroke="%s" stroke-width="0.8"/>'
                   % ("L".join("%s %s" % (_n(p[0]), _n(p[1])) for p in pts), _PANE, _PANE_EDGE))
    ticks = [nice_ticks(x0, x1, 5), nice_ticks(y0, y1, 5), getattr(ax, "_zticks", None) or nice_ticks(z0, z1, 5)]
    grid = []

    def seg(p, q):
        a, b = view.project(p), view.project(q)
        grid.append("M%s %sL%s %s" % (_n(a[0]), _n(a[1]), _n(b[0]), _n(b[1])))

    for t in ticks[0]:
        seg((t, y0, bz), (t, y1, bz))
        seg((t, by, z0), (t, by, z1))
    for t in ticks[1]:
        seg((x0, t, bz), (x1, t, bz))
        seg((bx, t, z0), (bx, t, z1))
    for t in ticks[2]:
        seg((x0, by, t), (x1, by, t))
        seg((bx, y0, t), (bx, y1, t))
    out.append('<path d="%s" stroke="#ffffff" stroke-width="0.8" fill="none"/>' % "".join(grid))
    # tick labels along the front edges of the floor (x, y) and a front vertical edge (z)
    fy = y1 if by == y0 else y0
    fx = x1 if bx == x0 else x0
    for vals, at, label in ((ticks[0], lambda t: (t, fy, bz), ax._xlabel),
                                           (ticks[1], lambda t: (fx, t, bz), ax._ylabel),
                                           (ticks[2], lambda t: (fx, by, t), ax._zlabel)):
        names = tick_labels(vals)[0]
        far = []
        for t, name in zip(vals, names):
            px, py, _ = view.project(at(t))
            dx, dy = px - view.cx, py - view.cy
            dist = math.sqrt(dx * dx + dy * dy) or 1.0
            lx, ly = px + dx / dist * 14, py + dy / dist * 14
            _text(out, lx, ly + 3.5, name, 9.0)
            far.append((lx + dx / dist * 18, ly + dy / dist * 18))
        if label and far:
            mx = sum(p[0] for p in far) / len(far)
            my = sum(p[1] for p in far) / len(far)
            _text(out, mx, my + 3.5, label, 10.0)


def _collect(art, view, items):
    k = art.kind
    if k == "surface":
        _faces(art, view, items)
    elif k in ("lines3d", "line3d"):
        dash = _style.dash(getattr(art, "ls", "-") or "-")
        extra = ' stroke-dasharray="%s"' % dash if dash else ""
        alpha = (' stroke-opacity="%s"' % _n(art.alpha)) if art.alpha is not None else ""
        for line, color in zip(art.lines, art.colors):
            pts = [view.project(p) for p in line]
            for i in range(len(pts) - 1):
                a, b = pts[i], pts[i + 1]
                if a[0] != a[0] or b[0] != b[0]:
                    continue
                items.append(((a[2] + b[2]) / 2, '<path d="M%s %sL%s %s" stroke="%s" stroke-width="%s"%s%s/>'
                              % (_n(a[0]), _n(a[1]), _n(b[0]), _n(b[1]), color, _n(art.lw), extra, alpha)))
    elif k == "scatter3d":
        span = ((art.vmax - art.vmin) or 1.0) if art.vals is not None else 1.0
        for i in range(len(art.xs[0])):
            px, py, d = view.project((art.xs[0][i], art.ys[0][i], art.zs[0][i]))
            if art.vals is not None:
                color = _style.cmap_color(art.cmap, (art.vals[i] - art.vmin) / span)
            else:
                color = art.colors[i]
            r = math.sqrt(art.sizes[i % len(art.sizes)]) / 2.0
            items.append((d, '<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>'
                          % (_n(px), _n(py), _n(r), color,
                             (' fill-opacity="%s"' % _n(art.alpha)) if art.alpha is not None else "")))


def _faces(art, view, items):
    g = art.grid
    span = (art.vmax - art.vmin) or 1.0
    stroke = ' stroke="%s" stroke-width="%s"' % (art.edge, _n(art.lw)) if art.edge != "none" and art.lw > 0 \
        else ' stroke-width="0.3"'
    alpha = (' opacity="%s"' % _n(art.alpha)) if art.alpha is not None else ""
    base = art.color
    rgb = (int(base[1:3], 16), int(base[3:5], 16), int(base[5:7], 16))
    # every grid point projected once: (svg x text, svg y text, depth) and its unit-cube position
    proj = [[view.project(p) for p in row] for row in g]
    text = [["%s %s" % (_n(p[0]), _n(p[1])) for p in row] for row in proj]
    units = [[view.unit(p) for p in row] for row in g] if art.cmap is None and art.shade else None
    cmap = art.cmap
    for i in range(len(g) - 1):
        g0, g1, p0, p1, t0, t1 = g[i], g[i + 1], proj[i], proj[i + 1], text[i], text[i + 1]
        for j in range(len(g0) - 1):
            z00, z01, z11, z10 = g0[j][2], g0[j + 1][2], g1[j + 1][2], g1[j][2]
            if z00 != z00 or z01 != z01 or z11 != z11 or z10 != z10:
                continue
            depth = (p0[j][2] + p0[j + 1][2] + p1[j + 1][2] + p1[j][2]) * 0.25
            if cmap is not None:
                color = _style.cmap_color(cmap, ((z00 + z01 + z11 + z10) * 0.25 - art.vmin) / span)
            elif units is not None:  # lighter where the face looks up and towards the light
                u0, u1, u3 = units[i][j], units[i][j + 1], units[i + 1][j]
                ax_, ay_, az_ = u1[0] - u0[0], u1[1] - u0[1], u1[2] - u0[2]
                bx_, by_, bz_ = u3[0] - u0[0], u3[1] - u0[1], u3[2] - u0[2]
                nx, ny, nz = ay_ * bz_ - az_ * by_, az_ * bx_ - ax_ * bz_, ax_ * by_ - ay_ * bx_
                norm = math.sqrt(nx * nx + ny * ny + nz * nz) or 1.0
                f = 0.45 + 0.55 * abs(-0.5 * nx - 0.5 * ny + 0.7 * nz) / norm
                color = "#%02x%02x%02x" % (int(rgb[0] * f), int(rgb[1] * f), int(rgb[2] * f))
            else:
                color = base
            edge = stroke if art.edge != "none" else ' stroke="%s"%s' % (color, stroke)
            items.append((depth, '<path d="M%sL%sL%sL%sZ" fill="%s"%s%s/>'
                          % (t0[j], t0[j + 1], t1[j + 1], t1[j], color, edge, alpha)))
