"""Executed notebooks are safe to open, and bounded (issue 25, items 3 and 5).

Graders open executed notebooks and nbgrader's HTML feedback embeds their outputs: the grading
runner keeps no JavaScript outputs and no script in HTML/SVG (`execute`, `NotebookExecutor`, the
nbgrader preprocessor all run through `OutputRecorder`). A ``display_id`` update is copied into
every earlier output with that id: every copy counts against the notebook's output budget.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from mpwasm_kernel.grading import ExecutionOptions, NotebookExecutor
from mpwasm_kernel.grading.outputs import OutputRecorder
from mpwasm_kernel.sandbox import Limits

from .notebooks import notebook

ACTIVE = ("from IPython.display import display, HTML, Javascript\n"
          "display(Javascript('steal()'))\n"
          "display({'application/javascript': 'steal()', 'text/plain': 'js'}, raw=True)\n"
          "display(HTML('<svg><style><img src=x onerror=steal()></style></svg><b>kept</b>'))\n"
          "class H:\n    def _repr_html_(self):\n        return '<script>steal()</script><i>r</i>'\nH()")


def _script_free(nb: object) -> None:
    text = json.dumps(nb).lower()
    for needle in ("application/javascript", "<script", "onerror", "steal()"):
        assert needle not in text, needle


def test_executor_keeps_no_active_content() -> None:
    nb = notebook(ACTIVE)
    with NotebookExecutor() as executor:
        executor.execute(nb)
    _script_free(nb.cells[1].outputs)
    assert "<b>kept</b>" in json.dumps(nb.cells[1].outputs)


def test_execute_command_keeps_no_active_content(tmp_path: Path) -> None:
    from mpwasm_kernel.cli.execute import main

    nbformat.write(notebook(ACTIVE), tmp_path / "a.ipynb")
    assert main(["execute", str(tmp_path / "a.ipynb"), "--output-dir", str(tmp_path / "out"), "--jobs", "0"]) in (0, 1)
    _script_free(nbformat.read(tmp_path / "out" / "a.ipynb", as_version=4).cells[1].outputs)


def test_nbgrader_preprocessor_keeps_no_active_content() -> None:
    from mpwasm_kernel.grading.nbgrader import SandboxExecute

    nb = notebook(ACTIVE)
    SandboxExecute().preprocess(nb, {})
    _script_free(nb.cells[1].outputs)


def test_display_id_copies_count_against_the_notebook_budget() -> None:
    """4,000 displays with one id and one 2 MB update were ~8 GB of executed notebook."""
    amplify = ("from IPython.display import display, update_display\n"
               "for i in range(300):\n    display('x', display_id='d')\n"
               "update_display('y' * 200000, display_id='d')\n'after'")
    nb = notebook(amplify, "'next cell'")
    # The per-request cap (which charges the copies too) is set high: the notebook budget decides here.
    options = ExecutionOptions(limits=Limits(output_bytes=1 << 30), output_bytes=8 * 1024 * 1024)
    with NotebookExecutor(options) as executor:
        executor.execute(nb)
    size = len(json.dumps(nb))
    assert size < 10 * 1024 * 1024, size
    texts = [o.get("text", "") for o in nb.cells[1].outputs if o["output_type"] == "stream"]
    assert any("notebook output budget" in t for t in texts), nb.cells[1].outputs


def test_recorder_counts_each_copy() -> None:
    rec = OutputRecorder(budget_bytes=10_000)
    rec.begin(0)
    for _ in range(10):
        rec.display({"type": "display", "data": {"text/plain": "x"}, "transient": {"display_id": "d"}})
    rec.display({"type": "display", "data": {"text/plain": "y" * 2000}, "transient": {"display_id": "d"},
                 "update": True})
    assert rec.used_bytes <= 10_000 and rec.over_budget
    assert sum(len(o["data"]["text/plain"]) for o in rec.outputs if "data" in o) <= 10_000


def test_a_string_tags_field_is_not_substring_matched() -> None:
    """Extra of issue 25: ``"tags": "my-raises-exception-please"`` must not make a failing cell expected."""
    nb = notebook("1 / 0")
    nb.cells[1].metadata["tags"] = "my-raises-exception-please"
    with NotebookExecutor() as executor:
        report = executor.execute(nb)
    assert report.status == "error" and [e.expected for e in report.errors] == [False]
