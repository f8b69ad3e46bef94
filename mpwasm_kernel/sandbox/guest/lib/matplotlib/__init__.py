"""A small matplotlib for the sandbox: ``matplotlib.pyplot`` drawing SVG, in pure Python.

Runs inside MicroPython. Only the pyplot/Axes subset documented in docs/plotting.md exists;
figures render as SVG (``savefig`` writes ``.svg`` into the sandbox's file system).
"""

__version__ = "3.8.0+mpwasm"

rcParams = {"figure.figsize": (6.4, 4.8), "figure.dpi": 100.0, "font.size": 10.0,
            "lines.linewidth": 1.5, "lines.markersize": 6.0, "axes.grid": False}


def use(backend, force=True):
    """Accepted for compatibility; the sandbox always renders SVG inline."""
    return None


def get_backend():
    return "module://matplotlib_inline.backend_inline"
