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
from pathlib import Path
from typing import Any

import pytest

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


def _run_all(kernel_tools: Any, name: str, cwd: Path) -> list[tuple]:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60, cwd=str(cwd))
    root = str(cwd.resolve())

    def normal(text: str | None) -> str | None:
        if text is None or name != "python3":
            return text
        text = ANSI.sub("", text).replace("\r\n", "\n").replace(root, "/")
        return text.replace("//", "/")

    try:
        seen = []
        for code in CELLS:
            reply, outputs = kernel_tools.execute(kc, code)
            result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
            seen.append((reply["content"]["status"], reply["content"].get("ename"),
                         normal(kernel_tools.stdout_of(outputs)),
                         normal(None if result is None else result["content"]["data"]["text/plain"])))
        return seen
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_automagic_as_ipython(kernel_tools: Any, tmp_path: Path) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 (ipykernel) kernelspec")
    (tmp_path / "ipython").mkdir()
    (tmp_path / "mpwasm").mkdir()
    expected = _run_all(kernel_tools, "python3", tmp_path / "ipython")
    actual = _run_all(kernel_tools, kernel_tools.KERNEL, tmp_path / "mpwasm")
    assert expected[1] == ("ok", None, "", "'/'") and expected[3][2] == "a.txt\n"  # the normalisation holds
    for code, want, got in zip(CELLS, expected, actual, strict=True):
        assert got == want, f"\n--- cell ---\n{code}\n--- IPython ---\n{want}\n--- mpwasm ---\n{got}"
