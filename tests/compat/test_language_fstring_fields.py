"""f-string fields that hold something the source pass rewrites, and `file.closed`: host CPython
vs the sandbox. No expected output is written by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_fstring_fields_rewritten(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        name = "ada lovelace"
        word = "abcdef"
        print(f"Hello {name.title()}! {name.capitalize()!r:>16} {word[::2]} {[*word[:2], 'z']}")
        print(f"{(2.5).is_integer()} {(5).__add__(3)} {'x'.center(5, '*')} {len(range(10**10))}")
        print(f'''multi {name.title()}
        line {word.zfill(8)}''')
    """)


def test_file_closed(sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.chdir(tmp_path)  # the host CPython's files go to a temporary directory
    same(sandbox, """
        try:
            some_file = open("tmp.txt", "w")
            print(f"the file is now open: {not some_file.closed}")
        finally:
            some_file.close()
            print(f"now it's closed: {some_file.closed}")
        with open("tmp.txt") as f:
            print(f.closed)
        print(f.closed)
        import io
        s = io.StringIO()
        print(s.closed)
        s.close()
        print(s.closed)
    """)
