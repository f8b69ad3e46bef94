"""The plotting methods of Axes (``plot``, ``scatter``, ``bar``, ``hist``, ``pie``, ``boxplot``,
``errorbar``, ``fill_between``, ``imshow``, ``axhline``, ``text``, ``annotate``), as a mixin
class that ``matplotlib._axes.Axes`` builds on. Runs inside MicroPython.
"""

import math

from matplotlib import _style
from matplotlib._artists import (
    Annotation,
    Artist,
    Container,
    Line2D,
    PathCollection,
    Text,
    _finite,
    _fontsize,
    _kw,
    _range,
    _rotation,
    _sorted,
    floats,
    values,
)


class _Plotting:
    """Axes methods that add artists (mixed into ``Axes``; they use its helpers such as
    ``_add``, ``_coords`` and ``_next_color``)."""

    def plot(self, *args, **kwargs):
        """Lines and/or markers: plot([x], y, [fmt], ..., color=, linewidth=, marker=, label=)."""
        groups = []
        args = list(args)
        while args:
            if len(args) >= 2 and not isinstance(args[1], str):
                x, y = args[0], args[1]
                args = args[2:]
            else:
                y = args[0]
                x = None
                args = args[1:]
            fmt = ""
            if args and isinstance(args[0], str):
                fmt = args[0]
                args = args[1:]
            groups.append((x, y, fmt))
        lines = []
        expanded = []
        for x, y, fmt in groups:
            rows = values(y, "y")
            if rows and isinstance(rows[0], (list, tuple)):  # 2-D y: one line per column
                for col in _range(len(rows[0])):
                    expanded.append((x, [r[col] for r in rows], fmt))
            else:
                expanded.append((x, y, fmt))
        for x, y, fmt in expanded:
            ys = self._coords(y, "y", "y")
            xs = list(range(len(ys))) if x is None else self._coords(x, "x", "x")
            xs = [float(v) for v in xs]
            if len(xs) != len(ys):
                raise ValueError("x and y must have same first dimension, but have shapes (%d,) and (%d,)"
                                 % (len(xs), len(ys)))
            col, ls, mk = _style.parse_fmt(fmt)
            color = _kw(kwargs, "color", "c")
            color = _style.color(color if color is not None else col) or self._next_color()
            ls = _kw(kwargs, "linestyle", "ls") or ls or "-"
            mk = kwargs.get("marker", mk)
            if mk in ("", "None", "none"):
                mk = None
            _style.dash(ls)
            line = Line2D("line", x=xs, y=ys, color=color, ls=ls, marker=mk,
                          lw=float(_kw(kwargs, "linewidth", "lw") or 1.5),
                          ms=float(_kw(kwargs, "markersize", "ms") or 6.0),
                          mfc=_style.color(_kw(kwargs, "markerfacecolor", "mfc")),
                          mec=_style.color(_kw(kwargs, "markeredgecolor", "mec")),
                          label=kwargs.get("label"), alpha=kwargs.get("alpha"),
                          zorder=kwargs.get("zorder", 2))
            lines.append(self._add(line))
        return lines

    def loglog(self, *args, **kwargs):
        self.set_xscale("log")
        self.set_yscale("log")
        return self.plot(*args, **kwargs)

    def semilogx(self, *args, **kwargs):
        self.set_xscale("log")
        return self.plot(*args, **kwargs)

    def semilogy(self, *args, **kwargs):
        self.set_yscale("log")
        return self.plot(*args, **kwargs)

    def step(self, x, y, *args, where="pre", **kwargs):
        xs = floats(x, "x")
        ys = floats(y, "y")
        sx, sy = [], []
        for i in range(len(xs)):
            if i:
                if where == "post":
                    sx.append(xs[i])
                    sy.append(ys[i - 1])
                elif where == "mid":
                    m = (xs[i - 1] + xs[i]) / 2
                    sx += [m, m]
                    sy += [ys[i - 1], ys[i]]
                else:
                    sx.append(xs[i - 1])
                    sy.append(ys[i])
            sx.append(xs[i])
            sy.append(ys[i])
        return self.plot(sx, sy, *args, **kwargs)

    def scatter(self, x, y, s=None, c=None, marker="o", cmap=None, vmin=None, vmax=None,
                alpha=None, label=None, edgecolors=None, color=None, **kwargs):
        """Markers at (x, y); ``s`` is the area in points², ``c`` colours or values for ``cmap``."""
        xs = self._coords(x, "x", "x")
        ys = self._coords(y, "y", "y")
        if len(xs) != len(ys):
            raise ValueError("x and y must be the same size")
        n = len(xs)
        sizes = floats(s, "s") if s is not None else [36.0]
        if len(sizes) == 1:
            sizes = sizes * n
        vals = None
        colors = None
        if c is None:
            c = color
        if c is None:
            colors = [self._next_color(True)] * n
        elif isinstance(c, str) or (isinstance(c, (tuple, list)) and len(c) in (3, 4) and n != len(c)
                                    and isinstance(c[0], float)):
            colors = [_style.color(c)] * n
        else:
            cl = values(c, "c")
            if cl and isinstance(cl[0], str):
                colors = [_style.color(v) for v in cl]
            elif cl and isinstance(cl[0], (tuple, list)):
                colors = [_style.color(v) for v in cl]
            else:
                vals = floats(cl, "c")
        col = PathCollection("scatter", x=xs, y=ys, sizes=sizes, colors=colors, vals=vals,
                             marker=marker or "o", cmap=_style.cmap_name(cmap), vmin=vmin, vmax=vmax,
                             edge=_style.color(edgecolors, "none") if edgecolors is not None else None,
                             label=label, alpha=alpha, lw=float(kwargs.get("linewidths", 1.0)),
                             zorder=kwargs.get("zorder", 2))
        if vals is not None:
            self._norm(col, vals)
        return self._add(col)

    @staticmethod
    def _norm(artist, vals):
        finite = [v for v in vals if _finite(v)]
        lo = artist.vmin if artist.vmin is not None else (min(finite) if finite else 0.0)
        hi = artist.vmax if artist.vmax is not None else (max(finite) if finite else 1.0)
        artist.vmin = float(lo)
        artist.vmax = float(hi)

    def bar(self, x, height, width=0.8, bottom=None, align="center", color=None, edgecolor=None,
            linewidth=None, label=None, alpha=None, tick_label=None, **kwargs):
        """Vertical bars; ``x`` may be category names. Returns a BarContainer."""
        return self._bars(x, height, width, bottom, align, color, edgecolor, linewidth, label, alpha,
                          tick_label, False, kwargs)

    def barh(self, y, width, height=0.8, left=None, align="center", color=None, edgecolor=None,
             linewidth=None, label=None, alpha=None, tick_label=None, **kwargs):
        """Horizontal bars; ``y`` may be category names. Returns a BarContainer."""
        return self._bars(y, width, height, left, align, color, edgecolor, linewidth, label, alpha,
                          tick_label, True, kwargs)

    def _bars(self, pos, length, thick, base, align, color, edgecolor, lw, label, alpha, tick_label,
              horizontal, kwargs):
        along = "y" if horizontal else "x"
        ps = self._coords(pos, along, along)
        ls = floats(length, "height" if not horizontal else "width")
        n = max(len(ps), len(ls))
        if len(ps) == 1:
            ps = ps * n
        if len(ls) == 1:
            ls = ls * n
        if len(ps) != len(ls):
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape")
        th = floats(thick, "width")
        th = th * n if len(th) == 1 else th
        bs = floats(base, "bottom") if base is not None else [0.0]
        bs = bs * n if len(bs) == 1 else bs
        if color is None:
            color = _kw(kwargs, "facecolor", "fc")
        if color is None:
            colors = [self._next_color(True)] * n
        elif isinstance(color, str) or (isinstance(color, tuple) and isinstance(color[0], float)):
            colors = [_style.color(color)] * n
        else:
            colors = [_style.color(v) for v in values(color)]
            while len(colors) < n:
                colors += colors
        rects = []
        for i in range(n):
            p = ps[i] - th[i] / 2 if align == "center" else ps[i]
            a, b = bs[i], bs[i] + ls[i]
            if horizontal:
                box = (a, p, b, p + th[i])
            else:
                box = (p, a, p + th[i], b)
            rects.append(Artist("rect", box=box, color=colors[i], edge=_style.color(edgecolor, "none"),
                                lw=float(lw if lw is not None else (1.0 if edgecolor is not None else 0.0)),
                                alpha=alpha, label=None, horizontal=horizontal))
        group = Artist("bars", rects=rects, label=label, color=colors[0] if colors else None,
                       horizontal=horizontal, alpha=alpha, zorder=kwargs.get("zorder", 1))
        self._add(group)
        if tick_label is not None:
            labels = [str(t) for t in values(tick_label)]
            if horizontal:
                self.set_yticks(ps, labels)
            else:
                self.set_xticks(ps, labels)
        return Container(rects, "BarContainer", label)

    def hist(self, x, bins=10, range=None, density=False, color=None, alpha=None, label=None,
             edgecolor=None, histtype="bar", orientation="vertical", weights=None, cumulative=False,
             linewidth=None, **kwargs):
        """Histogram: returns (counts, bin_edges, patches) like matplotlib."""
        data = [v for v in floats(x, "x") if _finite(v)]
        ws = floats(weights, "weights") if weights is not None else None
        if isinstance(bins, str):
            bins = _named_bins(data, bins, range)
        if isinstance(bins, int):
            if range is not None:
                lo, hi = float(range[0]), float(range[1])
            elif data:
                lo, hi = min(data), max(data)
            else:
                lo, hi = 0.0, 1.0
            if lo == hi:
                lo, hi = lo - 0.5, hi + 0.5
            edges = [lo + (hi - lo) * i / bins for i in _range(bins + 1)]
        else:
            edges = floats(bins, "bins")
        nb = len(edges) - 1
        counts = [0.0] * nb
        last = edges[-1]
        for k, v in enumerate(data):
            if v < edges[0] or v > last:
                continue
            # binary search for the bin; the last bin is closed on the right
            lo_i, hi_i = 0, nb
            while hi_i - lo_i > 1:
                mid = (lo_i + hi_i) // 2
                if v >= edges[mid]:
                    lo_i = mid
                else:
                    hi_i = mid
            counts[lo_i] += ws[k] if ws is not None else 1.0
        if cumulative:
            acc = 0.0
            for i in _range(nb):
                acc += counts[i]
                counts[i] = acc
        if density:
            total = sum(counts) if not cumulative else counts[-1]
            if total:
                counts = [counts[i] / total / (edges[i + 1] - edges[i]) for i in _range(nb)] \
                    if not cumulative else [c / total for c in counts]
        widths = [edges[i + 1] - edges[i] for i in _range(nb)]
        horizontal = orientation == "horizontal"
        if histtype == "step" or histtype == "stepfilled":
            xs, ys = [edges[0]], [0.0]
            for i in _range(nb):
                xs += [edges[i], edges[i + 1]]
                ys += [counts[i], counts[i]]
            xs.append(edges[-1])
            ys.append(0.0)
            c = _style.color(color) or self._next_color(True)
            if horizontal:
                xs, ys = ys, xs
            if histtype == "step":
                self._add(Line2D("line", x=xs, y=ys, color=c, ls="-", marker=None, lw=float(linewidth or 1.5),
                                 ms=6.0, mfc=None, mec=None, label=label, alpha=alpha, zorder=2))
            else:
                self._add(Artist("poly", x=xs, y=ys, color=c, label=label, alpha=alpha, edge=None, zorder=1))
            patches = []
        else:
            patches = self._bars([edges[i] for i in _range(nb)], counts, widths, None, "edge", color, edgecolor,
                                 linewidth, label, alpha, None, horizontal, kwargs)
        return _np_or_list(counts), _np_or_list(edges), patches

    def pie(self, x, explode=None, labels=None, colors=None, autopct=None, pctdistance=0.6,
            shadow=False, labeldistance=1.1, startangle=0, radius=1, counterclock=True,
            wedgeprops=None, textprops=None, normalize=True, **kwargs):
        """Pie chart of ``x`` (fractions of its sum); returns (wedges, texts[, autotexts])."""
        xs = floats(x, "x")
        total = sum(xs)
        if total <= 0:
            raise ValueError("pie() needs at least one positive value")
        if normalize or total > 1:
            fr = [v / total for v in xs]
        else:
            fr = xs
        n = len(fr)
        cols = [_style.color(c) for c in values(colors)] if colors is not None else \
            [self._next_color(True) for _ in _range(n)]
        ex = floats(explode, "explode") if explode is not None else [0.0] * n
        labs = [str(s) for s in values(labels)] if labels is not None else [None] * n
        edge = None
        if wedgeprops:
            edge = _style.color(wedgeprops.get("edgecolor"))
        wedges = []
        texts = []
        autos = []
        theta = float(startangle)
        sign = 1.0 if counterclock else -1.0
        for i in _range(n):
            t1 = theta + sign * 360.0 * fr[i]
            mid = math.radians((theta + t1) / 2)
            dx = ex[i] * math.cos(mid)
            dy = ex[i] * math.sin(mid)
            w = Artist("wedge", center=(dx, dy), r=float(radius), t0=min(theta, t1), t1=max(theta, t1),
                       color=cols[i % len(cols)], edge=edge, label=labs[i], alpha=None, zorder=1)
            wedges.append(self._add(w))
            if labs[i] is not None:
                lx = dx + labeldistance * radius * math.cos(mid)
                ly = dy + labeldistance * radius * math.sin(mid)
                texts.append(self.text(lx, ly, labs[i], ha="left" if lx >= 0 else "right", va="center",
                                       _label=True))
            if autopct is not None:
                pct = 100.0 * fr[i]
                s = autopct(pct) if callable(autopct) else autopct % pct
                ax_ = dx + pctdistance * radius * math.cos(mid)
                ay_ = dy + pctdistance * radius * math.sin(mid)
                autos.append(self.text(ax_, ay_, s, ha="center", va="center", _label=True))
            theta = t1
        self._axis_on = False
        self._aspect = "equal"
        if self._xlim is None:
            self._xlim = (-1.25 * radius, 1.25 * radius)
        if self._ylim is None:
            self._ylim = (-1.25 * radius, 1.25 * radius)
        if autopct is not None:
            return wedges, texts, autos
        return wedges, texts

    def boxplot(self, x, labels=None, vert=True, widths=None, showfliers=True, positions=None, whis=1.5,
                tick_labels=None, **kwargs):
        """Box-and-whisker plots (quartiles by linear interpolation, whiskers at 1.5 IQR)."""
        data = values(x, "x")
        if not data or not isinstance(data[0], (list, tuple)) and not hasattr(data[0], "tolist"):
            data = [data]
        sets = [_sorted(v for v in floats(d, "x") if _finite(v)) for d in data]
        pos = floats(positions, "positions") if positions is not None else [float(i + 1) for i in _range(len(sets))]
        out = {"boxes": [], "medians": [], "whiskers": [], "caps": [], "fliers": []}
        if widths is None:
            spread = max(pos) - min(pos) if len(pos) > 1 else 0.0
            widths = min(0.5, 0.15 * spread) if spread else 0.5

        def q(vals, f):
            k = (len(vals) - 1) * f
            lo = int(math.floor(k))
            hi = min(lo + 1, len(vals) - 1)
            return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)

        def line(xs, ys, color, key, **kw):
            if not vert:
                xs, ys = ys, xs
            art = Line2D("line", x=xs, y=ys, color=color, ls=kw.get("ls", "-"), marker=kw.get("marker"),
                         lw=1.0, ms=6.0, mfc=kw.get("mfc"), mec=kw.get("mec"), label=None, alpha=None, zorder=2)
            out[key].append(self._add(art))

        for i, vals in enumerate(sets):
            if not vals:
                continue
            p = pos[i]
            q1, med, q3 = q(vals, 0.25), q(vals, 0.5), q(vals, 0.75)
            iqr = q3 - q1
            low = min([v for v in vals if v >= q1 - whis * iqr] or [q1])
            high = max([v for v in vals if v <= q3 + whis * iqr] or [q3])
            w = widths / 2
            line([p - w, p + w, p + w, p - w, p - w], [q1, q1, q3, q3, q1], "#000000", "boxes")
            line([p - w, p + w], [med, med], "#ff7f0e", "medians")
            line([p, p], [q1, low], "#000000", "whiskers")
            line([p, p], [q3, high], "#000000", "whiskers")
            line([p - w / 2, p + w / 2], [low, low], "#000000", "caps")
            line([p - w / 2, p + w / 2], [high, high], "#000000", "caps")
            fl = [v for v in vals if v < low or v > high]
            if showfliers and fl:
                line([p] * len(fl), fl, "#000000", "fliers", ls="None", marker="o", mfc="none", mec="#000000")
        names = tick_labels if tick_labels is not None else labels
        names = [str(v) for v in values(names)] if names is not None else ["%d" % v if v == int(v) else str(v)
                                                                             for v in pos]
        lim = (min(pos) - 0.5, max(pos) + 0.5)
        if vert:
            if self._xlim is None:
                self._xlim = lim
            self.set_xticks(pos, names)
        else:
            if self._ylim is None:
                self._ylim = lim
            self.set_yticks(pos, names)
        return out

    def errorbar(self, x, y, yerr=None, xerr=None, fmt="", ecolor=None, elinewidth=None, capsize=None,
                 label=None, color=None, **kwargs):
        """Line/markers with error bars (symmetric, or [lower, upper] pairs)."""
        xs = self._coords(x, "x", "x")
        ys = floats(y, "y")
        if fmt == "none":
            line = None
            c = _style.color(color) or self._next_color()
        else:
            kw = dict(kwargs)
            if color is not None:
                kw["color"] = color
            line = self.plot(xs, ys, fmt, label=label, **kw)[0]
            c = line.color
        segs = []
        cap = float(capsize if capsize is not None else 0.0)

        def spread(err, n, name):
            if err is None:
                return None
            vals = values(err, name)
            if vals and isinstance(vals[0], (list, tuple)) or (vals and hasattr(vals[0], "tolist")):
                lo_ = floats(vals[0], name)
                hi_ = floats(vals[1], name)
            else:
                lo_ = floats(vals, name)
                if len(lo_) == 1:
                    lo_ = lo_ * n
                hi_ = lo_
            return lo_, hi_

        ye = spread(yerr, len(ys), "yerr")
        xe = spread(xerr, len(xs), "xerr")
        for i in _range(len(xs)):
            if ye is not None:
                segs.append((xs[i], ys[i] - ye[0][i], xs[i], ys[i] + ye[1][i], "v"))
            if xe is not None:
                segs.append((xs[i] - xe[0][i], ys[i], xs[i] + xe[1][i], ys[i], "h"))
        art = Artist("segs", segs=segs, color=_style.color(ecolor) or c, lw=float(elinewidth or 1.5), cap=cap,
                     label=label if line is None else None, alpha=kwargs.get("alpha"), zorder=2)
        self._add(art)
        return Container([line, art], "ErrorbarContainer", label)

    def fill_between(self, x, y1, y2=0, where=None, color=None, alpha=None, label=None, **kwargs):
        """The area between the curves ``y1`` and ``y2`` (scalars broadcast)."""
        xs = floats(x, "x")
        n = len(xs)
        a = floats(y1, "y1")
        b = floats(y2, "y2")
        a = a * n if len(a) == 1 else a
        b = b * n if len(b) == 1 else b
        mask = [bool(v) for v in values(where)] if where is not None else None
        c = _style.color(color if color is not None else _kw(kwargs, "facecolor", "fc")) or self._next_color(True)
        runs = []
        cur = []
        for i in _range(n):
            if mask is None or mask[i]:
                cur.append(i)
            elif cur:
                runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        art = None
        for run in runs:
            px = [xs[i] for i in run] + [xs[i] for i in reversed(run)]
            py = [a[i] for i in run] + [b[i] for i in reversed(run)]
            art = self._add(Artist("poly", x=px, y=py, color=c, alpha=alpha, label=label,
                                   edge=_style.color(kwargs.get("edgecolor")), zorder=1))
            label = None
        return art

    def axhline(self, y=0, xmin=0, xmax=1, color=None, linestyle=None, linewidth=None, label=None, **kwargs):
        c = _style.color(color if color is not None else kwargs.get("c"), "#1f77b4")
        return self._add(Line2D("hline", v=float(y), a=float(xmin), b=float(xmax), color=c,
                                ls=linestyle or kwargs.get("ls") or "-",
                                lw=float(linewidth or kwargs.get("lw") or 1.5), label=label,
                                alpha=kwargs.get("alpha"), marker=None, zorder=2))

    def axvline(self, x=0, ymin=0, ymax=1, color=None, linestyle=None, linewidth=None, label=None, **kwargs):
        c = _style.color(color if color is not None else kwargs.get("c"), "#1f77b4")
        return self._add(Line2D("vline", v=float(x), a=float(ymin), b=float(ymax), color=c,
                                ls=linestyle or kwargs.get("ls") or "-",
                                lw=float(linewidth or kwargs.get("lw") or 1.5), label=label,
                                alpha=kwargs.get("alpha"), marker=None, zorder=2))

    def text(self, x, y, s, fontsize=None, color=None, ha=None, va=None, rotation=0, transform=None,
             _label=False, **kwargs):
        """Text at data coordinates (or in ``transform``'s: ``ax.transAxes``, ``fig.transFigure``, ...);
        ``bbox=dict(facecolor=..., edgecolor=..., boxstyle='round', pad=...)`` draws a box behind it."""
        size = kwargs.get("size", fontsize)
        t = (Annotation if _label == "annotation" else Text)(
                 "text", x=float(x), y=float(y), rx=x, ry=y, s=str(s), size=_fontsize(size, _rc_font_size()),
                 color=_style.color(kwargs.get("c", color), "#000000"),
                 ha=kwargs.get("horizontalalignment", ha) or "left",
                 va=kwargs.get("verticalalignment", va) or "baseline", rot=_rotation(rotation),
                 transform=None if transform is None or transform is self.transData else transform,
                 weight=kwargs.get("fontweight", kwargs.get("weight")),
                 family=kwargs.get("family", kwargs.get("fontfamily")),
                 style=kwargs.get("style", kwargs.get("fontstyle")), bbox=_text_box(kwargs.get("bbox")),
                 label=None, zorder=kwargs.get("zorder", 3), alpha=kwargs.get("alpha"))
        return self._add(t)

    def annotate(self, text, xy, xytext=None, arrowprops=None, fontsize=None, ha=None, va=None,
                 textcoords=None, color=None, **kwargs):
        """Text at ``xytext`` (default ``xy``) with an optional arrow pointing to ``xy``."""
        xy = (float(xy[0]), float(xy[1]))
        offset = None
        if xytext is None:
            pos = xy
        elif textcoords in ("offset points", "offset pixels"):
            pos = xy
            offset = (float(xytext[0]), float(xytext[1]))
        else:
            pos = (float(xytext[0]), float(xytext[1]))
        t = self.text(pos[0], pos[1], text, fontsize=fontsize, color=color,
                      ha=ha or ("center" if arrowprops else "left"),
                      va=va or ("center" if arrowprops else "baseline"), _label="annotation", **kwargs)
        t.offset = offset
        t.xy = xy
        if arrowprops is not None and xytext is not None:
            props = arrowprops if isinstance(arrowprops, dict) else {}
            col = _style.color(props.get("color", props.get("facecolor", props.get("fc"))), "#000000")
            self._add(Artist("arrow", start=pos, end=xy, offset=offset, color=col,
                             lw=float(props.get("linewidth", props.get("lw", 1.0))),
                             head=props.get("arrowstyle", "->") != "-", label=None, zorder=3))
        return t


