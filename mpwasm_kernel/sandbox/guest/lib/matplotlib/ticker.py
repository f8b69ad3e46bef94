"""``matplotlib.ticker`` for the sandbox: tick locators and formatters (runs inside MicroPython).

A locator's ``tick_values(vmin, vmax)`` gives tick positions, a formatter's ``format_ticks``
their labels; ``ax.xaxis.set_major_locator`` / ``set_major_formatter`` make the drawn axis use
them. ``ScalarFormatter`` is the default formatter (with ``set_powerlimits``/``useMathText``).
"""

import math

from matplotlib import _ticks


class _Named:
    def __repr__(self):
        return "<matplotlib.ticker.%s object at 0x%x>" % (type(self).__name__, id(self))


class Locator(_Named):
    def tick_values(self, vmin, vmax):
        raise NotImplementedError("a Locator subclass gives tick_values")

    def __call__(self):
        return []


class NullLocator(Locator):
    def tick_values(self, vmin, vmax):
        return []


class FixedLocator(Locator):
    def __init__(self, locs, nbins=None):
        self.locs = [float(v) for v in locs]

    def tick_values(self, vmin, vmax):
        return list(self.locs)


class MultipleLocator(Locator):
    """Ticks at every integer multiple of ``base`` in the view interval."""

    def __init__(self, base=1.0, offset=0.0):
        if not base > 0:
            raise ValueError("MultipleLocator: base must be positive")
        self.base = float(base)
        self.offset = float(offset)

    def tick_values(self, vmin, vmax):
        if vmax < vmin:
            vmin, vmax = vmax, vmin
        first = math.ceil((vmin - self.offset) / self.base - 1e-9)
        last = math.floor((vmax - self.offset) / self.base + 1e-9)
        if last - first > 10000:
            raise RuntimeError("Locator attempting to generate %d ticks ([%s, ..., %s]), which exceeds "
                               "Locator.MAXTICKS (1000)." % (last - first + 1, vmin, vmax))
        return [k * self.base + self.offset for k in range(int(first), int(last) + 1)]


class MaxNLocator(Locator):
    """At most ``nbins`` intervals with 1/2/2.5/5/10 steps (``integer=True``: whole numbers)."""

    def __init__(self, nbins=10, integer=False, steps=None, **kwargs):
        self.nbins = 9 if nbins == "auto" else int(nbins)
        self.integer = integer
        self.steps = None if steps is None else tuple(float(s) for s in steps)

    def tick_values(self, vmin, vmax):
        from matplotlib._fields import STEPS, nice_levels

        ticks = nice_levels(min(vmin, vmax), max(vmin, vmax), self.nbins, self.steps or STEPS)
        if self.integer:
            ticks = [t for t in ticks if t == int(t)] or [float(math.ceil(vmin))]
        return ticks


class AutoLocator(MaxNLocator):
    def __init__(self):
        super().__init__(nbins=9, steps=(1, 2, 2.5, 5, 10))


class LinearLocator(Locator):
    def __init__(self, numticks=None, presets=None):
        self.numticks = 11 if numticks is None else int(numticks)

    def tick_values(self, vmin, vmax):
        if self.numticks < 2:
            return [vmin] if self.numticks else []
        step = (vmax - vmin) / (self.numticks - 1)
        return [vmin + i * step for i in range(self.numticks)]


class IndexLocator(Locator):
    def __init__(self, base, offset):
        self.base, self.offset = float(base), float(offset)

    def tick_values(self, vmin, vmax):
        return MultipleLocator(self.base, vmin + self.offset).tick_values(vmin, vmax)


class LogLocator(Locator):
    def __init__(self, base=10.0, subs=(1.0,), numticks=None, **kwargs):
        self.base = float(base)

    def tick_values(self, vmin, vmax):
        if vmin <= 0:
            vmin = 1e-300 if vmax <= 0 else vmax / 1e6
        lo, hi = math.floor(math.log(vmin, self.base) + 1e-9), math.ceil(math.log(vmax, self.base) - 1e-9)
        return [self.base ** k for k in range(int(lo), int(hi) + 1)]


class AutoMinorLocator(Locator):
    def __init__(self, n=None):
        self.ndivs = n

    def tick_values(self, vmin, vmax):
        return []


class Formatter(_Named):
    locs = []

    def __call__(self, x, pos=None):
        raise NotImplementedError("a Formatter subclass formats values")

    def format_ticks(self, values):
        self.locs = list(values)
        return [self(v, i) for i, v in enumerate(values)]

    def get_offset(self):
        return ""


class NullFormatter(Formatter):
    def __call__(self, x, pos=None):
        return ""


class FixedFormatter(Formatter):
    def __init__(self, seq):
        self.seq = [str(s) for s in seq]

    def __call__(self, x, pos=None):
        return self.seq[pos] if pos is not None and 0 <= pos < len(self.seq) else ""


class FuncFormatter(Formatter):
    """Labels from ``func(value, position)``."""

    def __init__(self, func):
        self.func = func

    def __call__(self, x, pos=None):
        return str(self.func(x, pos))


class FormatStrFormatter(Formatter):
    """Labels from an old-style format: ``FormatStrFormatter('%.1f')``."""

    def __init__(self, fmt):
        self.fmt = fmt

    def __call__(self, x, pos=None):
        return self.fmt % x


class StrMethodFormatter(Formatter):
    """Labels from ``fmt.format(x=value, pos=position)``: ``'{x:.0f} km'``."""

    def __init__(self, fmt):
        self.fmt = fmt

    def __call__(self, x, pos=None):
        return self.fmt.format(x=x, pos=pos)


class PercentFormatter(Formatter):
    def __init__(self, xmax=100, decimals=None, symbol="%"):
        self.xmax, self.decimals, self.symbol = float(xmax), decimals, symbol

    def __call__(self, x, pos=None):
        d = 0 if self.decimals is None else int(self.decimals)
        return ("%." + str(d) + "f") % (x / self.xmax * 100) + self.symbol


class ScalarFormatter(Formatter):
    """matplotlib's default labels: the fewest decimals that tell the ticks apart, and a
    ``1e{k}`` (``useMathText``: ``×10^k``) offset text beyond the power limits."""

    def __init__(self, useOffset=None, useMathText=None, useLocale=None):
        self._math = bool(useMathText)
        self._sci = True
        self._limits = (-5, 6)
        self._offset = ""

    def set_scientific(self, b):
        self._sci = bool(b)

    def set_powerlimits(self, lims):
        lo, hi = lims
        self._limits = (int(lo), int(hi))

    def set_useMathText(self, val):
        self._math = bool(val)

    def set_useOffset(self, val):
        return None

    def format_ticks(self, values):
        self.locs = list(values)
        labels, self._offset = _ticks.tick_labels(self.locs, self._limits if self._sci else None, self._math)
        return labels

    def __call__(self, x, pos=None):
        return _ticks.tick_labels([x], None)[0][0]

    def get_offset(self):
        return self._offset


class LogFormatter(Formatter):
    def __init__(self, base=10.0, labelOnlyBase=False, **kwargs):
        self.base = float(base)

    def __call__(self, x, pos=None):
        if x <= 0:
            return ""
        k = math.log(x, self.base)
        return "%d" % round(x) if abs(k - round(k)) > 1e-9 else "%s^%d" % (_ticks.num(self.base), round(k))


class LogFormatterSciNotation(LogFormatter):
    def __call__(self, x, pos=None):
        if x <= 0:
            return ""
        return _ticks.log_label(x)


LogFormatterMathtext = LogFormatterSciNotation
