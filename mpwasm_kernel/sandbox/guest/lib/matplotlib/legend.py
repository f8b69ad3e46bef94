"""``matplotlib.legend.Legend`` for the sandbox (runs inside MicroPython): a legend of given
handles and labels; ``ax.legend(...)`` makes one, ``ax.add_artist(Legend(ax, ...))`` adds more
to the same Axes (matplotlib._svglegend draws them)."""

from matplotlib._artists import _fontsize

_LOCS = ("best", "upper right", "upper left", "lower left", "lower right", "right", "center left",
         "center right", "lower center", "upper center", "center")


class Legend:
    """A legend of ``handles`` (artists) named by ``labels`` on the Axes ``parent``."""

    def __init__(self, parent, handles, labels, loc=None, fontsize=None, title=None, frameon=True, ncol=1,
                 **kwargs):
        handles = None if handles is None else list(handles)
        if handles is not None and labels is not None:
            labels = [str(s) for s in labels]
            for h, s in zip(handles, labels):
                h.label = s
            handles = handles[:len(labels)]
        if loc is None:
            loc = "best"
        if isinstance(loc, int):
            loc = _LOCS[loc] if 0 <= loc < len(_LOCS) else "best"
        elif loc not in _LOCS:
            raise ValueError("%r is not a valid value for loc; supported values are %s"
                             % (loc, ", ".join(repr(v) for v in _LOCS)))
        self.axes = parent
        self._spec = {"loc": loc, "size": _fontsize(kwargs.get("prop_size", fontsize), 10.0), "title": title,
                      "frame": frameon, "handles": handles}

    def __repr__(self):
        return "<matplotlib.legend.Legend at 0x%x>" % id(self)

    def __str__(self):
        return "Legend"

    def get_texts(self):
        from matplotlib._artists import Text

        arts = self._spec["handles"] if self._spec["handles"] is not None else self.axes._artists
        return [Text("legend", s=str(a.label), x=0, y=0) for a in arts
                if getattr(a, "label", None) and not str(a.label).startswith("_")]

    def set_title(self, title, prop=None):
        self._spec["title"] = str(title)

    def get_frame_on(self):
        return self._spec["frame"]

    def set_frame_on(self, b):
        self._spec["frame"] = bool(b)

    def remove(self):
        ax = self.axes
        if ax._legend is self._spec:
            ax._legend = None
        if self in ax._extra_legends:
            ax._extra_legends.remove(self)
