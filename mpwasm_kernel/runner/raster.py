"""SVG documents from the guest rasterized to PNG on the host, with the host's work bounded.

The guest's pyplot draws figures as SVG; front ends that show PNG (the MCP server's image
content) rasterize them with cairosvg. Guest code controls that SVG entirely (any display can
carry one), so before cairosvg sees a document it must pass `admissible`, which bounds what the
rasterizer can be made to do:

* at most `MAX_SVG_CHARS` characters, parsed with defusedxml (no entities, no DTD tricks);
* only the elements pyplot draws with (`ELEMENTS`), at most `MAX_ELEMENTS` of them, one `<svg>`
  (the root), so no patterns, masks, filters, markers or `<use>` that make cairo allocate or
  repeat surfaces, and no stylesheets;
* a root `width`/`height` in absolute units whose image at the requested dpi has at most
  `MAX_PIXELS` pixels (a 30,000-pixel square took over a minute and gigabytes before);
* `<image>` only with a `data:image/png;base64,` URL whose PNG header declares at most
  `MAX_PIXELS` pixels (no decompression bombs); cairosvg's `unsafe=False` fetches nothing else.

A document that fails any check, or that cairosvg rejects, is not rasterized (None): the caller
shows the SVG. Without cairosvg or the cairo library nothing is rasterized.
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import re
from typing import Any

__all__ = ["ELEMENTS", "MAX_ELEMENTS", "MAX_PIXELS", "MAX_SVG_CHARS", "admissible", "available", "svg_to_png"]

MAX_SVG_CHARS = 60_000  # cairosvg parses path data in Python: a 4,000-point line takes ~0.75 s
MAX_ELEMENTS = 3_000
MAX_PIXELS = 4_000_000  # a 6.4 x 4.8 in figure at 200 dpi (retina) is 1.2 M
ELEMENTS = frozenset({"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
                      "tspan", "clipPath", "image", "defs", "title", "desc"})
_UNITS = {"pt": 1 / 72, "pc": 1 / 6, "in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4}  # inches per unit
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(pt|pc|in|cm|mm|px)?\s*")
_PNG_DATA = "data:image/png;base64,"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_cairosvg: Any = None  # the module once imported; False when it cannot be


def available() -> bool:
    """Whether cairosvg is installed (the cairo library itself is found on first use)."""
    return _cairosvg is not False and importlib.util.find_spec("cairosvg") is not None


def _pixels(value: str | None, dpi: float) -> float | None:
    """A root width/height in pixels at `dpi` (cairosvg's units: px is one pixel), or None."""
    match = _LENGTH.fullmatch(value or "")
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    return number if unit == "px" else number * _UNITS[unit] * dpi


def _png_pixels(href: str) -> int | None:
    """Width x height declared by the PNG of a base64 data URL, or None if it is not one."""
    if not href.startswith(_PNG_DATA):
        return None
    try:
        head = base64.b64decode(href[len(_PNG_DATA):len(_PNG_DATA) + 44], validate=False)
    except (binascii.Error, ValueError):
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big") * int.from_bytes(head[20:24], "big")


def admissible(svg: str, dpi: float) -> bool:
    """Whether `svg` passes every bound of the module at `dpi`."""
    if len(svg) > MAX_SVG_CHARS:
        return False
    try:
        from defusedxml import ElementTree
        root = ElementTree.fromstring(svg)
    except Exception:  # noqa: BLE001 - malformed, or forbidden XML constructs
        return False
    width, height = _pixels(root.get("width"), dpi), _pixels(root.get("height"), dpi)
    if width is None or height is None or width * height > MAX_PIXELS or not root.tag.endswith("svg"):
        return False
    count = 0
    for element in root.iter():
        count += 1
        tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if count > MAX_ELEMENTS or tag not in ELEMENTS or (tag == "svg" and element is not root):
            return False
        if tag == "image":
            href = element.get(_XLINK_HREF) or element.get("href") or ""
            pixels = _png_pixels(href)
            if pixels is None or pixels > MAX_PIXELS:
                return False
    return True


def svg_to_png(svg: str, dpi: float = 96) -> bytes | None:
    """PNG bytes of `svg` at `dpi`, or None when it is not admissible or cannot be rasterized."""
    global _cairosvg
    if _cairosvg is False or not admissible(svg, dpi):
        return None
    if _cairosvg is None:
        try:
            import cairosvg

            _cairosvg = cairosvg
        except Exception:  # noqa: BLE001 - ImportError, or OSError from cairocffi without libcairo
            _cairosvg = False
            return None
    try:
        return _cairosvg.svg2png(bytestring=svg.encode("utf-8"), dpi=dpi, unsafe=False)
    except Exception:  # noqa: BLE001 - a document cairosvg rejects: the SVG is shown
        return None
