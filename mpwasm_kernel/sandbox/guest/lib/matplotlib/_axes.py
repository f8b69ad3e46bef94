"""Figure, Axes and the artists they hold (data only; matplotlib._svg draws them).

Runs inside MicroPython. Data may be lists, tuples, ranges, scalars or arrays with
``tolist()`` (ulab and the sandbox's numpy); strings on an axis make it categorical.
"""

import math

from matplotlib import _style

_INF = float("inf")


def values(v, name="data"):
    """A flat list of the elements of ``v`` (scalars become one-element lists)."""
    if v is None:
        return []
    if isinstance(v, (int, float)):
        return [v]
    if isinstance(v, str):
        return [v]
    tolist = getattr(v, "tolist", None)
    if tolist is not None:
        v = tolist()
        if not isinstance(v, list):
            return [v]
    try:
        return list(v)
    except TypeError:
        raise TypeError("%s must be a number, a list or an array, not %s" % (name, type(v).__name__)) from None


def floats(v, name="data"):
    out = []
    for x in values(v, name):
        try:
            out.append(float(x))
        except (TypeError, ValueError):
            raise TypeError("%s must hold numbers, got %r" % (name, x)) from None
    return out


def _finite(v):
    return v == v and v != _INF and v != -_INF


class Artist:
    """One drawn thing. ``kind`` selects how matplotlib._svg draws it; ``label`` feeds legend()."""

    _repr_name = "matplotlib.artist.Artist"

    def __init__(self, kind, **kw):
        self.kind = kind
        self.label = None
        self.alpha = None
        self.zorder = 2
        for key in kw:
            setattr(self, key, kw[key])

    def __repr__(self):
        # as IPython shows an object without its own repr: ``<matplotlib.lines.Line2D at 0x...>``
        return "<%s at 0x%x>" % (self._repr_name, id(self))

    def set_label(self, s):
        self.label = s

    def get_label(self):
        return self.label

    def set_color(self, c):
        self.color = _style.color(c)

    def set_alpha(self, a):
        self.alpha = a

    def set_linewidth(self, w):
        self.lw = float(w)

    def set_data(self, x, y):
        self.x = floats(x)
        self.y = floats(y)

    def set_ydata(self, y):
        self.y = floats(y)

    def set_xdata(self, x):
        self.x = floats(x)

    def get_color(self):
        return getattr(self, "color", None)

    def remove(self):
        ax = getattr(self, "axes", None)
        if ax is not None and self in ax._artists:
            ax._artists.remove(self)


class Line2D(Artist):
    _repr_name = "matplotlib.lines.Line2D"

    def __str__(self):
        # matplotlib names an unlabelled artist after its place among the Axes' children
        return "Line2D(%s)" % (self.label if self.label is not None else "_child%d" % getattr(self, "_child", 0))


class PathCollection(Artist):
    _repr_name = "matplotlib.collections.PathCollection"


class AxesImage(Artist):
    _repr_name = "matplotlib.image.AxesImage"


class Text(Artist):
    _repr_name = "matplotlib.text.Text"

    def __repr__(self):
        # matplotlib's Text repr: Text(x, y, 'text')
        return "Text(%r, %r, %r)" % (getattr(self, "x", 0), getattr(self, "y", 0), self.s)


class Legend:
    def __repr__(self):
        return "<matplotlib.legend.Legend at 0x%x>" % id(self)


class Container(list):
    """A list of artists (BarContainer, ErrorbarContainer) with a label."""

    def __init__(self, items, name, label=None):
        super().__init__(items)
        self._name = name
        self.label = label

    def __repr__(self):
        return "<%s object of %d artists>" % (self._name, len(self))

    def get_label(self):
        return self.label


def _kw(kwargs, *names):
    """The first of ``names`` present in ``kwargs`` (aliases like color/c), else None."""
    for n in names:
        if n in kwargs:
            return kwargs[n]
    return None


