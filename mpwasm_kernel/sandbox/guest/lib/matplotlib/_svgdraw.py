"""Drawing one artist of an Axes into SVG (runs inside MicroPython).
"""

import math

from matplotlib import _style
from matplotlib._svgbase import _alpha, _marker, _marker_group, _n, _style_attrs, _text, to_points
from matplotlib._svgimage import _draw_image


def _draw(out, art, box):
    k = art.kind
    if k == "line":
        _draw_line(out, art, box)
    elif k == "scatter":
        same = art.vals is None and all(c == art.colors[0] for c in art.colors)
        first = art.colors[0] if art.colors else "#000000"
        edge = art.edge or "none"
        out.append(_marker_group(art.marker, first, edge, art.alpha, same))
        mode = True if same else "fill"
        span = ((art.vmax - art.vmin) or 1.0) if art.vals is not None else 1.0
        for i in range(len(art.x)):
            if art.vals is not None:
                fill = _style.cmap_color(art.cmap, (art.vals[i] - art.vmin) / span)
            else:
                fill = art.colors[i]
            size = math.sqrt(max(art.sizes[i % len(art.sizes)], 0.0))
            px, py = box.tx(art.x[i]), box.ty(art.y[i])
            if px == px and py == py:
                _marker(out, art.marker, px, py, size, fill, edge, art.alpha, mode)
        out.append("</g>")
    elif k == "bars":
        parts = []
        for r in art.rects:
            b = r.box
            x0, x1 = box.tx(b[0]), box.tx(b[2])
            y0, y1 = box.ty(b[1]), box.ty(b[3])
            if x0 != x0 and box.logx:  # a bar from 0 on a log axis starts at the axis edge
                x0 = box.x - 1
            if y0 != y0 and box.logy:
                y0 = box.y + box.h + 1
            if x0 != x0 or y0 != y0 or x1 != x1 or y1 != y1:
                continue
            stroke = ' stroke="%s" stroke-width="%s"' % (r.edge, _n(r.lw)) if r.edge != "none" and r.lw else ""
            parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s%s/>'
                         % (_n(min(x0, x1)), _n(min(y0, y1)), _n(abs(x1 - x0)), _n(abs(y1 - y0)), r.color, stroke,
                            _alpha(r.alpha)))
        out.append("".join(parts))
    elif k == "poly":
        pts = "L".join(_n(box.tx(px)) + " " + _n(box.ty(py)) for px, py in zip(art.x, art.y))
        stroke = ' stroke="%s"' % art.edge if getattr(art, "edge", None) else ""
        out.append('<path d="M%sZ" fill="%s"%s%s/>' % (pts, art.color, _alpha(art.alpha), stroke))
    elif k == "segs":
        d = []
        for s in art.segs:
            x0, y0, x1, y1 = box.tx(s[0]), box.ty(s[1]), box.tx(s[2]), box.ty(s[3])
            d.append("M%s %sL%s %s" % (_n(x0), _n(y0), _n(x1), _n(y1)))
            if art.cap:
                c = art.cap / 2
                if s[4] == "v":
                    d.append("M%s %sh%sM%s %sh%s" % (_n(x0 - c), _n(y0), _n(2 * c), _n(x1 - c), _n(y1), _n(2 * c)))
                else:
                    d.append("M%s %sv%sM%s %sv%s" % (_n(x0), _n(y0 - c), _n(2 * c), _n(x1), _n(y1 - c), _n(2 * c)))
        out.append('<path d="%s" fill="none"%s/>' % ("".join(d), _style_attrs(art.color, art.lw, "-", art.alpha)))
    elif k in ("hline", "vline"):
        if k == "hline":
            py = box.ty(art.v)
            d = "M%s %sH%s" % (_n(box.x + art.a * box.w), _n(py), _n(box.x + art.b * box.w))
        else:
            px = box.tx(art.v)
            d = "M%s %sV%s" % (_n(px), _n(box.y + box.h - art.a * box.h), _n(box.y + box.h - art.b * box.h))
        out.append('<path d="%s" fill="none"%s/>' % (d, _style_attrs(art.color, art.lw, art.ls, art.alpha)))
    elif k == "wedge":
        _draw_wedge(out, art, box)
    elif k == "patch":
        draw_patch(out, art, box)
    elif k in ("hexes", "mesh", "contour"):
        from matplotlib import _svgfields  # field plots: loaded when one is drawn

        {"hexes": _svgfields.draw_hexes, "mesh": _svgfields.draw_mesh, "contour": _svgfields.draw_contour}[k](
            out, art, box)
    elif k == "image":
        _draw_image(out, art, box)
    elif k == "arrow":
        _draw_arrow(out, art, box)


