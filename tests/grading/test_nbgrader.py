"""nbgrader end to end on a tiny course: generate_assignment, two submissions, autograde, scores.

Once with nbgrader's own ``Execute`` (a ``micropython-wasm`` kernel per notebook), once with the
in-process `SandboxExecute` configuration; both must give the same scores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

pytest.importorskip("nbgrader")

from benchmarks.grading_course import SUBMISSIONS, make_course, nbgrader, scores, submit  # noqa: E402

STUDENTS = {
    "alice": SUBMISSIONS["correct"],
    # Defines add, then loops: the soft wall-clock stop keeps add, so the tests still pass.
    "bob": "def add(a, b):\n    return a + b\nwhile True:\n    pass\n",
    "carol": SUBMISSIONS["wrong"],
}


@pytest.mark.parametrize("in_process", [False, True], ids=["kernel", "in-process"])
def test_autograde_scores(kernelspecs: Any, tmp_path: Path, in_process: bool) -> None:
    root = make_course(tmp_path / "course", in_process=in_process)
    (root / "nbgrader_config.py").write_text((root / "nbgrader_config.py").read_text().replace(
        'c = get_config()  # noqa: F821\n',
        'c = get_config()  # noqa: F821\nc.SandboxExecute.wall_seconds = 1\nc.Execute.extra_arguments = '
        '["--MicroPythonKernel.wall_seconds=1"]\n'))
    nbgrader(root, "generate_assignment", "ps1", "--force")
    released = nbformat.read(root / "release" / "ps1" / "problem.ipynb", as_version=4)
    assert "return a + b" not in released.cells[1].source  # the solution was stripped
    for student, answer in STUDENTS.items():
        submit(root, student, answer)
    nbgrader(root, "autograde", "ps1")
    assert scores(root) == {"alice": 2.0, "bob": 2.0, "carol": 0.0}
    bob = nbformat.read(root / "autograded" / "bob" / "ps1" / "problem.ipynb", as_version=4)
    assert bob.cells[1].outputs[-1]["ename"] == "TimeLimitExceeded"
    assert "kept what it did before the stop" in bob.cells[1].outputs[-1]["evalue"]


def test_host_side_check_is_not_fooled_by_a_lying_eq(tmp_path: Path) -> None:
    """In-process with `check`: the naive asserts give the liar 2 points, the host check 0."""
    root = make_course(tmp_path / "course", in_process=True, checks=True)
    nbgrader(root, "generate_assignment", "ps1", "--force")
    submit(root, "alice", SUBMISSIONS["correct"])
    submit(root, "mallory", SUBMISSIONS["lying_eq"])
    nbgrader(root, "autograde", "ps1")
    assert scores(root) == {"alice": 3.0, "mallory": 2.0}
    mallory = nbformat.read(root / "autograded" / "mallory" / "ps1" / "problem.ipynb", as_version=4)
    assert mallory.cells[3].outputs[-1]["ename"] == "TypeError"
