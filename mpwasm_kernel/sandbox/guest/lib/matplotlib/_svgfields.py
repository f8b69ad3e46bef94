"""Drawing field plots into SVG (runs inside MicroPython): meshes (pcolor/pcolormesh) and
contour sets (contour lines by marching squares, filled contours as a banded raster).

Bounded output: a mesh of at most _svgimage._RECT_CELLS cells is a rectangle per cell; a larger
one on a uniform grid goes through the imshow path (one PNG, at most _PNG_SIDE pixels a side),
on a non-uniform grid it is sampled into such a PNG. Filled contours are a PNG of at most
FILL_SIDE pixels a side, each pixel the band of the bilinearly interpolated value.
"""

from matplotlib import _style
from matplotlib._svgbase import _alpha, _n, _style_attrs
from matplotlib._svgimage import _PNG_SIDE, _RECT_CELLS, _draw_image, image_tag, png_bytes

FILL_SIDE = 160
#: most contour-line segments one contour set may have
MAX_SEGMENTS = 40000


class _Image:
    """What _draw_image reads of an AxesImage."""

    def __init__(self, grid, extent, cmap, vmin, vmax, alpha):
        self.grid, self.extent, self.cmap, self.vmin, self.vmax = grid, extent, cmap, vmin, vmax
        self.alpha, self.rgb, self.origin = alpha, False, "lower"


def _uniform(edges):
    if len(edges) < 3:
        return True
    step = (edges[-1] - edges[0]) / (len(edges) - 1)
    return all(abs(edges[i + 1] - edges[i] - step) <= 1e-6 * abs(step) for i in range(len(edges) - 1))


def _bisect(edges, v):
    """Index i with edges[i] <= v < edges[i + 1] (edges increasing), clamped to the cells."""
    lo, hi = 0, len(edges) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if edges[mid] <= v:
            lo = mid
        else:
            hi = mid
    return lo


def _increasing(edges, grid, axis):
    """Edges made increasing (the grid flipped along ``axis`` to match)."""
    if edges[0] <= edges[-1]:
        return edges, grid
    if axis == "y":
        return edges[::-1], grid[::-1]
    return edges[::-1], [row[::-1] for row in grid]


def draw_mesh(out, art, box):
    if art.curved:
        _draw_quads(out, art, box)
        return
    xe, grid = _increasing(art.xe, art.grid, "x")
    ye, grid = _increasing(art.ye, grid, "y")
    nr, nc = len(grid), len(grid[0])
    if nr * nc > _RECT_CELLS and not (_uniform(xe) and _uniform(ye)):
        side_x, side_y = min(nc, _PNG_SIDE), min(nr, _PNG_SIDE)
        cols = [_bisect(xe, xe[0] + (xe[-1] - xe[0]) * (k + 0.5) / side_x) for k in range(side_x)]
        rows = [_bisect(ye, ye[0] + (ye[-1] - ye[0]) * (k + 0.5) / side_y) for k in range(side_y)]
        grid = [[grid[i][j] for j in cols] for i in rows]
    if nr * nc > _RECT_CELLS or (_uniform(xe) and _uniform(ye) and art.edge == "none"):
        _draw_image(out, _Image(grid, (xe[0], xe[-1], ye[0], ye[-1]), art.cmap, art.vmin, art.vmax, art.alpha), box)
        return
    span = (art.vmax - art.vmin) or 1.0
    stroke = ' stroke="%s" stroke-width="%s"' % (art.edge, _n(art.lw)) if art.edge != "none" else ""
    parts = ['<g shape-rendering="crispEdges"%s%s>' % (_alpha(art.alpha), stroke)]
    for i in range(nr):
        y0, y1 = box.ty(ye[i]), box.ty(ye[i + 1])
        for j in range(nc):
            v = grid[i][j]
            if v != v:
                continue
            x0, x1 = box.tx(xe[j]), box.tx(xe[j + 1])
            parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                         % (_n(min(x0, x1)), _n(min(y0, y1)), _n(abs(x1 - x0) + (0 if stroke else 0.3)),
                            _n(abs(y1 - y0) + (0 if stroke else 0.3)),
                            _style.cmap_color(art.cmap, (v - art.vmin) / span)))
    parts.append("</g>")
    out.append("".join(parts))