class _Spine:
    """One side of the axes frame: ``ax.spines['top'].set_visible(False)``, ``set_color``."""

    def __init__(self):
        self.visible = True
        self.color = "#000000"

    def set_visible(self, flag):
        self.visible = bool(flag)

    def set_color(self, c):
        self.color = _style.color(c)

    def set_linewidth(self, w):
        return None


class _Axis:
    """``ax.xaxis`` / ``ax.yaxis``: the tick and label calls that map onto the Axes."""

    def __init__(self, ax, name):
        self.axes = ax
        self._name = name

    def __repr__(self):
        return "<matplotlib.axis.%sAxis at 0x%x>" % (self._name.upper(), id(self))

    def set_ticks(self, ticks, labels=None, **kwargs):
        return getattr(self.axes, "set_%sticks" % self._name)(ticks, labels, **kwargs)

    def set_ticklabels(self, labels, **kwargs):
        return getattr(self.axes, "set_%sticklabels" % self._name)(labels, **kwargs)

    def set_label_text(self, label, **kwargs):
        return getattr(self.axes, "set_%slabel" % self._name)(label, **kwargs)

    def get_label_text(self):
        return getattr(self.axes, "get_%slabel" % self._name)()

    def grid(self, visible=None, **kwargs):
        return self.axes.grid(visible, axis=self._name, **kwargs)

    def set_tick_params(self, **kwargs):
        return self.axes.tick_params(axis=self._name, **kwargs)


class _TransAxes:
    def __repr__(self):
        return "<Axes transform>"


