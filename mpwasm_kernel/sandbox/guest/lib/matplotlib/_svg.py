"""SVG rendering of a matplotlib._axes.Figure (runs inside MicroPython).

Sizes are in points (1/72 inch) like matplotlib's SVG backend: a 6.4x4.8 inch figure is
460.8x345.6 pt. Ticks follow matplotlib's MaxNLocator steps (1, 2, 2.5, 5, 10).
"""

import math

from matplotlib import _style
from matplotlib._svgbase import _FONT, _PAD, _TICK, _Box, _f, _n, _style_attrs, _text
from matplotlib._svgdraw import _draw, _draw_text
from matplotlib._svglegend import _draw_colorbar, _draw_legend
from matplotlib._ticks import axis_ticks, nice_ticks, tick_labels

# --- layout ----------------------------------------------------------------------------------

def _axes_rects(fig, W, H):
    """SVG rectangles (x, y, w, h) of each Axes from its subplot position."""
    rects = []
    for ax in fig.axes:
        if isinstance(ax._pos, tuple):  # fig.add_axes([left, bottom, width, height]) in figure fractions
            left, bottom, width, height = ax._pos[1]
            rects.append([left * W, (1.0 - bottom - height) * H, max(width * W, 1.0), max(height * H, 1.0)])
            continue
        margins = None
        if fig._tight:
            nr, nc = ax._pos.get_gridspec().get_geometry()
            left, right, top, bottom, ws, hs = _tight_margins(fig, W, H, nr, nc)
            margins = (left / W, 1.0 - right / W, bottom / H, 1.0 - top / H, ws / W, hs / H)
        x0, y0, x1, y1 = ax._pos.get_position(fig, margins)
        rects.append([x0 * W, (1.0 - y1) * H, max((x1 - x0) * W, 1.0), max((y1 - y0) * H, 1.0)])
    return rects


def _tight_margins(fig, W, H, nr, nc):
    """Margins and gaps in points that leave room for tick labels, axis labels and titles."""
    lw = 0.0
    has_y = has_x = has_t = False
    for ax in fig.axes:
        if not ax._axis_on:
            continue
        for lab in _ylabels_guess(ax):
            lw = max(lw, _style.text_width(lab, 10.0))
        has_y = has_y or bool(ax._ylabel)
        has_x = has_x or bool(ax._xlabel)
        has_t = has_t or bool(ax._title)
    has_t = has_t or any(bool(ax._title) for ax in fig.axes)
    left = 6 + _TICK + _PAD + lw + (16 if has_y else 0)
    bottom = 6 + _TICK + _PAD + 10 + (16 if has_x else 0)
    top = 8 + (18 if has_t else 0) + (18 if fig._suptitle else 0)
    right = 14
    return left, right, top, bottom, left + right - 6, bottom + top - 4


def _ylabels_guess(ax):
    lims = ax._auto()
    if ax._yticks is not None:
        pos, labs = ax._yticks
        return [_style.mathtext(s) for s in labs] if labs is not None else tick_labels(pos)[0]
    if ax._ycats:
        return ax._ycats
    if ax._yscale == "log":
        return ["10⁻⁰⁰"]
    ticks = nice_ticks(lims[2], lims[3], 8)
    return tick_labels(ticks)[0]


def _equal_aspect(rect, lims, ax):
    x, y, w, h = rect
    dx = abs(_f(lims[1], ax._xscale == "log") - _f(lims[0], ax._xscale == "log"))
    dy = abs(_f(lims[3], ax._yscale == "log") - _f(lims[2], ax._yscale == "log"))
    if dx <= 0 or dy <= 0:
        return rect
    if dx / dy > w / h:
        nh = w * dy / dx
        return [x, y + (h - nh) / 2, w, nh]
    nw = h * dx / dy
    return [x + (w - nw) / 2, y, nw, h]


# --- rendering -------------------------------------------------------------------------------

def render(fig):
    """The SVG document of ``fig``."""
    fw, fh = fig._size
    W, H = fw * 72.0, fh * 72.0
    out = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'width="%spt" height="%spt" viewBox="0 0 %s %s" version="1.1">' % (_n(W), _n(H), _n(W), _n(H)),
           '<rect width="%s" height="%s" fill="#ffffff"/>' % (_n(W), _n(H)),
           '<g font-family="%s">' % _FONT]
    rects = _axes_rects(fig, W, H)
    # twinx Axes last: they are drawn over the Axes they share x with (which has the background)
    order = [i for i, ax in enumerate(fig.axes) if getattr(ax, "_twin", None) is None]
    order += [i for i, ax in enumerate(fig.axes) if getattr(ax, "_twin", None) is not None]
    for i in order:
        _render_axes(out, fig.axes[i], rects[i], "c%d" % i)
    if fig._suptitle:
        _text(out, W / 2, 6 + fig._suptitle[1], fig._suptitle[0], fig._suptitle[1])
    if fig._texts:
        whole = _Box(0.0, 0.0, W, H, (0.0, 1.0, 0.0, 1.0), False, False)
        whole.W, whole.H = W, H
        for t in fig._texts:
            _draw_text(out, t, whole)
    out.append("</g></svg>")
    return "\n".join(out)


