"""A student cell cannot change another cell's verdict (issue 25, item 2).

The guest runtime that runs cells and reports their errors lives in the same interpreter as the
student's code. Every object it used at run time was reachable and rebindable from a cell: its
module globals (`run_cell.__globals__['json']`), the builtins it looked up by name (`exec`,
`compile`, `str`, `isinstance`, `BaseException`), the modules it imported (`json.dumps`,
`sys.print_exception`). Each tampering below is followed by an instructor's failing test; the
host must still see the failure, and a passing cell must still pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mpwasm_kernel import Sandbox

_DROP_ERRORS = (
    "class _J:\n"
    "    def dumps(self, obj):\n"
    "        import json as j\n"
    "        if isinstance(obj, dict) and 'error' in obj:\n"
    "            obj['error'] = None\n"
    "        return j.dumps(obj)\n"
)
TAMPERING = {
    "globals json": _DROP_ERRORS + "import _mpk_runtime\n_mpk_runtime.run_cell.__globals__['json'] = _J()",
    "module json": _DROP_ERRORS + "import json\n_orig = json.dumps\njson.dumps = _J().dumps",
    "error_record": "import _mpk_runtime\n_mpk_runtime.run_cell.__globals__['error_record'] = lambda e: None",
    "builtins exec": "import builtins\nbuiltins.exec = lambda *a, **k: None",
    "builtins compile": "import builtins\n_c = compile\nbuiltins.compile = lambda *a, **k: _c('pass', '<x>', 'exec')",
    "BaseException": "import builtins\nclass _E(Exception):\n    pass\nbuiltins.BaseException = _E",
    "isinstance": "import builtins\nbuiltins.isinstance = lambda *a: True",
    "runtime module": "import sys\nsys.modules['_mpk_runtime'] = None",
    "runtime globals": "import _mpk_runtime\ng = _mpk_runtime.run_cell.__globals__\nfor k in list(g):\n"
                       "    if k not in ('__name__',):\n        g[k] = None",
    "print_exception": "import sys\nsys.print_exception = lambda *a, **k: None",
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.mark.parametrize("name", list(TAMPERING))
def test_tampering_cannot_hide_a_later_failure(sandbox: Sandbox, name: str) -> None:
    sandbox.reset()
    tamper = sandbox.run(TAMPERING[name])
    assert tamper.error is None, tamper.error
    failing = sandbox.run("assert 1 + 1 == 3, 'instructor test'")
    assert failing.error is not None and failing.error.ename == "AssertionError", (name, failing)
    assert failing.error.evalue == "instructor test"
    raised = sandbox.run("def f():\n    raise ValueError('bad')\nf()")
    assert raised.error is not None and raised.error.ename == "ValueError", (name, raised)
    passing = sandbox.run("x = 40 + 2\nx")
    assert passing.error is None and passing.data == {"text/plain": "42"}, (name, passing)


def test_grading_report_keeps_the_failure() -> None:
    from mpwasm_kernel.grading import NotebookExecutor
    from tests.grading.notebooks import notebook

    nb = notebook(TAMPERING["globals json"], "assert 1 + 1 == 3")
    with NotebookExecutor() as executor:
        report = executor.execute(nb)
    assert report.failed and [e.ename for e in report.errors] == ["AssertionError"]
    assert nb.cells[2].outputs[-1]["output_type"] == "error"