class Axes:
    """A plotting area: holds artists, labels, limits and scale settings."""

    def __init__(self, fig, pos):
        self.figure = fig
        self._pos = pos  # (nrows, ncols, index from 1[, end index])
        self._artists = []
        self._cycle = 0
        self._pcycle = 0
        self._title = ""
        self._title_loc = "center"
        self._xlabel = ""
        self._ylabel = ""
        self._xlim = None
        self._ylim = None
        self._xscale = "linear"
        self._yscale = "linear"
        self._xticks = None
        self._yticks = None
        self._xtick_rot = 0
        self._ytick_rot = 0
        self._xcats = []
        self._ycats = []
        self._legend = None
        self._grid = None
        self._axis_on = True
        self._aspect = None
        self._colorbar = None
        self._yinverted = False
        self._xinverted = False
        self.transAxes = _TransAxes()
        self.transData = None
        self.spines = {"left": _Spine(), "right": _Spine(), "top": _Spine(), "bottom": _Spine()}
        self.xaxis = _Axis(self, "x")
        self.yaxis = _Axis(self, "y")

    def __repr__(self):
        return "<Axes: >" if not self._title else "<Axes: title={'center': %r}>" % self._title

    # --- helpers -------------------------------------------------------------------------
    def _next_color(self, patch=False):
        """Next colour of the line cycle, or of the patch cycle (bars, fills, scatter, pie)."""
        if patch:
            c = _style.CYCLE[self._pcycle % len(_style.CYCLE)]
            self._pcycle += 1
            return c
        c = _style.CYCLE[self._cycle % len(_style.CYCLE)]
        self._cycle += 1
        return c

    def _add(self, artist):
        artist.axes = self
        artist._child = len(self._artists)
        self._artists.append(artist)
        return artist

    def _coords(self, v, axis, name):
        """Numbers for ``v`` on ``axis`` ('x'/'y'); strings become category positions."""
        vals = values(v, name)
        if vals and isinstance(vals[0], str):
            cats = self._xcats if axis == "x" else self._ycats
            out = []
            for s in vals:
                if s not in cats:
                    cats.append(s)
                out.append(float(cats.index(s)))
            return out
        out = []
        for x in vals:
            try:
                out.append(float(x))
            except (TypeError, ValueError):
                raise TypeError("%s must hold numbers, got %r" % (name, x)) from None
        return out

    # --- plotting ------------------------------------------------------------------------
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

    def imshow(self, X, cmap=None, vmin=None, vmax=None, aspect=None, origin="upper", extent=None,
               interpolation=None, alpha=None, **kwargs):
        """A 2-D array as a heat map (or an RGB(A) image); returns an AxesImage."""
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
        nr = len(grid)
        nc = len(grid[0])
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
        """Text at data coordinates (or axes fractions with ``transform=ax.transAxes``)."""
        size = kwargs.get("size", fontsize)
        t = Text("text", x=float(x), y=float(y), s=str(s), size=_fontsize(size, 10.0),
                 color=_style.color(color, "#000000"), ha=kwargs.get("horizontalalignment", ha) or "left",
                 va=kwargs.get("verticalalignment", va) or "baseline", rot=_rotation(rotation),
                 axes_coords=transform is self.transAxes, weight=kwargs.get("fontweight", kwargs.get("weight")),
                 label=None, zorder=3)
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
                      va=va or ("center" if arrowprops else "baseline"), **kwargs)
        t.offset = offset
        if arrowprops is not None and xytext is not None:
            props = arrowprops if isinstance(arrowprops, dict) else {}
            col = _style.color(props.get("color", props.get("facecolor", props.get("fc"))), "#000000")
            self._add(Artist("arrow", start=pos, end=xy, offset=offset, color=col,
                             lw=float(props.get("linewidth", props.get("lw", 1.0))),
                             head=props.get("arrowstyle", "->") != "-", label=None, zorder=3))
        return t

    # --- labels, limits, ticks -----------------------------------------------------------
    def set_title(self, label, fontsize=None, loc="center", **kwargs):
        self._title = str(label)
        self._title_loc = loc
        self._title_size = _fontsize(fontsize if fontsize is not None else kwargs.get("size"), 12.0)
        return Text("title", s=str(label), x=0.5, y=1.0)

    def get_title(self):
        return self._title

    def set_xlabel(self, label, fontsize=None, **kwargs):
        self._xlabel = str(label)
        self._xlabel_size = _fontsize(fontsize if fontsize is not None else kwargs.get("size"), 10.0)
        return Text("label", s=self._xlabel, x=0.5, y=0)

    def set_ylabel(self, label, fontsize=None, **kwargs):
        self._ylabel = str(label)
        self._ylabel_size = _fontsize(fontsize if fontsize is not None else kwargs.get("size"), 10.0)
        return Text("label", s=self._ylabel, x=0, y=0.5)

    def get_xlabel(self):
        return self._xlabel

    def get_ylabel(self):
        return self._ylabel

    @staticmethod
    def _lim(left, right, kwargs, a, b):
        """(low, high) from set_xlim/set_ylim arguments: two values, a pair, or keywords."""
        if left is not None and not isinstance(left, (int, float)):
            left, right = left[0], left[1]
        left = kwargs.get(a, left)
        right = kwargs.get(b, right)
        lo = float(left) if left is not None else None
        hi = float(right) if right is not None else None
        return lo, hi

    def set_xlim(self, left=None, right=None, **kwargs):
        lo, hi = self._lim(left, right, kwargs, "xmin", "xmax")
        auto = self._auto()[0:2]
        self._xlim = (auto[0] if lo is None else lo, auto[1] if hi is None else hi)
        return self._xlim

    def set_ylim(self, bottom=None, top=None, **kwargs):
        lo, hi = self._lim(bottom, top, kwargs, "ymin", "ymax")
        auto = self._auto()[2:4]
        self._ylim = (auto[0] if lo is None else lo, auto[1] if hi is None else hi)
        return self._ylim

    def get_xlim(self):
        return self._auto()[0:2]

    def get_ylim(self):
        return self._auto()[2:4]

    def invert_yaxis(self):
        self._yinverted = not self._yinverted

    def invert_xaxis(self):
        self._xinverted = not self._xinverted

    def set_xscale(self, value, **kwargs):
        if value not in ("linear", "log"):
            raise ValueError("scale %r is not supported in the sandbox; use 'linear' or 'log'" % (value,))
        self._xscale = value

    def set_yscale(self, value, **kwargs):
        if value not in ("linear", "log"):
            raise ValueError("scale %r is not supported in the sandbox; use 'linear' or 'log'" % (value,))
        self._yscale = value

    @staticmethod
    def _ticks(ticks, labels):
        pos = floats(ticks, "ticks")
        labs = None if labels is None else [_style.mathtext(s) for s in values(labels)]
        if labs is not None and len(labs) != len(pos):
            raise ValueError("The number of FixedLocator locations (%d), usually from a call to set_ticks, "
                             "does not match the number of labels (%d)." % (len(pos), len(labs)))
        return pos, labs

    def set_xticks(self, ticks, labels=None, rotation=None, **kwargs):
        self._xticks = self._ticks(ticks, labels)
        if rotation is not None:
            self._xtick_rot = _rotation(rotation)

    def set_yticks(self, ticks, labels=None, rotation=None, **kwargs):
        self._yticks = self._ticks(ticks, labels)
        if rotation is not None:
            self._ytick_rot = _rotation(rotation)

    def set_xticklabels(self, labels, rotation=None, **kwargs):
        pos = self._xticks[0] if self._xticks else list(range(len(values(labels))))
        self.set_xticks(pos, labels, rotation)

    def set_yticklabels(self, labels, rotation=None, **kwargs):
        pos = self._yticks[0] if self._yticks else list(range(len(values(labels))))
        self.set_yticks(pos, labels, rotation)

    def tick_params(self, axis="both", labelrotation=None, **kwargs):
        if labelrotation is not None:
            if axis in ("x", "both"):
                self._xtick_rot = _rotation(labelrotation)
            if axis in ("y", "both"):
                self._ytick_rot = _rotation(labelrotation)

    def legend(self, *args, loc="best", fontsize=None, title=None, frameon=True, ncol=1, **kwargs):
        """Show a legend of the labelled artists (or ``legend(labels)`` / ``legend(handles, labels)``)."""
        handles = None
        if len(args) == 2:
            handles = list(args[0])
            for h, s in zip(handles, args[1]):
                h.label = str(s)
        elif len(args) == 1:
            labels = list(args[0])
            handles = []
            for art in self._artists:
                if art.kind in ("line", "scatter", "bars", "poly", "segs", "wedge") and labels:
                    art.label = str(labels.pop(0))
                    handles.append(art)
        if isinstance(loc, int):
            locs = ("best", "upper right", "upper left", "lower left", "lower right", "right",
                    "center left", "center right", "lower center", "upper center", "center")
            loc = locs[loc] if 0 <= loc < len(locs) else "best"
        self._legend = {"loc": loc, "size": _fontsize(fontsize, 10.0), "title": title, "frame": frameon,
                        "handles": handles}
        return Legend()

    def get_legend(self):
        return self._legend

    def grid(self, visible=None, which="major", axis="both", **kwargs):
        if visible is None:
            visible = True if not kwargs else True
            if self._grid is not None and not kwargs:
                visible = not self._grid["on"]
        self._grid = {"on": bool(visible), "axis": axis, "color": _style.color(kwargs.get("color"), "#b0b0b0"),
                      "ls": kwargs.get("linestyle", kwargs.get("ls", "-")),
                      "lw": float(kwargs.get("linewidth", kwargs.get("lw", 0.8))),
                      "alpha": kwargs.get("alpha")}

    def axis(self, arg=None, **kwargs):
        if arg in ("off", False):
            self._axis_on = False
        elif arg in ("on", True):
            self._axis_on = True
        elif arg in ("equal", "scaled", "image", "square"):
            self._aspect = "equal"
        elif arg == "auto":
            self._aspect = None
        elif arg is not None and not isinstance(arg, str):
            v = floats(arg, "axis limits")
            self._xlim = (v[0], v[1])
            self._ylim = (v[2], v[3])
        return self.get_xlim() + self.get_ylim()

    def set_aspect(self, aspect, **kwargs):
        self._aspect = "equal" if aspect in ("equal", 1, 1.0) else None

    def set_axis_off(self):
        self._axis_on = False

    def set_axis_on(self):
        self._axis_on = True

    def margins(self, *args, **kwargs):
        return None

    def set_facecolor(self, color):
        self._face = _style.color(color)

    def cla(self):
        self.__init__(self.figure, self._pos)

    clear = cla

    def set(self, **kwargs):
        """Call ``set_<name>(value)`` for each keyword (title=, xlabel=, xlim=, ...)."""
        for key in kwargs:
            method = getattr(self, "set_" + key, None)
            if method is None:
                raise AttributeError("Axes.set() got an unexpected keyword argument %r" % key)
            method(kwargs[key])

    # --- data limits ---------------------------------------------------------------------
    def _data_bounds(self):
        """(xmin, xmax, ymin, ymax, sticky x values, sticky y values) over all artists."""
        xs = [_INF, -_INF]
        ys = [_INF, -_INF]
        sx = []
        sy = []
        logx = self._xscale == "log"
        logy = self._yscale == "log"

        def add(bounds, v, log):
            if _finite(v) and (not log or v > 0):
                if v < bounds[0]:
                    bounds[0] = v
                if v > bounds[1]:
                    bounds[1] = v

        for art in self._artists:
            k = art.kind
            if k in ("line", "scatter", "poly"):
                for v in art.x:
                    add(xs, v, logx)
                for v in art.y:
                    add(ys, v, logy)
            elif k == "bars":
                for r in art.rects:
                    add(xs, r.box[0], logx)
                    add(xs, r.box[2], logx)
                    add(ys, r.box[1], logy)
                    add(ys, r.box[3], logy)
                    if art.horizontal:
                        sx.append(r.box[0])
                    else:
                        sy.append(r.box[1])
            elif k == "segs":
                for s in art.segs:
                    add(xs, s[0], logx)
                    add(xs, s[2], logx)
                    add(ys, s[1], logy)
                    add(ys, s[3], logy)
            elif k == "hline":
                add(ys, art.v, logy)
            elif k == "vline":
                add(xs, art.v, logx)
        return xs[0], xs[1], ys[0], ys[1], sx, sy

    def _auto(self):
        """The view limits (x0, x1, y0, y1): set limits, else data bounds plus 5 % margins."""
        x0, x1, y0, y1, sx, sy = self._data_bounds()
        xl = self._xlim if self._xlim is not None else _pad(x0, x1, sx, self._xscale == "log", self._xcats)
        yl = self._ylim if self._ylim is not None else _pad(y0, y1, sy, self._yscale == "log", self._ycats)
        if self._xinverted:
            xl = (xl[1], xl[0])
        if self._yinverted:
            yl = (yl[1], yl[0])
        return (xl[0], xl[1], yl[0], yl[1])