def _render_axes(out, ax, rect, clip_id):
    if ax._polar:
        from matplotlib import _polar

        _polar.render(out, ax, rect, clip_id)
        return
    if getattr(ax, "_three_d", False):
        from matplotlib import _svg3d

        _svg3d.render(out, ax, rect, clip_id)
        return
    lims = ax._auto()
    logx = ax._xscale == "log"
    logy = ax._yscale == "log"
    cb = ax._colorbar
    if cb is not None:
        cbw = rect[2] * 0.2
        rect = [rect[0], rect[1], rect[2] - cbw, rect[3]]
        cbrect = [rect[0] + rect[2] + cbw * 0.2, rect[1], cbw * 0.22, rect[3]]
    if ax._aspect == "equal":
        rect = _equal_aspect(rect, lims, ax)
    box = _Box(rect[0], rect[1], rect[2], rect[3], lims, logx, logy)
    box.W, box.H = ax.figure._size[0] * 72.0, ax.figure._size[1] * 72.0
    x, y, w, h = rect
    twin = getattr(ax, "_twin", None) is not None
    if (ax._axis_on or getattr(ax, "_face", None)) and not twin:  # a twin is drawn over its Axes
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                   % (_n(x), _n(y), _n(w), _n(h), getattr(ax, "_face", None) or "#ffffff"))
    out.append('<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>'
               % (clip_id, _n(x), _n(y), _n(w), _n(h)))
    xt = axis_ticks(ax, "x", lims[0], lims[1], w)
    yt = axis_ticks(ax, "y", lims[2], lims[3], h)
    if ax._axis_on and ax._grid is not None and ax._grid["on"]:
        g = ax._grid
        attrs = _style_attrs(g["color"], g["lw"], g["ls"], g["alpha"])
        if g["axis"] in ("both", "x"):
            for v, _ in xt[0]:
                px = box.tx(v)
                out.append('<path d="M%s %sV%s"%s/>' % (_n(px), _n(y), _n(y + h), attrs))
        if g["axis"] in ("both", "y"):
            for v, _ in yt[0]:
                py = box.ty(v)
                out.append('<path d="M%s %sH%s"%s/>' % (_n(x), _n(py), _n(x + w), attrs))
    out.append('<g clip-path="url(#%s)">' % clip_id)
    arts = sorted(ax._artists, key=lambda a: a.zorder)
    for art in arts:
        if art.kind != "text" and getattr(art, "clip_on", True):
            _draw(out, art, box)
    out.append("</g>")
    for art in arts:
        if art.kind != "text" and not getattr(art, "clip_on", True):
            _draw(out, art, box)
    if ax._axis_on and twin:
        _draw_right_axis(out, ax, box, yt)
    elif ax._axis_on:
        _draw_axis_decor(out, ax, box, xt, yt)
    for art in arts:
        if art.kind == "text":
            _draw_text(out, art, box)
    if ax._title:
        size = getattr(ax, "_title_size", 12.0)
        anchor, tx = {"left": ("start", x), "right": ("end", x + w)}.get(ax._title_loc, ("middle", x + w / 2))
        _text(out, tx, y - 6, ax._title, size, anchor)
    if ax._legend is not None:
        _draw_legend(out, ax, box)
    if ax._extra_legends:
        kept = ax._legend
        try:
            for leg in ax._extra_legends:
                ax._legend = leg._spec
                _draw_legend(out, ax, box)
        finally:
            ax._legend = kept
    if cb is not None:
        _draw_colorbar(out, ax, cb, cbrect)


def _spine_at(ax, side, box):
    """Where a spine is drawn: its x (left/right) or y (bottom/top) in points."""
    pos = ax.spines[side].position
    x, y, w, h = box.x, box.y, box.w, box.h
    if pos is None:
        return {"left": x, "right": x + w, "bottom": y + h, "top": y}[side]
    kind, v = pos
    if side in ("left", "right"):
        return box.tx(v) if kind == "data" else x + v * w
    return box.ty(v) if kind == "data" else y + h - v * h


def _label_style(ax, axis, value):
    """(size, colour) of the tick label at ``value``: set on its Text, else by tick_params."""
    style = ax._tickstyle.get(axis, {})
    size, color = style.get("size", 10.0), style.get("color", "#000000")
    for t in ax._ticktexts.get(axis) or ():
        if (t.x if axis == "x" else t.y) == value:
            size = t.size or size
            color = t.color or color
            break
    return size, color


