"""``obj?`` on the last line of a cell of several lines, against a real IPython kernel (ipykernel's
``python3``): IPython's help-end transformer runs the lines before it, then pages the help (a
``page`` payload; no result shown). Each cell's stdout, result, error name and whether it paged
must be equal in both kernels; nothing is a hand-written expected output.
"""

from __future__ import annotations

from functools import partial
from typing import Any

CELLS = [
    "x = [1, 2]\nx.append?",
    "y = 5\ny\nlen??",
    "print(y, x)",
    "z = 3\nnosuchname?",
    "def area(r):\n    '''Area.'''\n    return r\narea?",
    "print(area(2))",
    "w = 1 / 0\nw?",
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
    error = kernel_tools.error_of(outputs)
    paged = any(p.get("source") == "page" for p in reply["content"].get("payload", []))
    return (kernel_tools.stdout_of(outputs), None if result is None else result["content"]["data"]["text/plain"],
            None if error is None else error["ename"], paged)


def test_help_on_the_last_line_as_ipython(kernel_tools: Any) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools))
    assert expected[0][3] and expected[2][0] == "5 [1, 2]\n"  # the cells test what they say
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