_range = range


def _sorted(vals):
    """``sorted(vals)`` without MicroPython's quadratic case: its list sort is a quicksort that
    degrades on input that is already in (or in reverse) order, common for plotted data."""
    vals = list(vals)
    n = len(vals)
    if all(vals[i] <= vals[i + 1] for i in _range(n - 1)):
        return vals
    if all(vals[i] >= vals[i + 1] for i in _range(n - 1)):
        vals.reverse()
        return vals
    # shuffle first so no input order hits the quadratic case
    import random

    for i in _range(n - 1, 0, -1):
        j = random.getrandbits(30) % (i + 1)
        vals[i], vals[j] = vals[j], vals[i]
    vals.sort()
    return vals


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


def _pad(lo, hi, sticky, log, cats):
    if lo > hi:
        return (1.0, 10.0) if log else (0.0, 1.0)
    if log:
        a, b = math.log10(lo), math.log10(hi)
        if a == b:
            a, b = a - 1, b + 1
        m = (b - a) * 0.05
        return (10 ** (a - m), 10 ** (b + m))
    if lo == hi:
        d = abs(lo) * 0.05 if lo else 0.055
        return (lo - d, hi + d)
    m = (hi - lo) * 0.05
    a, b = lo - m, hi + m
    for s in sticky:
        if s == lo and a < s:
            a = s
        if s == hi and b > s:
            b = s
    return (a, b)


