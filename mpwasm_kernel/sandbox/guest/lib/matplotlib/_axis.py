"""The axis parts of an Axes: ``ax.spines[...]``, ``ax.xaxis`` / ``ax.yaxis``, their ticks and
tick labels (runs inside MicroPython). Data only; matplotlib._svg draws them.

Tick labels are ``Text`` artists at matplotlib's positions before drawing: ``Text(x, 0, label)``
on the x axis, ``Text(0, y, label)`` on the y axis; their colour and size set with
``set_color``/``set_fontsize`` are drawn.
"""

from matplotlib import _style
from matplotlib._artists import Text, _fontsize


class _Spine:
    """One side of the axes frame: ``set_visible``, ``set_color`` (``'none'`` hides it),
    ``set_linewidth``, ``set_position(('data', v))`` / ``('axes', f)`` / ``'zero'`` / ``'center'``."""

    def __init__(self, side):
        self._side = side
        self.visible = True
        self.color = "#000000"
        self.lw = 0.8
        self.position = None  # None: the frame edge; else ("data", v) or ("axes", f)

    def __repr__(self):
        return "<matplotlib.spines.Spine object at 0x%x>" % id(self)

    def __str__(self):
        return "Spine"

    def set_visible(self, flag):
        self.visible = bool(flag)

    def get_visible(self):
        return self.visible

    def set_color(self, c):
        self.color = "none" if isinstance(c, str) and c.lower() == "none" else _style.color(c)

    set_edgecolor = set_color

    def set_linewidth(self, w):
        self.lw = float(w)

    def set_position(self, position):
        if position == "zero":
            position = ("data", 0.0)
        elif position == "center":
            position = ("axes", 0.5)
        try:
            kind, amount = position
            amount = float(amount)
        except (TypeError, ValueError):
            raise ValueError("spine position must be 'zero', 'center' or a (type, amount) pair, "
                             "not %r" % (position,)) from None
        if kind not in ("data", "axes", "outward"):
            raise ValueError("position[0] should be one of 'outward', 'axes', or 'data' ")
        self.position = None if kind == "outward" else (kind, amount)

    def set_bounds(self, low=None, high=None):
        return None


class _Tick:
    """One major tick of an axis as ``set_xticks`` returns them (``<matplotlib.axis.XTick ...>``)."""

    def __init__(self, axis, label):
        self._axis = axis
        self.label1 = label
        self.label = label

    def __repr__(self):
        return "<matplotlib.axis.%sTick object at 0x%x>" % (self._axis.upper(), id(self))


def tick_texts(ax, axis, ticks, labels=None, **kwargs):
    """The tick-label Texts of ``axis`` at ``ticks`` (kept by the Axes: their colour and size are
    drawn); ``labels`` None: the formatter's labels."""
    if labels is None:
        from matplotlib import _ticks

        labels = _ticks.axis_labels(ax, axis, ticks)
    size = _fontsize(kwargs.get("fontsize", kwargs.get("size")), None)
    color = kwargs.get("color")
    old = ax._ticktexts.get(axis) or []
    texts = []
    for i, v in enumerate(ticks):
        text = Text("ticklabel", s=str(labels[i]), x=float(v) if axis == "x" else 0.0,
                    y=0.0 if axis == "x" else float(v), rx=v if axis == "x" else 0, ry=0 if axis == "x" else v)
        prev = old[i] if i < len(old) else None
        if color is not None:
            text.set_color(color)
        else:
            text.color = getattr(prev, "color", None)
            if hasattr(prev, "_color_spec"):
                text._color_spec = prev._color_spec
        text.size = size if size is not None else getattr(prev, "size", None)
        texts.append(text)
    ax._ticktexts[axis] = texts
    return texts


