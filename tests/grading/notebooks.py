"""Notebooks shared by the grading tests: built in code so every cell is visible next to the tests."""

from __future__ import annotations

from typing import Any

import nbformat


def notebook(*cells: str | tuple[str, list[str]], markdown: bool = True) -> Any:
    """A notebook of code cells (``source`` or ``(source, tags)``), with a markdown cell first."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "micropython-wasm", "display_name": "MicroPython (WASM sandbox)",
                                 "language": "python"}
    if markdown:
        nb.cells.append(nbformat.v4.new_markdown_cell("# A notebook"))
    for cell in cells:
        source, tags = (cell, []) if isinstance(cell, str) else cell
        code = nbformat.v4.new_code_cell(source)
        if tags:
            code.metadata["tags"] = list(tags)
        nb.cells.append(code)
    return nb


#: Cells covering what the kernel produces: results, streams, errors, displays, magics, input,
#: help requests, tags, limits with rollback.
DIFFERENTIAL = [
    notebook(
        "x = 6 * 7\nprint('x is', x)\nx",
        "import sys\nprint('out 1')\nprint('err 1', file=sys.stderr)\nprint('out 2')",
        "",
        "def add(a, b):\n    return a + b\nadd(2, 3)",
        "1 / 0",
        ("raise ValueError('expected')", ["raises-exception"]),
        ("print('never')", ["skip-execution"]),
        "name = input('your name? ')",
        "x = 1\nx ?",
        "add?",
        "nothing_here?",
        "%lsmagic",
        "%who",
        "%limits fuel=50000000",
        "n = 0\nwhile True:\n    n += 1",
        "n",
        "%limits reset",
        "%ls",
        "!echo hi",
        "%%bash\necho hi",
        "%unknown_magic",
        "y = 5\n%reset -f\ny",
        "x = [1, 2]\nx.append(3)\nx",
        "None",
        "print('no result');",
        "7;",
        "len",
        "def g(a, b=2):\n    return a\ng",
        "class Room:\n    pass\nRoom",
        "%xmode Minimal",
        "{}['missing']",
        "%xmode Context",
        "%%writefile notes.txt\nhello file",
        "print(open('notes.txt').read())",
        "exit()",
        "'after exit'",
    ),
    notebook(
        "from IPython.display import display, HTML, Markdown, JSON, clear_output, update_display\n"
        "display(HTML('<b>bold</b>'))\ndisplay(Markdown('*md*'), {'a': 1}, raw=False)\n'done'",
        "h = display('first', display_id='d1')\nprint('between')",
        "update_display('second', display_id='d1')\nprint('updated')",
        "for i in range(3):\n    clear_output(wait=True)\n    print('step', i)",
        "print('a')\nclear_output()\nprint('b')",
        "HTML('<i>result</i>')",
        "display(JSON({'k': [1, 2]}))",
        "class Bad:\n    def __repr__(self):\n        raise RuntimeError('no repr')\nBad()",
        "%limits output_bytes=2000",
        "for i in range(1000):\n    print('line', i)",
        "import json\nprint(json.dumps({'b': 2, 'a': [1, 2.5, None]}))",
        "def f(n):\n    return f(n + 1)\nf(0)",
    ),
]
