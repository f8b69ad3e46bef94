"""``mpwasm-kernel execute``: the batch command as a user runs it (a subprocess)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]


def _notebook(path: Path, *cells: str | tuple[str, list[str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    for cell in cells:
        source, tags = (cell, []) if isinstance(cell, str) else cell
        code = nbformat.v4.new_code_cell(source)
        code.metadata["tags"] = tags
        nb.cells.append(code)
    nbformat.write(nb, path)
    return path


def _execute(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mpwasm_kernel", "execute", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=240,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def _texts(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            found.append(out.get("text") or out.get("data", {}).get("text/plain") or out.get("ename"))
    return found


def test_batch_with_output_dir_report_and_parameters(tmp_path: Path) -> None:
    good = _notebook(tmp_path / "good.ipynb", ("rate = 1\nname = 'x'", ["parameters"]), "print(name)\nrate * 2")
    original = good.read_text()
    bad = _notebook(tmp_path / "bad.ipynb", "1 / 0", "'still runs'")
    (tmp_path / "broken.ipynb").write_text("{not a notebook")
    done = _execute(good, bad, tmp_path / "broken.ipynb", "--output-dir", tmp_path / "out", "--jobs", "1",
                    "-p", "rate", "21", "-y", "name: ada", "--report", tmp_path / "report.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    # not a terminal: no progress line, but the failures are listed (a CI log shows them)
    assert sorted(line.split(": ")[0:2] for line in done.stderr.splitlines()) == [
        ["error", str(bad)], ["failed", str(tmp_path / "broken.ipynb")]], done.stderr
    assert "cell 1: ZeroDivisionError" in done.stderr
    assert _texts(tmp_path / "out" / "good.ipynb") == ["ada\n", "42"]
    assert _texts(tmp_path / "out" / "bad.ipynb") == ["ZeroDivisionError", "'still runs'"]
    assert good.read_text() == original  # the input is not touched
    report = {Path(r["path"]).name: r for r in json.loads((tmp_path / "report.json").read_text())}
    assert {k: v["status"] for k, v in report.items()} == {"good.ipynb": "ok", "bad.ipynb": "error",
                                                           "broken.ipynb": "failed"}
    assert report["bad.ipynb"]["errors"][0]["ename"] == "ZeroDivisionError"
    assert report["good.ipynb"]["cells_run"] == 3 and report["good.ipynb"]["fuel"] > 0


def test_inplace_stop_on_error_budget_and_csv(tmp_path: Path) -> None:
    first = _notebook(tmp_path / "first.ipynb", "x = 1", "x.missing", "'not reached'")
    slow = _notebook(tmp_path / "slow.ipynb", "while True:\n    pass", "'not reached'")
    done = _execute(first, slow, "--inplace", "--stop-on-error", "--notebook-seconds", "1", "--jobs", "0",
                    "--report", tmp_path / "report.csv", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert _texts(first) == ["AttributeError"]
    assert _texts(slow) == ["NotebookTimeLimitExceeded"]
    rows = {Path(r["path"]).name: r for r in csv.DictReader((tmp_path / "report.csv").open())}
    assert rows["first.ipynb"]["status"] == "error" and rows["first.ipynb"]["error_names"] == "AttributeError"
    assert rows["slow.ipynb"]["status"] == "limit" and rows["slow.ipynb"]["limits_hit"] == "NotebookTimeLimitExceeded"


def test_all_ok_exits_zero(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "fine.ipynb", ("raise ValueError('shown, expected')", ["raises-exception"]), "1 + 1")
    done = _execute(nb, "--jobs", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # neither --output-dir nor --inplace: nothing is written
    assert nbformat.read(nb, as_version=4).cells[1].outputs == []


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    done = _execute(tmp_path / "x.ipynb", "-y", "[1, 2]", cwd=tmp_path)
    assert done.returncode == 2 and "YAML mapping" in done.stderr


def test_progress_line_counts_on_a_terminal() -> None:
    import io

    from mpwasm_kernel.cli.execute import Progress
    from mpwasm_kernel.grading.report import NotebookReport

    stream = io.StringIO()
    progress = Progress(3, stream, enabled=True)
    progress(NotebookReport(path="a", status="ok"))
    progress(NotebookReport(path="b", status="error"))
    progress(NotebookReport(path="c", status="limit", limits_hit=["TimeLimitExceeded"]))
    progress.close()
    last = stream.getvalue().split("\r")[-1]
    assert "3/3 done, 1 with errors, 1 hit limits, 0 failed" in last and last.endswith("\n")
    quiet = io.StringIO()
    Progress(1, quiet, enabled=False)(NotebookReport(path="a"))
    assert quiet.getvalue() == ""
