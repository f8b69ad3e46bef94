"""The axis parts of an Axes: ``ax.spines[...]``, ``ax.xaxis`` / ``ax.yaxis`` (runs inside
MicroPython). Data only; matplotlib._svg draws them.
"""

from matplotlib import _style


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

    def set_ticks_position(self, position):
        """'bottom'/'left' (and 'default'): where the sandbox draws ticks; other sides are refused."""
        drawn = ("bottom", "default") if self._name == "x" else ("left", "default")
        if position not in drawn:
            raise NotImplementedError("the sandbox's matplotlib draws %s-axis ticks on the %s side only"
                                      % (self._name, drawn[0]))

    def set_tick_params(self, **kwargs):
        return self.axes.tick_params(axis=self._name, **kwargs)


class _TransAxes:
    def __repr__(self):
        return "<Axes transform>"