def _named_bins(data, name, rng):
    """Number of bins for numpy's estimators 'auto', 'fd', 'sturges', 'sqrt', 'rice'."""
    vals = _sorted(data)
    if rng is not None:
        vals = [v for v in vals if rng[0] <= v <= rng[1]]
    n = len(vals)
    if n < 2:
        return 1
    lo, hi = (float(rng[0]), float(rng[1])) if rng is not None else (vals[0], vals[-1])
    ptp = vals[-1] - vals[0]

    def pct(f):
        k = (n - 1) * f
        i = int(math.floor(k))
        j = min(i + 1, n - 1)
        return vals[i] + (vals[j] - vals[i]) * (k - i)

    fd = 2.0 * (pct(0.75) - pct(0.25)) * n ** (-1.0 / 3.0)
    sturges = ptp / (math.log(n) / math.log(2) + 1.0)
    sqrt_bw = ptp / math.sqrt(n)
    widths = {"fd": fd, "sturges": sturges, "sqrt": sqrt_bw, "rice": ptp / (2.0 * n ** (1.0 / 3.0)),
              "auto": min(max(fd, sqrt_bw / 2), sturges)}
    if name not in widths:
        raise ValueError("%r is not a valid estimator for `bins`; use 'auto', 'fd', 'sturges', 'sqrt', "
                         "'rice' or a number" % name)
    width = widths[name]
    if not width:
        return 1
    return max(1, int(math.ceil((hi - lo) / width)))


