"""Legends and colour bars in SVG (runs inside MicroPython).
"""


from matplotlib import _style
from matplotlib._svgbase import _PAD, _TICK, _alpha, _marker, _n, _style_attrs, _text
from matplotlib._ticks import nice_ticks, tick_labels

# --- legend and colour bar -------------------------------------------------------------------

def _legend_entries(ax):
    handles = ax._legend["handles"]
    arts = handles if handles is not None else ax._artists
    out = []
    for a in arts:
        if a is None:
            continue
        if isinstance(a, list) and not hasattr(a, "kind"):  # containers
            label = getattr(a, "label", None)
            inner = [x for x in a if x is not None]
            if inner and label:
                first = inner[0]
                if first.kind == "rect":
                    for b in ax._artists:
                        if b.kind == "bars" and first in b.rects:
                            first = b
                out.append((first, str(label)))
            continue
        label = a.label
        if label is None or (isinstance(label, str) and label.startswith("_")):
            continue
        if a.kind in ("line", "scatter", "bars", "poly", "segs", "wedge", "hline", "vline"):
            out.append((a, _style.mathtext(label)))
    return out


def _legend_points(ax, box):
    pts = []
    for a in ax._artists:
        if a.kind in ("line", "scatter"):
            n = len(a.x)
            stride = max(1, n // 200)
            for i in range(0, n, stride):
                pts.append((box.tx(a.x[i]), box.ty(a.y[i])))
        elif a.kind == "bars":
            for r in a.rects:
                b = r.box
                for fx in (0.0, 0.5, 1.0):
                    for fy in (0.0, 0.5, 1.0):
                        pts.append((box.tx(b[0] + (b[2] - b[0]) * fx), box.ty(b[1] + (b[3] - b[1]) * fy)))
    return pts


def _draw_legend(out, ax, box):
    entries = _legend_entries(ax)
    if not entries:
        return
    leg = ax._legend
    size = leg["size"]
    row = size * 1.4
    tw = max(_style.text_width(s, size) for _, s in entries)
    title = leg["title"]
    if title:
        tw = max(tw, _style.text_width(str(title), size))
    lw = size * 2.0 + size * 0.8 + tw + size * 0.8
    lh = row * (len(entries) + (1 if title else 0)) + size * 0.6
    pad = size * 0.5
    cand = {
        "upper right": (box.x + box.w - pad - lw, box.y + pad),
        "upper left": (box.x + pad, box.y + pad),
        "lower left": (box.x + pad, box.y + box.h - pad - lh),
        "lower right": (box.x + box.w - pad - lw, box.y + box.h - pad - lh),
        "right": (box.x + box.w - pad - lw, box.y + (box.h - lh) / 2),
        "center left": (box.x + pad, box.y + (box.h - lh) / 2),
        "center right": (box.x + box.w - pad - lw, box.y + (box.h - lh) / 2),
        "lower center": (box.x + (box.w - lw) / 2, box.y + box.h - pad - lh),
        "upper center": (box.x + (box.w - lw) / 2, box.y + pad),
        "center": (box.x + (box.w - lw) / 2, box.y + (box.h - lh) / 2),
    }
    loc = leg["loc"]
    if loc not in cand:
        pts = _legend_points(ax, box)
        best = None
        for name in ("upper right", "upper left", "lower left", "lower right", "right", "center left",
                     "center right", "lower center", "upper center", "center"):
            lx, ly = cand[name]
            hits = 0
            for px, py in pts:
                if lx <= px <= lx + lw and ly <= py <= ly + lh:
                    hits += 1
            if best is None or hits < best[0]:
                best = (hits, name)
        loc = best[1]
    lx, ly = cand[loc]
    if leg["frame"]:
        out.append('<rect x="%s" y="%s" width="%s" height="%s" rx="2" fill="#ffffff" fill-opacity="0.8" '
                   'stroke="#cccccc" stroke-width="0.8"/>' % (_n(lx), _n(ly), _n(lw), _n(lh)))
    cy = ly + size * 0.3 + row / 2
    if title:
        _text(out, lx + lw / 2, cy + size * 0.35, str(title), size)
        cy += row
    for art, label in entries:
        hx = lx + size * 0.5
        if art.kind in ("line", "hline", "vline", "segs"):
            ls = getattr(art, "ls", "-")
            if _style.dash(ls) != "":
                out.append('<path d="M%s %sh%s" fill="none"%s/>' % (_n(hx), _n(cy), _n(size * 2.0),
                                                                    _style_attrs(art.color, art.lw, ls, art.alpha)))
            if getattr(art, "marker", None):
                _marker(out, art.marker, hx + size, cy, art.ms, art.mfc or art.color, art.mec or art.color, art.alpha)
        elif art.kind == "scatter":
            fill = art.colors[0] if art.colors else _style.cmap_color(art.cmap, 0.5)
            _marker(out, art.marker, hx + size, cy, 6.0, fill, art.edge or "none", art.alpha)
        else:
            out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>'
                       % (_n(hx), _n(cy - size * 0.35), _n(size * 2.0), _n(size * 0.7), art.color, _alpha(art.alpha)))
        _text(out, hx + size * 2.8, cy + size * 0.35, label, size, "start")
        cy += row


def _draw_colorbar(out, ax, cb, rect):
    src = cb["src"]
    lo = getattr(src, "vmin", None)
    hi = getattr(src, "vmax", None)
    if lo is None or hi is None:
        lo, hi = 0.0, 1.0
    cmap = getattr(src, "cmap", "viridis")
    x, y, w, h = rect
    steps = 64
    parts = ['<g shape-rendering="crispEdges">']
    for i in range(steps):
        t = (i + 0.5) / steps
        parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                     % (_n(x), _n(y + h - (i + 1) * h / steps), _n(w), _n(h / steps + 0.3), _style.cmap_color(cmap, t)))
    parts.append("</g>")
    out.append("".join(parts))
    out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#000000" stroke-width="0.8"/>'
               % (_n(x), _n(y), _n(w), _n(h)))
    ticks = nice_ticks(lo, hi, max(3, min(9, int(h / 20.0))))
    labs, _ = tick_labels(ticks)
    span = (hi - lo) or 1.0
    d = []
    maxw = 0.0
    for v, lab in zip(ticks, labs):
        py = y + h - (v - lo) / span * h
        d.append("M%s %sh%s" % (_n(x + w), _n(py), _n(_TICK)))
        _text(out, x + w + _TICK + _PAD, py + 3.6, lab, 10.0, "start")
        maxw = max(maxw, _style.text_width(lab, 10.0))
    if d:
        out.append('<path d="%s" stroke="#000000" stroke-width="0.8"/>' % "".join(d))
    if cb["label"]:
        lx = x + w + _TICK + _PAD + maxw + 12
        _text(out, lx, y + h / 2, cb["label"], 10.0, rot=90)
