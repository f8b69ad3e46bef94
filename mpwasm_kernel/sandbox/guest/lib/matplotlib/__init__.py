"""A small matplotlib for the sandbox: ``matplotlib.pyplot`` drawing SVG, in pure Python.

Runs inside MicroPython. Only the pyplot/Axes subset documented in docs/plotting.md exists;
figures render as SVG (``savefig`` writes ``.svg`` into the sandbox's file system).
"""

__version__ = "3.8.0+mpwasm"

rcParams = {"figure.figsize": (6.4, 4.8), "figure.dpi": 100.0, "font.size": 10.0,
            "lines.linewidth": 1.5, "lines.markersize": 6.0, "axes.grid": False}


_BACKENDS = ("gtk3agg", "gtk3cairo", "gtk4agg", "gtk4cairo", "macosx", "nbagg", "notebook", "qtagg", "qtcairo",
             "qt5agg", "qt5cairo", "tkagg", "tkcairo", "webagg", "wx", "wxagg", "wxcairo", "agg", "cairo", "pdf",
             "pgf", "ps", "svg", "template", "inline")


def use(backend, force=True):
    """Checks the name as matplotlib does (ValueError for an unknown backend); the sandbox always
    renders SVG inline, whatever backend is named."""
    name = str(backend)
    if not name.startswith("module://") and name.lower() not in _BACKENDS:
        raise ValueError("%r is not a valid value for backend; supported values are [%s]"
                         % (backend, ", ".join(repr(b) for b in _BACKENDS)))


def get_backend():
    return "module://matplotlib_inline.backend_inline"


def __getattr__(name):
    # A submodule not imported yet: imported now (``matplotlib.cm`` after ``import matplotlib``, as
    # matplotlib's own start-up imports it; ``from matplotlib import _style`` goes through here
    # too, since MicroPython asks the package's __getattr__ before looking for a submodule).
    if name.startswith("__"):
        raise AttributeError(name)
    import sys

    if name == "colormaps":
        return __getattr__("cm")._Registry()
    full = "matplotlib." + name
    if full not in sys.modules:
        # a missing submodule raises ModuleNotFoundError (``from matplotlib import animation`` in
        # CPython raises an ImportError; MicroPython reaches this hook before its own lookup)
        __import__(full)
    return sys.modules[full]
