"""Pyplot figures in IPython's inline-backend formats, against a real IPython kernel.

The same cells run in a fresh ``python3`` (ipykernel, matplotlib's inline backend) and a fresh
MicroPython kernel. Each display becomes its mime types and the shape of its metadata (which
mime types carry which keys: a retina PNG's width and height). The PNG's pixels are not compared
(IPython crops a figure to what is drawn; the size of the cropped area differs).
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

CELLS = [
    "%matplotlib inline\nimport matplotlib.pyplot as plt",
    "plt.plot([1, 2, 3])\nplt.title('default');",
    "%config InlineBackend.figure_format = 'retina'",
    "plt.plot([3, 1]);",
    "%config InlineBackend.figure_format = 'svg'",
    "plt.plot([1, 2])\nplt.show()\n'shown'",
    "%config InlineBackend.figure_formats = {'png', 'svg'}",
    "fig, ax = plt.subplots()\nax.bar(['a', 'b'], [2, 1]);",
    "%config InlineBackend.figure_format = 'png'",
    "from IPython.display import SVG, display\ndisplay(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" "
    "height=\"8\"></svg>'))\nplt.plot([1]);",
]


def _shapes(outputs: list[dict]) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]]:
    shapes = []
    for msg in outputs:
        kind, content = msg["msg_type"], msg["content"]
        if kind not in ("display_data", "execute_result"):
            continue
        data, metadata = content["data"], content.get("metadata") or {}
        png = data.get("image/png")
        if png is not None:
            assert base64.b64decode(png).startswith(b"\x89PNG\r\n\x1a\n")
        meta = tuple(sorted((k, tuple(sorted(v))) for k, v in metadata.items() if isinstance(v, dict)))
        shapes.append((kind, tuple(sorted(data)), meta))
    return shapes


def test_figure_formats_as_in_ipython(kernel_tools: Any) -> None:
    pytest.importorskip("matplotlib_inline")
    pytest.importorskip("cairosvg")
    expected, actual = kernel_tools.against_ipython(CELLS, lambda reply, outputs: _shapes(outputs))
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