def _draw_line(out, art, box):
    pts = []
    seg = []
    lx = ly = -1e9
    n = len(art.x)
    for i in range(n):
        X, Y = box.tx(art.x[i]), box.ty(art.y[i])
        if X != X or Y != Y:
            if seg:
                pts.append(seg)
                seg = []
            continue
        # Path simplification: a point within 0.3 pt of the last one drawn is invisible (keeps
        # dense plots small; the last point is always drawn).
        if seg and -0.3 < X - lx < 0.3 and -0.3 < Y - ly < 0.3 and i != n - 1:
            continue
        lx, ly = X, Y
        seg.append(_n(X) + " " + _n(Y))
    if seg:
        pts.append(seg)
    if _style.dash(art.ls) != "" and pts:
        d = "".join("M" + "L".join(s) for s in pts)
        out.append('<path d="%s" fill="none" stroke-linejoin="round" stroke-linecap="square"%s/>'
                   % (d, _style_attrs(art.color, art.lw, art.ls, art.alpha)))
    if art.marker:
        fill = art.mfc or art.color
        edge = art.mec or art.color
        out.append(_marker_group(art.marker, fill, edge, art.alpha))
        for px, py in zip(art.x, art.y):
            X, Y = box.tx(px), box.ty(py)
            if X == X and Y == Y:
                _marker(out, art.marker, X, Y, art.ms, fill, edge, art.alpha, True)
        out.append("</g>")


def _draw_wedge(out, art, box):
    cx, cy = art.center
    r = art.r
    t0, t1 = art.t0, art.t1
    if t1 - t0 >= 359.999:
        rx = abs(box.tx(cx + r) - box.tx(cx))
        out.append('<circle cx="%s" cy="%s" r="%s" fill="%s"/>' % (_n(box.tx(cx)), _n(box.ty(cy)), _n(rx), art.color))
        return
    steps = max(2, int((t1 - t0) / 4) + 1)
    pts = [(box.tx(cx), box.ty(cy))]
    for i in range(steps + 1):
        ang = math.radians(t0 + (t1 - t0) * i / steps)
        pts.append((box.tx(cx + r * math.cos(ang)), box.ty(cy + r * math.sin(ang))))
    stroke = ' stroke="%s"' % art.edge if art.edge else ""
    out.append('<path d="M%sZ" fill="%s"%s stroke-linejoin="round"/>'
               % ("L".join(_n(p[0]) + " " + _n(p[1]) for p in pts), art.color, stroke))



def _draw_arrow(out, art, box):
    x0, y0 = box.tx(art.start[0]), box.ty(art.start[1])
    if art.offset:
        x0 += art.offset[0]
        y0 -= art.offset[1]
    x1, y1 = box.tx(art.end[0]), box.ty(art.end[1])
    dx, dy = x1 - x0, y1 - y0
    dist = math.sqrt(dx * dx + dy * dy) or 1.0
    ux, uy = dx / dist, dy / dist
    # start a little away from the text
    sx, sy = x0 + ux * 6, y0 + uy * 6
    d = "M%s %sL%s %s" % (_n(sx), _n(sy), _n(x1), _n(y1))
    if art.head:
        hl = 6.0
        bx, by = x1 - ux * hl, y1 - uy * hl
        d += "M%s %sL%s %sL%s %s" % (_n(bx - uy * hl * 0.45), _n(by + ux * hl * 0.45), _n(x1), _n(y1),
                                     _n(bx + uy * hl * 0.45), _n(by - ux * hl * 0.45))
    out.append('<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>' % (d, art.color, _n(art.lw)))


