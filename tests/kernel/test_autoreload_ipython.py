"""``%load_ext autoreload`` / ``%autoreload`` against a real IPython kernel (ipykernel ``python3``).

The same cells run in order in a ``python3`` kernel (in a temporary working directory) and in a
MicroPython kernel (the sandbox's files): a module written with ``%%writefile``, imported, then
rewritten (once with a syntax error); stdout, the start of stderr (a failed reload's report),
the ``text/plain`` result and the error name of each cell must be equal.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

CELLS = [
    "%%writefile shapes.py\ndef area(w, h):\n    return w * h\n",
    "import shapes\n%load_ext autoreload\n%autoreload 2",
    "shapes.area(2, 3)",
    "%%writefile shapes.py\ndef area(w, h):\n    return w * h / 2\nSIDES = 3\n",
    "shapes.area(2, 3), shapes.SIDES",
    "%load_ext autoreload",
    "%autoreload 0",
    "%%writefile shapes.py\ndef area(w, h):\n    return 0\nSIDES = 4\n",
    "shapes.area(2, 3), shapes.SIDES",
    "%autoreload\nshapes.area(2, 3), shapes.SIDES",
    "%aimport shapes\n%autoreload 1",
    "%%writefile shapes.py\ndef area(w, h):\n    return -1\nSIDES = 5\n",
    "shapes.area(2, 3), shapes.SIDES",
    "%autoreload 2",
    "%%writefile shapes.py\ndef area(w, h:\n",
    "shapes.area(2, 3)",
    "%autoreload 5",
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    """stdout, the first words of stderr (a failed reload's report; IPython adds the traceback),
    the result's text and the error's name."""
    stderr = "".join(m["content"]["text"] for m in outputs
                     if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    result = next((m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"), None)
    error = kernel_tools.error_of(outputs)
    return (kernel_tools.stdout_of(outputs), stderr.split(" '")[0], result, error and error["ename"])


def test_autoreload_as_ipython(kernel_tools: Any, tmp_path: Path) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools), tmp_path=tmp_path)
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
