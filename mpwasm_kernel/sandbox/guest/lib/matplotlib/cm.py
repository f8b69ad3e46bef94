"""``matplotlib.cm`` for the sandbox: colour maps by name (``cm.RdBu``, ``cm.get_cmap('jet')``),
as objects plotting functions accept for ``cmap=`` (runs inside MicroPython)."""

from matplotlib import _style


class Colormap:
    """A named colour map: ``cmap(t)`` is the RGBA tuple at ``t`` in 0..1 (a sequence gives a list)."""

    N = 256

    def __init__(self, name, stops=None):
        self.name = name
        self._stops = stops
        if stops is not None:
            _style.register_cmap(name, stops)

    def __repr__(self):
        kind = type(self).__name__
        return "<matplotlib.colors.%s object at 0x%x>" % ("LinearSegmentedColormap" if kind == "Colormap" else kind,
                                                         id(self))

    def __call__(self, t, alpha=None):
        if isinstance(t, (int, float)):
            return self._rgba(t, alpha)
        vals = t.tolist() if hasattr(t, "tolist") else list(t)
        return [self._rgba(v, alpha) for v in vals]

    def _rgba(self, t, alpha):
        if isinstance(t, int) and not isinstance(t, bool):
            t = t / (self.N - 1)
        c = _style.cmap_color(self.name, float(t))
        if c == "none":
            return (0.0, 0.0, 0.0, 0.0)
        return (int(c[1:3], 16) / 255, int(c[3:5], 16) / 255, int(c[5:7], 16) / 255,
                1.0 if alpha is None else float(alpha))

    def reversed(self, name=None):
        return Colormap(self.name[:-2] if self.name.endswith("_r") else self.name + "_r")


def _get_cmap(name=None, lut=None):
    """The colour map named ``name`` (default viridis); ValueError for an unknown name.
    (``pyplot.get_cmap``; matplotlib 3.9 removed ``matplotlib.cm.get_cmap``.)"""
    if isinstance(name, Colormap):
        return name
    return Colormap(_style.cmap_name(name))


class _Registry:
    """``matplotlib.colormaps``: ``colormaps['viridis']``, ``list(colormaps)``."""

    def __getitem__(self, name):
        try:
            return Colormap(_style.cmap_name(name))
        except ValueError:
            raise KeyError("%r is not a known colormap name" % (name,)) from None

    def __iter__(self):
        _style._more_cmaps()
        return iter(sorted(_style._CMAPS))

    def __contains__(self, name):
        _style._more_cmaps()
        return name in _style._CMAPS

    def get_cmap(self, name):
        return _get_cmap(name)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    try:
        return Colormap(_style.cmap_name(name))
    except ValueError:
        raise AttributeError("module 'matplotlib.cm' has no attribute %r" % name) from None
