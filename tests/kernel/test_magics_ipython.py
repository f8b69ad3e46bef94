"""Teaching-notebook magics against a real IPython kernel (ipykernel ``python3``).

The same cells run in order in a ``python3`` kernel (in a temporary working directory) and in a
MicroPython kernel (whose file system is the sandbox's); stdout, the ``text/plain`` result and
the error name of each cell must be equal, and ``%load`` must send the same payload.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

CELLS = [
    "%%writefile hello.py\nimport sys\n\ndef greet(name):\n    return 'Hello, ' + name\n\n"
    "print(greet('world'), __name__)",
    "print(repr(open('hello.py').read()))",
    "%%writefile -a hello.py\nanswer = 42",
    "print(repr(open('hello.py').read()))",
    "%%file notes.txt\nfirst line\nsecond line",
    "%%writefile notes.txt\nreplaced",
    "print(open('notes.txt').read())",
    "%cat notes.txt",  # IPython's alias runs cat in a terminal: its line ends are \r\n (normalised below)
    "%cat missing.txt notes.txt",
    "cat notes.txt",  # automagic
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


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
    error = kernel_tools.error_of(outputs)
    payload = [p for p in reply["content"].get("payload", []) if p.get("source") == "set_next_input"]
    return (kernel_tools.stdout_of(outputs).replace("\r\n", "\n"),
            None if result is None else result["content"]["data"]["text/plain"],
            None if error is None else error["ename"], payload)


def test_magics_as_ipython(kernel_tools: Any, tmp_path: Path) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools), tmp_path=tmp_path)
    both = expected[CELLS.index("%cat missing.txt notes.txt")][0]
    assert "missing.txt: No such file" in both and "replaced" in both  # the cells test what they say
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