def _np_or_list(vals):
    """A numpy array when the sandbox's numpy is already imported (as matplotlib returns), else
    the list."""
    import sys

    np = sys.modules.get("numpy")
    if np is not None and hasattr(np, "array"):
        return np.array(vals)
    return vals



def _text_box(props):
    """The box drawn behind a text (``bbox=dict(...)``), or None."""
    if props is None:
        return None
    if not isinstance(props, dict):
        raise TypeError("bbox must be a dict of patch properties, not %s" % type(props).__name__)
    style = str(props.get("boxstyle", "square"))
    pad = props.get("pad")
    if pad is None and "pad=" in style:
        pad = style.split("pad=")[1].split(",")[0]
    fc = props.get("facecolor", props.get("fc", "#1f77b4" if "facecolor" not in props and "fc" not in props
                                           and "color" not in props else None))
    if "color" in props and fc is None:
        fc = props["color"]
    ec = props.get("edgecolor", props.get("ec", props.get("color", "black")))
    return {"fc": _style.color(fc, "none") if fc not in ("none", "None") else "none",
            "ec": _style.color(ec, "none") if ec not in ("none", "None") else "none",
            "lw": float(props.get("linewidth", props.get("lw", 1.0))), "alpha": props.get("alpha"),
            "round": style.split(",")[0].strip() in ("round", "round4", "roundtooth"),
            "pad": 0.3 if pad is None else float(pad)}


def _rc_font_size():
    """The default text size: ``rcParams['font.size']`` (``plt.rc('font', size=8)``), 10 points."""
    return float(__import__("matplotlib").rcParams.get("font.size", 10.0))
