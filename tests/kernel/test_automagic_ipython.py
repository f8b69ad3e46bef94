"""IPython's automagic (``pwd``, ``cd sub``, ``ls`` typed without ``%``) against a real IPython
kernel (ipykernel's ``python3``).

The same cells run in a ``python3`` kernel (in a temporary working directory) and a MicroPython
kernel (whose file system is the sandbox's). A one-line cell naming a line magic runs the magic
unless a variable of that name exists or the line is an assignment; each cell's status, error
name, stdout and result must be equal once IPython's working directory is written ``/`` (the
sandbox's root) and the colours and ``\\r\\n`` of IPython's shell ``ls`` are removed.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")

CELLS = [
    "import os\nos.mkdir('sub')\nopen('sub/a.txt', 'w').write('x')",
    "pwd",
    "cd sub",
    "ls",
    "pwd",
    "cd ..",
    "  cd sub",
    "cd ..",
    "ls = 5",
    "ls",  # a variable shadows the magic
    "del ls\nls",  # two lines: plain Python
    "cd == 1",  # IPython's assignment check: `=` or `,` after the word keeps the line Python
    "pwd, x = 1, 2",
    "pwd",
    "x = 1\ncd sub",  # not one line: Python (a syntax error in both)
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
    return (reply["content"]["status"], reply["content"].get("ename"), kernel_tools.stdout_of(outputs),
            None if result is None else result["content"]["data"]["text/plain"])


def _normal(text: str | None, root: str) -> str | None:
    """IPython's text with its working directory `root` written ``/`` and the shell's colours removed."""
    if text is None:
        return text
    text = ANSI.sub("", text).replace("\r\n", "\n").replace(root, "/")
    return text.replace("//", "/")


def test_automagic_as_ipython(kernel_tools: Any, tmp_path: Path) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools), tmp_path=tmp_path)
    root = str((tmp_path / "python3").resolve())
    expected = [(status, ename, _normal(out, root), _normal(result, root)) for status, ename, out, result in expected]
    assert expected[1] == ("ok", None, "", "'/'") and expected[3][2] == "a.txt\n"  # the normalisation holds
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
