"""A tiny nbgrader course and graded submissions: shared by the nbgrader test and the grading benchmark.

`make_course(root)` writes ``nbgrader_config.py`` and the source assignment ``ps1/problem.ipynb``
(one solution cell, one autograded test cell worth 2 points, one `check` cell worth 1 point);
`nbgrader(root, ...)` runs nbgrader's command line there; `submit(root, student, answer)` puts a
student's copy of the released notebook, with `answer` as the solution cell, under ``submitted/``;
`scores(root)` reads the gradebook.

`SUBMISSIONS` are the answers the benchmark grades: correct, wrong, and hostile ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

KERNEL = {"name": "micropython-wasm", "display_name": "MicroPython (WASM sandbox)", "language": "python"}
SOLUTION = "def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION\n"
TESTS = "assert add(2, 3) == 5\nassert add(-1, 1) == 0\n"

SUBMISSIONS: dict[str, str] = {
    "correct": "def add(a, b):\n    return a + b\n",
    "wrong": "def add(a, b):\n    return a - b\n",
    "infinite_loop": "def add(a, b):\n    return a + b\nwhile True:\n    pass\n",
    "output_flood": "def add(a, b):\n    return a + b\nwhile True:\n    print('spam' * 100)\n",
    "memory_hog": "def add(a, b):\n    return a + b\nhog = []\nwhile True:\n    hog.append(bytearray(1 << 20))\n",
    "file_probe": ("import os\ndef add(a, b):\n    return a + b\n"
                   "for p in ('/etc/passwd', '/proc/self/environ', '../../gradebook.db'):\n"
                   "    try:\n        print(open(p).read()[:50])\n"
                   "    except OSError as e:\n        print('no', p, e)\n"),
    "lying_eq": ("class Always:\n    def __eq__(self, other):\n        return True\n"
                 "def add(a, b):\n    return Always()\n"),
}

CHECK_CELL = "check('add', add(2, 3))\n"
CHECKS_MODULE = """\
from mpwasm_kernel.grading.checks import Checks

CHECKS = Checks({"add": 5})
"""

CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "tiny"
c.CourseDirectory.db_url = "sqlite:///" + {db!r}
c.Execute.timeout = 30
"""
IN_PROCESS = """\
from mpwasm_kernel.grading.nbgrader import sandbox_autograde_preprocessors
c.Autograde.autograde_preprocessors = sandbox_autograde_preprocessors()
"""


def _cell(source: str, grade_id: str, *, solution: bool = False, points: float | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    meta = {"grade_id": grade_id, "schema_version": 3, "solution": solution, "grade": points is not None,
            "locked": not solution}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def make_course(root: Path, *, in_process: bool = False, checks: bool = False) -> Path:
    """Write the course: config and source assignment ``ps1``. Returns `root`.

    `checks` (in-process only) adds a 1-point cell ``check("add", add(2, 3))`` whose expected value
    lives on the host (``course_checks.py`` next to the config)."""
    root.mkdir(parents=True, exist_ok=True)
    config = CONFIG.format(root=str(root), db=str(root / "gradebook.db"))
    if checks:
        (root / "course_checks.py").write_text(CHECKS_MODULE)
        config += 'c.SandboxExecute.checks = "course_checks:CHECKS"\n'
    (root / "nbgrader_config.py").write_text(config + (IN_PROCESS if in_process else ""))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.cells = [
        nbformat.v4.new_markdown_cell("Write `add(a, b)`."),
        _cell(SOLUTION, "add", solution=True),
        _cell(TESTS, "test_add", points=2),
    ]
    if checks:
        nb.cells.append(_cell(CHECK_CELL, "check_add", points=1))
    source = root / "source" / "ps1"
    source.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, source / "problem.ipynb")
    return root


def nbgrader(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in the course directory; raise with its output if it fails."""
    # nbgrader runs `alembic` from PATH: the environment's scripts must be on it.
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def submit(root: Path, student: str, answer: str) -> Path:
    """A student's submission: the released notebook with `answer` in the solution cell."""
    nb = nbformat.read(root / "release" / "ps1" / "problem.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answer
    target = root / "submitted" / student / "ps1"
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target / "problem.ipynb")
    return target / "problem.ipynb"


def scores(root: Path) -> dict[str, float]:
    """Student id -> total score of ``ps1`` from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "tiny") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions("ps1")}