def _draw_quads(out, art, box):
    X, Y, grid = art.xe, art.ye, art.grid
    span = (art.vmax - art.vmin) or 1.0
    stroke = ' stroke="%s" stroke-width="%s"' % (art.edge, _n(art.lw)) if art.edge != "none" else ""
    parts = ['<g%s%s>' % (_alpha(art.alpha), stroke)]
    for i in range(len(grid)):
        for j in range(len(grid[0])):
            v = grid[i][j]
            if v != v:
                continue
            pts = ((X[i][j], Y[i][j]), (X[i][j + 1], Y[i][j + 1]), (X[i + 1][j + 1], Y[i + 1][j + 1]),
                   (X[i + 1][j], Y[i + 1][j]))
            parts.append('<path d="M%sZ" fill="%s"/>' % ("L".join("%s %s" % (_n(box.tx(p[0])), _n(box.ty(p[1])))
                                                                 for p in pts),
                                                        _style.cmap_color(art.cmap, (v - art.vmin) / span)))
    parts.append("</g>")
    out.append("".join(parts))


# --- contours --------------------------------------------------------------------------------

def _point(cs, i, j):
    if cs.curved:
        return cs.xs[i][j], cs.ys[i][j]
    return cs.xs[j], cs.ys[i]


def _cross(cs, level, i0, j0, i1, j1):
    """Where ``level`` crosses the grid edge between points (i0, j0) and (i1, j1)."""
    a, b = cs.grid[i0][j0], cs.grid[i1][j1]
    t = 0.5 if a == b else (level - a) / (b - a)
    p, q = _point(cs, i0, j0), _point(cs, i1, j1)
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


# the cell's edges by number: 0 bottom (i, j)-(i, j+1), 1 right, 2 top (i+1, ...), 3 left
_EDGES = ((0, 0, 0, 1), (0, 1, 1, 1), (1, 0, 1, 1), (0, 0, 1, 0))
# corner bits: 1 (i, j), 2 (i, j+1), 4 (i+1, j+1), 8 (i+1, j); the edge pairs of each case
_CASES = {1: ((3, 0),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),), 6: ((0, 2),), 7: ((3, 2),),
          8: ((2, 3),), 9: ((2, 0),), 11: ((2, 1),), 12: ((1, 3),), 13: ((1, 0),), 14: ((0, 3),)}


def level_segments(cs, level):
    """The line segments (x0, y0, x1, y1) of one contour level (marching squares; a saddle is
    resolved by the cell's mean value)."""
    grid = cs.grid
    segs = []
    for i in range(len(grid) - 1):
        r0, r1 = grid[i], grid[i + 1]
        for j in range(len(r0) - 1):
            a, b, c, d = r0[j], r0[j + 1], r1[j + 1], r1[j]
            if a != a or b != b or c != c or d != d:
                continue
            case = (a >= level) | (b >= level) << 1 | (c >= level) << 2 | (d >= level) << 3
            if case == 0 or case == 15:
                continue
            if case == 5 or case == 10:
                high = (a + b + c + d) / 4 >= level
                pairs = ((3, 0), (1, 2)) if (case == 5) != high else ((3, 2), (1, 0))
            else:
                pairs = _CASES[case]
            for e0, e1 in pairs:
                p = _cross(cs, level, i + _EDGES[e0][0], j + _EDGES[e0][1], i + _EDGES[e0][2], j + _EDGES[e0][3])
                q = _cross(cs, level, i + _EDGES[e1][0], j + _EDGES[e1][1], i + _EDGES[e1][2], j + _EDGES[e1][3])
                segs.append((p[0], p[1], q[0], q[1]))
    return segs


def contour_lines(cs):
    """The segments of every level of a line contour set; ValueError past MAX_SEGMENTS."""
    out = []
    total = 0
    for level in cs.lv:
        segs = level_segments(cs, level)
        total += len(segs)
        if total > MAX_SEGMENTS:
            raise ValueError("the contour set has more than %d line segments (the sandbox's limit for one "
                             "contour plot); use fewer levels or a coarser grid" % MAX_SEGMENTS)
        out.append(segs)
    return out