def _fontsize(size, default):
    if size is None:
        return default
    if isinstance(size, str):
        scale = {"xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0, "large": 1.2,
                 "x-large": 1.44, "xx-large": 1.728, "larger": 1.2, "smaller": 0.833}
        return 10.0 * scale.get(size, 1.0)
    return float(size)


def _rotation(r):
    if r == "vertical":
        return 90.0
    if r in (None, "horizontal"):
        return 0.0
    return float(r)


class Figure:
    """A figure: a size in inches and a list of Axes. ``_repr_svg_`` renders it."""

    def __init__(self, figsize=None, dpi=None, num=None):
        if figsize is None:
            figsize = (6.4, 4.8)
        w, h = float(figsize[0]), float(figsize[1])
        if not (0 < w <= 50 and 0 < h <= 50):
            raise ValueError("figure size must be positive and at most 50 inches, got %r" % (figsize,))
        self._size = (w, h)
        self.dpi = float(dpi or 100)
        self.number = num
        self.axes = []
        self._suptitle = None
        self._tight = False
        self._colorbars = []

    def __repr__(self):
        return "<Figure size %dx%d with %d Axes>" % (int(self._size[0] * self.dpi), int(self._size[1] * self.dpi),
                                                    len(self.axes))

    def get_size_inches(self):
        return self._size

    def set_size_inches(self, w, h=None):
        if h is None:
            w, h = w
        self._size = (float(w), float(h))

    def add_subplot(self, *args, **kwargs):
        if not args:
            args = (1, 1, 1)
        if len(args) == 1:
            n = int(args[0])
            args = (n // 100, (n // 10) % 10, n % 10)
        pos = (int(args[0]), int(args[1]), args[2])
        for ax in self.axes:
            if ax._pos == pos:
                return ax
        ax = Axes(self, pos)
        self.axes.append(ax)
        return ax

    def add_axes(self, rect, **kwargs):
        """Axes at ``rect = [left, bottom, width, height]`` in figure fractions (0..1)."""
        try:
            left, bottom, width, height = (float(v) for v in rect)
        except (TypeError, ValueError):
            raise TypeError("add_axes takes a rectangle [left, bottom, width, height]") from None
        if width <= 0 or height <= 0:
            raise ValueError("add_axes: width and height must be positive, got %r" % (list(rect),))
        ax = Axes(self, ("rect", (left, bottom, width, height)))
        self.axes.append(ax)
        if kwargs:
            ax.set(**kwargs)
        return ax

    def gca(self):
        if not self.axes:
            return self.add_subplot(1, 1, 1)
        return self.axes[-1]

    def suptitle(self, t, fontsize=None, **kwargs):
        self._suptitle = (_style.mathtext(t), _fontsize(fontsize, 12.0))

    def tight_layout(self, *args, **kwargs):
        self._tight = True

    def subplots_adjust(self, **kwargs):
        return None

    def colorbar(self, mappable, ax=None, label=None, **kwargs):
        ax = ax or getattr(mappable, "axes", None) or self.gca()
        if isinstance(ax, (list, tuple)):
            ax = ax[0]
        ax._colorbar = {"src": mappable, "label": label or ""}
        return Colorbar(ax)

    def savefig(self, fname, format=None, **kwargs):
        from matplotlib import _svg

        fmt = format or (fname.rsplit(".", 1)[-1].lower() if "." in fname else "svg")
        if fmt != "svg":
            raise ValueError("Format %r is not supported in the sandbox: savefig writes SVG only "
                             "(use a .svg file name)" % fmt)
        with open(fname, "w") as f:
            f.write(_svg.render(self))

    def _repr_svg_(self):
        from matplotlib import _svg

        return _svg.render(self)

    def show(self):
        from matplotlib import pyplot

        pyplot._display(self)


class Colorbar:
    def __init__(self, ax):
        self.ax = ax

    def set_label(self, label, **kwargs):
        self.ax._colorbar["label"] = str(label)

    def __repr__(self):
        return "<matplotlib.colorbar.Colorbar object>"