class _Axis:
    """``ax.xaxis`` / ``ax.yaxis``: ticks, tick labels, locators and formatters, the label."""

    def __init__(self, ax, name):
        self.axes = ax
        self._name = name
        self.major = _Ticker()
        self.minor = _Ticker()

    def __repr__(self):
        return "<matplotlib.axis.%sAxis object at 0x%x>" % (self._name.upper(), id(self))

    def __str__(self):
        return "%sAxis(%s,%s)" % (self._name.upper(), 0, 0)

    def _call(self, what, *args, **kwargs):
        return getattr(self.axes, what % self._name)(*args, **kwargs)

    def set_ticks(self, ticks, labels=None, **kwargs):
        return self._call("set_%sticks", ticks, labels, **kwargs)

    def get_ticklocs(self, minor=False):
        return self._call("get_%sticks")

    def set_ticklabels(self, labels, **kwargs):
        return self._call("set_%sticklabels", labels, **kwargs)

    def get_ticklabels(self, minor=False, which=None):
        return self._call("get_%sticklabels")

    get_majorticklabels = get_ticklabels

    def set_label_text(self, label, **kwargs):
        return self._call("set_%slabel", label, **kwargs)

    def get_label_text(self):
        return self._call("get_%slabel")

    def get_label(self):
        return self.axes._label_text(self._name)

    label = property(get_label)

    def set_label_position(self, position):
        return None

    def grid(self, visible=None, **kwargs):
        return self.axes.grid(visible, axis=self._name, **kwargs)

    def set_ticks_position(self, position):
        """Where ticks are drawn: 'bottom'/'top' (x), 'left'/'right' (y), 'both', 'none', 'default'."""
        sides = ("bottom", "top") if self._name == "x" else ("left", "right")
        if position not in sides + ("both", "none", "default"):
            raise ValueError("%r is not a valid value for position; supported values are %s"
                             % (position, ", ".join(repr(s) for s in sides + ("both", "default", "none"))))
        self.axes._tickpos[self._name] = sides[0] if position == "default" else position

    def tick_bottom(self):
        self.set_ticks_position("bottom")

    def tick_top(self):
        self.set_ticks_position("top")

    def tick_left(self):
        self.set_ticks_position("left")

    def tick_right(self):
        self.set_ticks_position("right")

    def get_ticks_position(self):
        return self.axes._tickpos[self._name]

    def set_tick_params(self, **kwargs):
        return self.axes.tick_params(axis=self._name, **kwargs)

    def set_major_locator(self, locator):
        self.major.locator = _checked(locator, "tick_values", "locator")

    def set_minor_locator(self, locator):
        self.minor.locator = _checked(locator, "tick_values", "locator")

    def set_major_formatter(self, formatter):
        self.major.formatter = _formatter(formatter)

    def set_minor_formatter(self, formatter):
        self.minor.formatter = _formatter(formatter)

    def _log(self):
        return (self.axes._xscale if self._name == "x" else self.axes._yscale) == "log"

    def _default(self, ticks, what):
        """The object set on ``ticks`` ('major'/'minor') for ``what`` ('locator'/'formatter'), else
        the scale's automatic one (kept, so the same object is returned each time; drawing still
        uses the sandbox's own automatic ticks until one is set)."""
        from matplotlib import ticker

        t = self.major if ticks == "major" else self.minor
        obj = getattr(t, what)
        if obj is not None:
            return obj
        log = self._log()
        key = (what, log)
        if key not in t.defaults:
            if what == "locator":
                made = (ticker.LogLocator() if log else ticker.AutoLocator()) if ticks == "major" else (
                    ticker.LogLocator(subs="auto") if log else ticker.NullLocator())
            elif ticks == "major":
                made = ticker.LogFormatterSciNotation() if log else ticker.ScalarFormatter()
            else:
                made = ticker.LogFormatterSciNotation(labelOnlyBase=True) if log else ticker.NullFormatter()
            t.defaults[key] = made
        return t.defaults[key]

    def get_major_locator(self):
        return self._default("major", "locator")

    def get_minor_locator(self):
        return self._default("minor", "locator")

    def get_major_formatter(self):
        return self._default("major", "formatter")

    def get_minor_formatter(self):
        return self._default("minor", "formatter")

    def set_visible(self, flag):
        self.axes._axis_visible[self._name] = bool(flag)

    def set_inverted(self, inverted):
        if bool(inverted) != (self.axes._xinverted if self._name == "x" else self.axes._yinverted):
            self._call("invert_%saxis")


class _Ticker:
    """The locator and formatter of one tick set (None: the Axes' automatic ones)."""

    def __init__(self):
        self.locator = None
        self.formatter = None
        self.defaults = {}  # the automatic objects handed out by get_*_locator/formatter


def _checked(obj, method, what):
    if obj is not None and not hasattr(obj, method):
        raise TypeError("%s must be a subclass of matplotlib.ticker.%s" % (
            what, "Locator" if what == "locator" else "Formatter"))
    return obj


def _formatter(obj):
    """A formatter; a format string or a function becomes one, as matplotlib accepts them."""
    from matplotlib import ticker

    if isinstance(obj, str):
        return ticker.StrMethodFormatter(obj)
    if callable(obj) and not hasattr(obj, "format_ticks"):
        return ticker.FuncFormatter(obj)
    return _checked(obj, "format_ticks", "formatter")
