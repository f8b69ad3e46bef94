"""Guest text reaches terminals and spreadsheets without acting on them (issue 25, items 8, 9).

`mpwasm-kernel run`/`repl` print guest output and tracebacks; `execute --report x.csv` writes
guest-chosen exception names and output into a CSV a grader opens in a spreadsheet. Escape
sequences (OSC 52 clipboard, OSC 0 title, CSI clears, 8-bit C1) and formulas must not survive.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mpwasm_kernel.grading.report import NotebookReport, write_report
from mpwasm_kernel.sandbox.terminal import TerminalFilter, spreadsheet_cell, strip_controls

#: Escape sequences a guest could print: clipboard write, title, clear screen, cursor up, 8-bit CSI/OSC.
ESCAPES = ["\x1b]52;c;ZXZpbA==\x07", "\x1b]0;owned\x1b\\", "\x1b[2J", "\x1b[1A", "\x9b2J", "\x9d0;owned\x9c",
           "\x1bc", "\x1bP+q\x1b\\", "\x08\x08", "\x7f"]
_GUEST = ("import sys\n"
          "E = ''.join(chr(c) for c in [27, 93, 53, 50, 59, 99, 59, 90, 88, 90, 112, 98, 65, 61, 61, 7])\n"
          "T = chr(27) + ']0;owned' + chr(27) + chr(92) + chr(27) + '[2J' + chr(0x9b) + '2J'\n"
          "print('out' + E + T + 'put')\n"
          "sys.stdout.write(chr(27))\nsys.stdout.write(']52;c;aGk=' + chr(7) + 'tail\\n')\n"
          "Evil = type('=HYPERLINK(1)' + E, (Exception,), {})\n"
          "raise Evil('msg' + T)\n")


def _clean(text: str) -> None:
    for needle in ("\x1b", "\x9b", "\x9d", "\x07", "\x9c", "\x08", "\x7f"):
        assert needle not in text, (needle, text)


@pytest.mark.parametrize("seq", ESCAPES)
def test_strip_controls(seq: str) -> None:
    assert strip_controls(f"a{seq}b") == "ab"
    stream = TerminalFilter()
    assert "".join(stream.feed(ch) for ch in f"a{seq}b") == "ab"  # one character a write


def test_spreadsheet_cells() -> None:
    for formula in ("=1+1", "+1", "-1+2", "@SUM(A1)", "=HYPERLINK(\"http://x\")\x1b]0;t\x07"):
        assert spreadsheet_cell(formula).startswith("'")
    assert spreadsheet_cell("ValueError") == "ValueError"


def test_run_strips_terminal_controls() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-m", "mpwasm_kernel", "run", "-c", _GUEST], capture_output=True,
                          text=True, timeout=120, env=env)
    assert proc.returncode == 1
    _clean(proc.stdout)
    _clean(proc.stderr)
    assert "output" in proc.stdout and "tail" in proc.stdout
    assert "msg" in proc.stderr


def test_csv_report_defuses_formulas_and_escapes(tmp_path: Path) -> None:
    from mpwasm_kernel.cli.execute import main

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "micropython-wasm", "display_name": "MicroPython", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(_GUEST))
    nbformat.write(nb, tmp_path / "=cmd.ipynb")
    main([str(tmp_path / "=cmd.ipynb"), "--output-dir", str(tmp_path / "out"), "--jobs", "0",
          "--report", str(tmp_path / "r.csv")])
    text = (tmp_path / "r.csv").read_text()
    _clean(text)
    rows = list(csv.DictReader(text.splitlines()))
    assert rows[0]["error_names"].startswith("'=HYPERLINK(1)")
    report = NotebookReport(path="=x", message="@SUM(1)", output="-2+3\x1b[2J")
    write_report([report], tmp_path / "s.csv")
    row = next(csv.DictReader((tmp_path / "s.csv").read_text().splitlines()))
    assert row["path"] == "'=x" and row["message"] == "'@SUM(1)" and row["output"] == "'-2+3"
