"""Usage errors (unknown magics) against a real IPython kernel (ipykernel's ``python3``).

IPython does not show a usage error as an ``error`` output: it prints ``UsageError: ...`` on
stderr and the execute reply says ``error``/``UsageError`` with an empty traceback. The same
cells run in both kernels; the reply's status, ename, evalue and traceback, the stderr and stdout
text and whether an ``error`` output was sent must be equal.
"""

from __future__ import annotations

from functools import partial
from typing import Any

CELLS = [
    "%nosuch",
    "%nosuch 1 2",
    "%%nosuch\nx = 1",
    "%writefile notes.txt",  # a cell magic used as a line magic: IPython's hint
    "%%who\nx",  # a line magic used as a cell magic
    "x = 1\n%nosuch\nprint('not run')",
    "print(x)",
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    content = reply["content"]
    stderr = "".join(m["content"]["text"] for m in outputs
                     if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    return (content["status"], content.get("ename"), content.get("evalue"), content.get("traceback"),
            stderr, kernel_tools.stdout_of(outputs), kernel_tools.error_of(outputs) is not None)


def test_unknown_magics_reported_as_ipython(kernel_tools: Any) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools))
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
