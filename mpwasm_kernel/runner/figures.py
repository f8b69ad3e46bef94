"""Pyplot figures shown as IPython's inline backend shows them.

The guest's pyplot draws every figure as SVG (a rasterizer in the guest would cost seconds per
figure, docs/plotting.md) and marks the display of a figure the inline backend would show (the
figures open at the end of a cell, ``plt.show()``) with `FIGURE_MARKER` in its metadata. The
runner passes every display through `InlineFigures.show`, which removes the marker and gives the
figure the formats of ``InlineBackend.figure_formats`` as IPython does:

* ``png`` (IPython's default): ``image/png`` rasterized on the host (`raster.py`, cairosvg) at
  matplotlib's default 100 dpi (a 6.4×4.8 in figure is 640×480 pixels), no metadata;
* ``retina`` / ``png2x``: a PNG at twice the dpi, with ``{"image/png": {"width", "height"}}``
  metadata at half its pixel size (IPython's ``retina_figure``);
* ``svg``: the guest's SVG as drawn.

``jpeg`` and ``pdf``, which IPython also accepts, are shown as SVG. A figure `raster.py` does not
rasterize (cairosvg or the cairo library missing, or a document outside its bounds) keeps its
SVG, and so do the figures of a request after it spent `REQUEST_SECONDS` of host time
rasterizing (that time counts against the cell's wall clock). IPython crops a figure to its
drawn area (``bbox_inches='tight'``); the PNG here is the whole figure.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterable, Mapping
from typing import Any

from . import raster

__all__ = ["FIGURE_MARKER", "FORMATS", "REQUEST_SECONDS", "InlineFigures"]

#: The metadata key the guest's pyplot puts on an inline-backend figure display.
FIGURE_MARKER = "mpwasm_kernel/figure"
#: ``InlineBackend.figure_formats`` values IPython accepts (``jpg``/``jpeg``/``pdf`` give SVG here).
FORMATS = frozenset({"png", "png2x", "retina", "jpg", "jpeg", "svg", "pdf"})
#: Host seconds one request may spend rasterizing; the figures after that keep their SVG.
REQUEST_SECONDS = 3.0
_DPI = 100  # matplotlib's default figure.dpi: the guest's SVG is sized in points (1/72 in)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class InlineFigures:
    """The session's ``InlineBackend.figure_formats`` and the figure displays they shape."""

    def __init__(self) -> None:
        self.formats: frozenset[str] = frozenset({"png"})
        self._spent = 0.0

    def begin_request(self) -> None:
        """A new request: its figures get the whole `REQUEST_SECONDS` of rasterizing."""
        self._spent = 0.0

    def configure(self, formats: Iterable[str]) -> None:
        """Set the formats (``%config InlineBackend.figure_format(s) = ...``); ValueError names
        the supported ones when one is unknown, as IPython's ``select_figure_formats`` does."""
        chosen = frozenset(str(f).lower() for f in formats)
        bad = sorted(chosen - FORMATS)
        if bad or not chosen:
            raise ValueError(f"supported formats are: {', '.join(repr(f) for f in sorted(FORMATS))} "
                             f"not {bad[0] if bad else 'none'!r}")
        self.formats = chosen

    def show(self, data: Mapping[str, Any], metadata: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The bundle of one display: a marked figure in the session's formats, else unchanged
        (the marker is removed either way)."""
        data, metadata = dict(data), dict(metadata)
        if metadata.pop(FIGURE_MARKER, None) is None:
            return data, metadata
        svg = data.get("image/svg+xml")
        if not isinstance(svg, str):
            return data, metadata
        shown: dict[str, Any] = {"text/plain": data["text/plain"]} if "text/plain" in data else {}
        retina = bool(self.formats & {"retina", "png2x"})
        if retina or "png" in self.formats:
            if self._spent >= REQUEST_SECONDS:
                return data, metadata
            start = time.perf_counter()
            png = raster.svg_to_png(svg, _DPI * 2 if retina else _DPI)
            self._spent += time.perf_counter() - start
            if png is None:
                return data, metadata
            shown["image/png"] = base64.b64encode(png).decode("ascii")
            if retina:
                width, height = _png_size(png)
                metadata["image/png"] = {"width": width // 2, "height": height // 2}
        if "svg" in self.formats or not self.formats & {"png", "retina", "png2x"}:
            shown["image/svg+xml"] = svg
        return shown, metadata