def _draw_text(out, art, box):
    x, y = to_points(getattr(art, "transform", None), art.x, art.y, box, box.W, box.H)
    if getattr(art, "offset", None):
        x += art.offset[0]
        y -= art.offset[1]
    anchor = {"left": "start", "right": "end"}.get(art.ha, "middle")
    lines = art.s.split("\n")
    size = art.size
    step = size * 1.2
    if art.va == "center":
        y += size * 0.36 - step * (len(lines) - 1) / 2
    elif art.va == "top":
        y += size * 0.8
    elif art.va == "bottom":
        y -= size * 0.2 + step * (len(lines) - 1)
    elif art.va == "center_baseline":
        y -= step * (len(lines) - 1) / 2
    bbox = getattr(art, "bbox", None)
    if bbox is not None:
        width = max(_style.text_width(_style.mathtext(s), size) for s in lines)
        pad = bbox["pad"] * size
        left = x - {"start": 0.0, "end": width, "middle": width / 2}[anchor] - pad
        top = y - size * 0.8 - pad
        h = size * 1.0 + step * (len(lines) - 1) + 2 * pad
        r = ' rx="%s"' % _n(pad) if bbox["round"] else ""
        rot = ' transform="rotate(%s %s %s)"' % (_n(-art.rot), _n(x), _n(y)) if art.rot else ""
        out.append('<rect x="%s" y="%s" width="%s" height="%s"%s fill="%s" stroke="%s" stroke-width="%s"%s%s/>'
                   % (_n(left), _n(top), _n(width + 2 * pad), _n(h), r, bbox["fc"], bbox["ec"], _n(bbox["lw"]),
                      _alpha(bbox["alpha"]), rot))
    for k, line in enumerate(lines):
        _text(out, x, y + k * step, line, size, anchor, art.color, art.rot, weight=art.weight,
              family=getattr(art, "family", None), style=getattr(art, "style", None))


def draw_patch(out, art, box):
    """A patch as one SVG path in its transform's coordinates (arrow heads at its ends in points)."""
    verts, closed = art._path()
    if not verts:
        return
    pts = [to_points(art.transform, x, y, box, box.W, box.H) for x, y in verts]
    d = "M" + "L".join("%s %s" % (_n(x), _n(y)) for x, y in pts) + ("Z" if closed else "")
    fill = art.fc if art.fill and closed else "none"
    stroke = _style_attrs(art.ec, art.lw, art.ls, None) if art.ec != "none" and art.lw > 0 else ""
    out.append('<path d="%s" fill="%s"%s%s stroke-linejoin="miter"/>' % (d, fill, stroke,
                                                                            (' opacity="%s"' % _n(art.alpha))
                                                                            if art.alpha is not None else ""))
    head = art.head
    if head and len(pts) >= 2 and head["size"] > 0:
        color = art.ec if art.ec != "none" else art.fc
        for end, (tip, back) in (("end", (pts[-1], pts[-2])), ("start", (pts[0], pts[1]))):
            if head[end]:
                out.append(_arrow_head(tip, back, head["size"], color, head["filled"], art.lw))


def _arrow_head(tip, back, size, color, filled, lw):
    dx, dy = tip[0] - back[0], tip[1] - back[1]
    dist = math.sqrt(dx * dx + dy * dy) or 1.0
    ux, uy = dx / dist, dy / dist
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    half = size * 0.5
    a = (bx - uy * half, by + ux * half)
    b = (bx + uy * half, by - ux * half)
    if filled:
        return '<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="%s"/>' % (
            _n(a[0]), _n(a[1]), _n(tip[0]), _n(tip[1]), _n(b[0]), _n(b[1]), color, color, _n(lw))
    return '<path d="M%s %sL%s %sL%s %s" fill="none" stroke="%s" stroke-width="%s"/>' % (
        _n(a[0]), _n(a[1]), _n(tip[0]), _n(tip[1]), _n(b[0]), _n(b[1]), color, _n(lw))
