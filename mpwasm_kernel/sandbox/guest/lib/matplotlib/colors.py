"""``matplotlib.colors`` for the sandbox: colour conversions, colour maps made from colours, and
normalizations (runs inside MicroPython).

``to_rgba``/``to_rgb``/``to_hex`` accept what plotting functions accept (names, hex, 'C3',
grey levels, tuples). ``LinearSegmentedColormap.from_list`` and ``ListedColormap`` make colour
maps that ``cmap=`` accepts; ``Normalize``/``LogNorm`` map values to 0..1.
"""

import math

from matplotlib import _style
from matplotlib._colormaps import NAMED
from matplotlib.cm import Colormap


def to_rgba(c, alpha=None):
    """(r, g, b, a) floats in 0..1."""
    if isinstance(c, (tuple, list)) and len(c) == 4 and not isinstance(c[0], str):
        r, g, b, a = (float(v) for v in c)
        return (r, g, b, a if alpha is None else float(alpha))
    h = _style.color(c)
    if h == "none":
        return (0.0, 0.0, 0.0, 0.0)
    return (int(h[1:3], 16) / 255, int(h[3:5], 16) / 255, int(h[5:7], 16) / 255, 1.0 if alpha is None else float(alpha))


def to_rgb(c):
    return to_rgba(c)[:3]


def to_hex(c, keep_alpha=False):
    r, g, b, a = to_rgba(c)
    out = "#%02x%02x%02x" % (int(round(r * 255)), int(round(g * 255)), int(round(b * 255)))
    return out + ("%02x" % int(round(a * 255)) if keep_alpha else "")


def is_color_like(c):
    try:
        to_rgba(c)
        return True
    except (ValueError, TypeError):
        return False


def _stop(c):
    r, g, b, _ = to_rgba(c)
    return (int(round(r * 255)), int(round(g * 255)), int(round(b * 255)))


class ListedColormap(Colormap):
    """A colour map of a list of colours (each an equal share of 0..1)."""

    def __init__(self, colors, name="from_list", N=None):
        rows = colors.tolist() if hasattr(colors, "tolist") else list(colors)
        if not rows:
            raise ValueError("a colour map needs at least one colour")
        stops = [_stop(c) for c in rows]
        # each colour holds its band: two stops per colour at the band's ends
        super().__init__(name, [s for s in stops for _ in (0, 1)])
        self.N = len(stops) if N is None else int(N)
        self.colors = rows


class LinearSegmentedColormap(Colormap):
    """A colour map interpolating between colours (``from_list``)."""

    def __init__(self, name, segmentdata, N=256, gamma=1.0):
        if not isinstance(segmentdata, dict) or not all(k in segmentdata for k in ("red", "green", "blue")):
            raise TypeError("segmentdata must be a dict with 'red', 'green' and 'blue' entries")

        def channel(key, t):
            rows = sorted(tuple(float(v) for v in row) for row in segmentdata[key])
            for i in range(len(rows) - 1):
                if rows[i][0] <= t <= rows[i + 1][0]:
                    span = (rows[i + 1][0] - rows[i][0]) or 1.0
                    return rows[i][2] + (rows[i + 1][1] - rows[i][2]) * (t - rows[i][0]) / span
            return rows[-1][1]

        super().__init__(name, [tuple(int(round(channel(k, i / 32.0) * 255)) for k in ("red", "green", "blue"))
                                for i in range(33)])
        self.N = int(N)

    @staticmethod
    def from_list(name, colors, N=256, gamma=1.0):
        """Evenly spaced colours, or (value, colour) pairs with values from 0 to 1."""
        rows = colors.tolist() if hasattr(colors, "tolist") else list(colors)
        if not rows:
            raise ValueError("a colour map needs at least one colour")
        pairs = None
        if isinstance(rows[0], (tuple, list)) and len(rows[0]) == 2 and not isinstance(rows[0][0], str) and (
                isinstance(rows[0][1], str) or isinstance(rows[0][1], (tuple, list))):
            pairs = [(float(v), _stop(c)) for v, c in rows]
        if pairs is None:
            stops = [_stop(c) for c in rows]
        else:
            stops = []
            for i in range(33):
                t = i / 32.0
                for k in range(len(pairs) - 1):
                    if pairs[k][0] <= t <= pairs[k + 1][0]:
                        f = (t - pairs[k][0]) / ((pairs[k + 1][0] - pairs[k][0]) or 1.0)
                        a, b = pairs[k][1], pairs[k + 1][1]
                        stops.append(tuple(int(round(a[j] + (b[j] - a[j]) * f)) for j in range(3)))
                        break
                else:
                    stops.append(pairs[-1][1] if t > pairs[-1][0] else pairs[0][1])
        cmap = Colormap(name, stops)
        cmap.__class__ = LinearSegmentedColormap
        cmap.N = int(N)
        return cmap


class Normalize:
    """Maps [vmin, vmax] linearly to [0, 1] (limits from the data on first use when not given)."""

    def __init__(self, vmin=None, vmax=None, clip=False):
        self.vmin = None if vmin is None else float(vmin)
        self.vmax = None if vmax is None else float(vmax)
        self.clip = clip

    def autoscale_None(self, values):
        vals = [float(v) for v in (values.tolist() if hasattr(values, "tolist") else values)]
        if self.vmin is None:
            self.vmin = min(vals)
        if self.vmax is None:
            self.vmax = max(vals)

    def _one(self, v):
        t = (float(v) - self.vmin) / ((self.vmax - self.vmin) or 1.0)
        return min(1.0, max(0.0, t)) if self.clip else t

    def __call__(self, value):
        if isinstance(value, (int, float)):
            if self.vmin is None or self.vmax is None:
                self.autoscale_None([value])
            return self._one(value)
        vals = value.tolist() if hasattr(value, "tolist") else list(value)
        self.autoscale_None(vals)
        return [self._one(v) for v in vals]


class LogNorm(Normalize):
    def _one(self, v):
        if v <= 0 or self.vmin <= 0:
            return float("nan")
        t = (math.log10(v) - math.log10(self.vmin)) / ((math.log10(self.vmax) - math.log10(self.vmin)) or 1.0)
        return min(1.0, max(0.0, t)) if self.clip else t


CSS4_COLORS = dict(NAMED)
BASE_COLORS = {"b": (0, 0, 1), "g": (0, 0.5, 0), "r": (1, 0, 0), "c": (0, 0.75, 0.75), "m": (0.75, 0, 0.75),
               "y": (0.75, 0.75, 0), "k": (0, 0, 0), "w": (1, 1, 1)}
TABLEAU_COLORS = {"tab:" + n: _style.CYCLE[i] for i, n in enumerate(
    ("blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"))}
