"""Guest SVG rasterized on the host (`runner.raster`): pyplot's figures become PNG, and documents
that would make the host allocate or work without bound are left as SVG (None), whatever their
size on the wire. Behaviour only: which documents are rasterized, and the PNG's pixel size."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest

from mpwasm_kernel import Sandbox
from mpwasm_kernel.runner import raster

pytest.importorskip("cairosvg")


def _figure_svg() -> str:
    """The SVG the guest's pyplot draws for a small line plot."""
    shown = []
    with Sandbox(on_display=shown.append) as sb:
        r = sb.run("import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.title('t')\nplt.show()")
    assert r.error is None, r.error
    return next(d["data"]["image/svg+xml"] for d in shown if "image/svg+xml" in d["data"])


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_a_pyplot_figure_is_rasterized_at_the_requested_dpi() -> None:
    svg = _figure_svg()
    assert raster.admissible(svg, 100)
    png = raster.svg_to_png(svg, dpi=100)
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert _png_size(png) == (640, 480)  # matplotlib's default 6.4 x 4.8 in at 100 dpi


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels (one zlib-compressed all-zero row each)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = zlib.compress(b"\0" * (width + 1) * min(height, 4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _doc(body: str, size: str = 'width="100pt" height="100pt"') -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {size}>'
            f"{body}</svg>")


HOSTILE = {
    "huge canvas": _doc('<rect width="30000" height="30000" fill="red"/>', 'width="30000" height="30000"'),
    "huge canvas in inches": _doc("", 'width="400in" height="400in"'),
    "relative size": _doc("", 'width="100%" height="100%"'),
    "no size": _doc("", ""),
    "pattern": _doc('<defs><pattern id="p" width="1" height="1"><rect width="1" height="1"/></pattern></defs>'
                    '<rect width="100" height="100" fill="url(#p)"/>'),
    "filter": _doc('<filter id="f"><feGaussianBlur stdDeviation="50"/></filter><rect filter="url(#f)"/>'),
    "use": _doc('<g id="a"><rect width="1" height="1"/></g>' + '<use xlink:href="#a"/>' * 10),
    "nested svg": _doc('<svg width="30000" height="30000"/>'),
    "stylesheet": _doc("<style>rect { fill: red }</style>"),
    "file image": _doc('<image width="10" height="10" xlink:href="file:///etc/passwd"/>'),
    "png bomb": _doc('<image width="10" height="10" xlink:href="data:image/png;base64,'
                     + base64.b64encode(_png_header(30000, 30000)).decode() + '"/>'),
    "jpeg image": _doc('<image width="10" height="10" xlink:href="data:image/jpeg;base64,/9j/4AAQ"/>'),
    "too many elements": _doc("<g/>" * (raster.MAX_ELEMENTS + 1)),
    "entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + _doc("<text>&a;</text>"),
    "too long": _doc("<desc>" + "x" * raster.MAX_SVG_CHARS + "</desc>"),
    "not svg": "<html><body/></html>",
    "malformed": "<svg",
}


@pytest.mark.parametrize("svg", HOSTILE.values(), ids=HOSTILE.keys())
def test_unbounded_documents_are_not_rasterized(svg: str) -> None:
    assert raster.svg_to_png(svg, dpi=100) is None


def test_small_embedded_png_images_are_rasterized() -> None:
    small = _doc('<image width="10" height="10" xlink:href="data:image/png;base64,'
                 + base64.b64encode(_png_header(8, 4)).decode() + '"/>')
    assert raster.admissible(small, 100)
