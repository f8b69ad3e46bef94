"""Teaching-notebook magics against a real IPython kernel (ipykernel ``python3``).

The same cells run in order in a ``python3`` kernel (in a temporary working directory) and in a
MicroPython kernel (whose file system is the sandbox's); stdout, the ``text/plain`` result and
the error name of each cell must be equal, and ``%load`` must send the same payload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CELLS = [
    "%%writefile hello.py\nimport sys\n\ndef greet(name):\n    return 'Hello, ' + name\n\n"
    "print(greet('world'), __name__)",
    "print(repr(open('hello.py').read()))",
    "%%writefile -a hello.py\nanswer = 42",
    "print(repr(open('hello.py').read()))",
    "%%file notes.txt\nfirst line\nsecond line",
    "%%writefile notes.txt\nreplaced",
    "print(open('notes.txt').read())",
    "secret = 'kept'\n%run hello.py",
    "greet('Ada'), answer",
    "%%writefile uses_secret.py\nprint(secret)",
    "%run -i uses_secret.py",
    "%%writefile fails.py\ndef f():\n    return [][1]\nf()",
    "%run fails.py",
    "%xmode Minimal",
    "%xmode Context",
    "%matplotlib inline",
    "%%writefile mymagics.py\nfrom IPython.core.magic import register_line_magic, register_cell_magic\n\n"
    "@register_line_magic\ndef shout(line):\n    return line.upper()\n\n"
    "@register_cell_magic\ndef count_words(line, cell):\n    print(line, len(cell.split()))",
    "import mymagics",
    "%shout hello class",
    "%%count_words words:\nthe quick brown fox",
    "from IPython.core.magic import Magics, magics_class, line_magic\n\n@magics_class\nclass Greeter(Magics):\n"
    "    @line_magic\n    def hi(self, line):\n        print('hi', line)\n\nget_ipython().register_magics(Greeter)",
    "%hi there",
    "%load hello.py",
]


def _run_all(kernel_tools: Any, name: str, cwd: Path) -> list[tuple]:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60, cwd=str(cwd))
    try:
        seen = []
        for code in CELLS:
            reply, outputs = kernel_tools.execute(kc, code)
            result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
            error = kernel_tools.error_of(outputs)
            payload = [p for p in reply["content"].get("payload", []) if p.get("source") == "set_next_input"]
            seen.append((
                kernel_tools.stdout_of(outputs),
                None if result is None else result["content"]["data"]["text/plain"],
                None if error is None else error["ename"],
                payload,
            ))
        return seen
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_magics_as_ipython(kernel_tools: Any, tmp_path: Path) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 (ipykernel) kernelspec")
    (tmp_path / "ipython").mkdir()
    (tmp_path / "mpwasm").mkdir()
    expected = _run_all(kernel_tools, "python3", tmp_path / "ipython")
    actual = _run_all(kernel_tools, kernel_tools.KERNEL, tmp_path / "mpwasm")
    for code, want, got in zip(CELLS, expected, actual, strict=True):
        assert got == want, f"\n--- cell ---\n{code}\n--- IPython ---\n{want}\n--- mpwasm ---\n{got}"
