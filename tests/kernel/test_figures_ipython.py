"""The order and kinds of a cell's outputs around pyplot figures, against a real IPython kernel.

The same cells run in a fresh ``python3`` (ipykernel with matplotlib's inline backend) and a
fresh MicroPython kernel. Each cell's IOPub outputs become a list of (message type, what it
carries): ``image`` for a figure (PNG there, SVG here), the ``text/plain`` of a result, the
exception name of an error, stream text. The lists must be equal: the result (``Out[n]``) or
the error comes before the figures the cell left open, as IPython's post-execute hook shows
them; ``plt.show()`` displays during the cell; an empty figure is shown as its text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

ADDRESS = re.compile(r" at 0x[0-9a-f]+")

CELLS = [
    "%matplotlib inline\nimport matplotlib.pyplot as plt",
    "plt.plot([1, 2, 3])",
    "plt.plot([1, 2]);",
    "plt.plot([1, 2])\n5",
    "plt.plot([1, 2])\n1 / 0",
    "print('before')\nplt.plot([3, 1])\nplt.show()\nprint('after')\n7",
    "plt.figure()",
    "fig = plt.figure()",
    "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.close(fig)\n'closed'",
    "fig, axes = plt.subplots(1, 2)\naxes[0].set_title('left')",
    "plt.plot([1, 2])\nplt.figure()\nplt.plot([2, 1])\n'two'",
]


def _kinds(outputs: list[dict]) -> list[tuple[str, str]]:
    kinds = []
    for msg in outputs:
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("display_data", "execute_result"):
            data = content["data"]
            what = "image" if any(k.startswith("image/") for k in data) else ADDRESS.sub(" at 0x", data["text/plain"])
            kinds.append((kind, what))
        elif kind == "error":
            kinds.append((kind, content["ename"]))
        elif kind == "stream":
            kinds.append((kind, content["text"]))
    return kinds


def _merged_streams(kinds: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent stream texts joined (either kernel may split a write differently)."""
    out: list[tuple[str, str]] = []
    for kind, what in kinds:
        if kind == "stream" and out and out[-1][0] == "stream":
            out[-1] = ("stream", out[-1][1] + what)
        else:
            out.append((kind, what))
    return out


def test_figures_follow_the_result_as_in_ipython(kernel_tools: Any) -> None:
    kernel_tools.skip_without_ipykernel()
    pytest.importorskip("matplotlib_inline")
    expected, actual = kernel_tools.against_ipython(CELLS, lambda reply, outputs: _merged_streams(_kinds(outputs)))
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
