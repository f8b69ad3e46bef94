"""The Axes methods that add shapes: ``add_patch``, ``add_artist``, ``arrow`` (runs inside
MicroPython; the shapes are in matplotlib.patches)."""


class _Patches:
    """Mixed into matplotlib._axes.Axes."""

    def add_patch(self, p):
        """Add a patch (Rectangle, Circle, ...); in data coordinates it widens the data limits."""
        from matplotlib.patches import Patch

        if not isinstance(p, Patch):
            raise TypeError("add_patch takes a matplotlib.patches.Patch, not %s" % type(p).__name__)
        if p.transform is self.transData:
            p.transform = None
        return self._add(p)

    def add_artist(self, a):
        """Add a patch or a Text made outside the Axes (a patch here does not widen the limits)."""
        from matplotlib._artists import Text
        from matplotlib.patches import Patch

        if isinstance(a, Patch):
            if a.transform is self.transData:
                a.transform = None
            a._no_limits = True
            return self._add(a)
        if isinstance(a, Text):
            return self._add(a)
        from matplotlib.legend import Legend

        if isinstance(a, Legend):
            self._extra_legends.append(a)
            return a
        raise TypeError("the sandbox's add_artist takes patches, texts and legends, not %s" % type(a).__name__)

    def arrow(self, x, y, dx, dy, **kwargs):
        """A FancyArrow from (x, y) along (dx, dy), added as a patch."""
        from matplotlib.patches import FancyArrow

        return self.add_patch(FancyArrow(x, y, dx, dy, **kwargs))

    @property
    def patches(self):
        from matplotlib.patches import Patch

        return [a for a in self._artists if isinstance(a, Patch)]

    @property
    def texts(self):
        return [a for a in self._artists if a.kind == "text"]

    @property
    def lines(self):
        return [a for a in self._artists if a.kind == "line"]