def _draw_axis_decor(out, ax, box, xt, yt):
    x, y, w, h = box.x, box.y, box.w, box.h
    sp = ax.spines
    at = {side: _spine_at(ax, side, box) for side in sp}
    for side in ("left", "bottom", "right", "top"):
        s = sp[side]
        if not s.visible or s.color == "none":
            continue
        p = at[side]
        d = ("M%s %sV%s" % (_n(p), _n(y), _n(y + h)) if side in ("left", "right")
             else "M%s %sH%s" % (_n(x), _n(p), _n(x + w)))
        out.append('<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="square"/>'
                   % (d, s.color, _n(s.lw)))
    ticks = []
    tickcolor = {}
    xpos, ypos = ax._tickpos["x"], ax._tickpos["y"]
    xsides = [s for s in ("bottom", "top") if xpos in (s, "both") and ax._tickstyle.get("x", {}).get(s, True)]
    ysides = [s for s in ("left", "right") if ypos in (s, "both") and ax._tickstyle.get("y", {}).get(s, True)]
    xlab = "top" if xpos == "top" else "bottom"
    ylab = "right" if ypos == "right" else "left"
    maxh = 0.0
    show_x, show_y = ax._axis_visible["x"], ax._axis_visible["y"]
    for v, lab in xt[0] if show_x else ():
        px = box.tx(v)
        for side in xsides:
            ticks.append("M%s %sv%s" % (_n(px), _n(at[side]), _n(_TICK if side == "bottom" else -_TICK)))
        size, color = _label_style(ax, "x", v)
        base = at[xlab]
        rot = ax._xtick_rot
        if xlab == "top":
            _text(out, px, base - _TICK - _PAD, lab, size, color=color, rot=rot)
        elif rot:
            _text(out, px, base + _TICK + _PAD + 7, lab, size, "end" if rot > 0 else "start", color, rot=rot)
            maxh = max(maxh, _style.text_width(lab, size) * abs(math.sin(math.radians(rot))))
        else:
            _text(out, px, base + _TICK + _PAD + size * 0.95, lab, size, color=color)
            maxh = max(maxh, size - 10.0)
    for v in xt[1] if show_x else ():
        for side in xsides:
            ticks.append("M%s %sv%s" % (_n(box.tx(v)), _n(at[side]), "2" if side == "bottom" else "-2"))
    maxw = 0.0
    for v, lab in yt[0] if show_y else ():
        py = box.ty(v)
        for side in ysides:
            ticks.append("M%s %sh%s" % (_n(at[side]), _n(py), _n(-_TICK if side == "left" else _TICK)))
        size, color = _label_style(ax, "y", v)
        if ylab == "left":
            _text(out, at["left"] - _TICK - _PAD, py + size * 0.36, lab, size, "end", color, rot=ax._ytick_rot)
        else:
            _text(out, at["right"] + _TICK + _PAD, py + size * 0.36, lab, size, "start", color, rot=ax._ytick_rot)
        maxw = max(maxw, _style.text_width(_style.mathtext(lab), size))
    for v in yt[1] if show_y else ():
        for side in ysides:
            ticks.append("M%s %sh%s" % (_n(at[side]), _n(box.ty(v)), "-2" if side == "left" else "2"))
    for axis in ("x", "y"):
        tickcolor[axis] = ax._tickstyle.get(axis, {}).get("tickcolor", "#000000")
    if ticks:
        out.append('<path d="%s" stroke="%s" stroke-width="0.8" fill="none"/>' % ("".join(ticks), tickcolor["x"]))
    bottom = y + h
    if xt[2] and show_x:
        _text(out, x + w, bottom + _TICK + _PAD + 22, xt[2], 10.0, "end")
    if yt[2] and show_y:
        _text(out, x, y - 4, yt[2], 10.0, "start")
    if ax._xlabel:
        size = getattr(ax, "_xlabel_size", 10.0)
        _text(out, x + w / 2, bottom + _TICK + _PAD + 9.5 + maxh + 4 + size, ax._xlabel, size,
              color=getattr(ax, "_xlabel_color", "#000000"))
    if ax._ylabel:
        size = getattr(ax, "_ylabel_size", 10.0)
        lx = x - _TICK - _PAD - maxw - 6
        _text(out, lx, y + h / 2, ax._ylabel, size, color=getattr(ax, "_ylabel_color", "#000000"), rot=90)


def _draw_right_axis(out, ax, box, yt):
    """A twinx Axes: y ticks, labels and label on the right (the x axis and frame are its
    original's)."""
    x, y, w, h = box.x, box.y, box.w, box.h
    right = x + w
    ticks = []
    maxw = 0.0
    for v, lab in yt[0]:
        py = box.ty(v)
        ticks.append("M%s %sh%s" % (_n(right), _n(py), _n(_TICK)))
        size, color = _label_style(ax, "y", v)
        _text(out, right + _TICK + _PAD, py + size * 0.36, lab, size, "start", color, rot=ax._ytick_rot)
        maxw = max(maxw, _style.text_width(_style.mathtext(lab), size))
    for v in yt[1]:
        ticks.append("M%s %sh2" % (_n(right), _n(box.ty(v))))
    if ticks:
        out.append('<path d="%s" stroke="#000000" stroke-width="0.8" fill="none"/>' % "".join(ticks))
    if yt[2]:
        _text(out, right, y - 4, yt[2], 10.0, "end")
    if ax._ylabel:
        size = getattr(ax, "_ylabel_size", 10.0)
        _text(out, right + _TICK + _PAD + maxw + 6 + size, y + h / 2, ax._ylabel, size,
              color=getattr(ax, "_ylabel_color", "#000000"), rot=90)