def draw_contour(out, cs, box):
    if cs.filled:
        _draw_filled(out, cs, box)
        return
    for k, segs in enumerate(cs.segs):
        if not segs:
            continue
        d = "".join("M%s %sL%s %s" % (_n(box.tx(s[0])), _n(box.ty(s[1])), _n(box.tx(s[2])), _n(box.ty(s[3])))
                    for s in segs)
        out.append('<path d="%s" fill="none" stroke-linecap="round"%s/>'
                   % (d, _style_attrs(cs.colors[k], cs.lw, cs.ls[k], cs.alpha)))


def _draw_filled(out, cs, box):
    xs, grid = _increasing(cs.xs, cs.grid, "x")
    ys, grid = _increasing(cs.ys, grid, "y")
    nr, nc = len(grid), len(grid[0])
    x0, x1, y0, y1 = box.tx(xs[0]), box.tx(xs[-1]), box.ty(ys[0]), box.ty(ys[-1])
    w = min(FILL_SIDE, max(2, int(abs(x1 - x0))))
    h = min(FILL_SIDE, max(2, int(abs(y1 - y0))))
    lv = cs.lv
    colors = []
    for c in cs.colors:
        colors.append((int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)))
    cols = []
    for k in range(w):
        x = xs[0] + (xs[-1] - xs[0]) * (k + 0.5) / w
        j = min(_bisect(xs, x), nc - 2)
        t = (x - xs[j]) / ((xs[j + 1] - xs[j]) or 1.0)
        cols.append((j, t))
    raw = bytearray(h * (1 + 4 * w))
    pos = 0
    top, bottom = lv[0], lv[-1]
    for r in range(h):  # PNG rows from the top: the highest y first
        y = ys[-1] - (ys[-1] - ys[0]) * (r + 0.5) / h
        i = min(_bisect(ys, y), nr - 2)
        u = (y - ys[i]) / ((ys[i + 1] - ys[i]) or 1.0)
        g0, g1 = grid[i], grid[i + 1]
        pos += 1
        for j, t in cols:
            a = g0[j] + (g0[j + 1] - g0[j]) * t
            b = g1[j] + (g1[j + 1] - g1[j]) * t
            v = a + (b - a) * u
            if v == v and top <= v <= bottom:
                band = min(_bisect(lv, v), len(colors) - 1)
                c = colors[band]
                raw[pos] = c[0]
                raw[pos + 1] = c[1]
                raw[pos + 2] = c[2]
                raw[pos + 3] = 255
            pos += 4
    out.append(image_tag(png_bytes(raw, w, h, rgba=True), min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0),
                         cs.alpha, pixelated=False))


def draw_hexes(out, art, box):
    """hexbin: one path per colour (cells of the same colour share a path)."""
    span = (art.vmax - art.vmin) or 1.0
    offsets = [(0.5 * art.sx, -0.5 * art.sy / 3), (0.5 * art.sx, 0.5 * art.sy / 3), (0.0, art.sy / 3),
               (-0.5 * art.sx, 0.5 * art.sy / 3), (-0.5 * art.sx, -0.5 * art.sy / 3), (0.0, -art.sy / 3)]
    groups = {}
    for (cx, cy), v in zip(art.centers, art.vals):
        if v != v:
            continue
        color = _style.cmap_color(art.cmap, (v - art.vmin) / span)
        d = "M" + "L".join("%s %s" % (_n(box.tx(cx + dx)), _n(box.ty(cy + dy))) for dx, dy in offsets) + "Z"
        groups.setdefault(color, []).append(d)
    parts = ["<g%s>" % _alpha(art.alpha)]
    for color in groups:
        edge = art.edge or color
        parts.append('<path d="%s" fill="%s" stroke="%s" stroke-width="%s"/>'
                     % ("".join(groups[color]), color, edge, _n(art.lw if art.edge else 0.5)))
    parts.append("</g>")
    out.append("".join(parts))
