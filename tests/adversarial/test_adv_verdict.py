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


# Raw memory (issue 25.2, the hole the closures left): with `uctypes.bytearray_at` a cell could
# rewrite the runner's closure cells. The host removes `uctypes` from MicroPython's built-in module
# maps after the boot (sandbox/boot.py); each way of reaching it must fail, and the instructor's
# failing assert after it must still fail.
RAW_MEMORY = {
    "import": "import uctypes",
    "__import__": "__import__('uctypes')",
    "builtins original": "import builtins\ndel builtins.__import__\nimport uctypes",
    "builtins attribute": "import builtins\nbuiltins.__import__('uctypes')",
    "sys.modules": "import sys\nsys.modules['uctypes']",
    "import after sys.modules cleanup": "import sys\nfor k in list(sys.modules):\n    if k.startswith('_mpk'):\n"
                                        "        del sys.modules[k]\nimport uctypes",
    "runtime module attributes": "import sys\nfor m in list(sys.modules.values()):\n    for a in dir(m):\n"
                                 "        v = getattr(m, a)\n        if hasattr(v, 'bytearray_at'):\n"
                                 "            raise ImportError(a)\nimport uctypes",
    "runtime globals": "import sys\nfor m in list(sys.modules.values()):\n    for a in dir(m):\n"
                       "        g = getattr(getattr(m, a), '__globals__', None) or {}\n        for k in g:\n"
                       "            if hasattr(g[k], 'bytearray_at'):\n"
                       "                raise ImportError(k)\nimport uctypes",
    "machine": "import machine\nmachine.mem32",
    "micropython": "import micropython\n[getattr(micropython, n) for n in ('mem32', 'bytearray_at', 'addressof')]",
    "help modules": "help('modules')\nimport uctypes",
}


@pytest.mark.parametrize("name", list(RAW_MEMORY))
def test_no_raw_memory_access(sandbox: Sandbox, name: str) -> None:
    sandbox.reset()
    attempt = sandbox.run(RAW_MEMORY[name])
    assert attempt.error is not None and attempt.error.ename in (
        "ImportError", "ModuleNotFoundError", "KeyError", "AttributeError"), (name, attempt)
    assert "uctypes" not in attempt.stdout.split(), attempt.stdout
    failing = sandbox.run("assert 1 + 1 == 3, 'instructor test'")
    assert failing.error is not None and failing.error.ename == "AssertionError", (name, failing)


def test_stack_limit_still_set_through_the_runtime(sandbox: Sandbox) -> None:
    # the runtime's own use of the stack-limit word (captured at boot) keeps working
    sandbox.reset()
    low = sandbox.run("import sys\nsys.setrecursionlimit(60)\ndef f(n):\n    return f(n + 1)\nf(0)")
    assert low.error is not None and low.error.ename == "RecursionError", low
    high = sandbox.run("sys.setrecursionlimit(1000)\ndef g(n):\n    return 0 if n == 0 else g(n - 1)\n"
                       "print(g(400), sys.getrecursionlimit())")
    assert high.error is None and high.stdout == "0 1000\n", high


def test_host_call_reply_is_not_written_where_the_guest_says() -> None:
    # The old wire format named a reply buffer (address, capacity) in the request and the host
    # wrote the reply there: any cell could write the device with an address of its choice and
    # have the host write chosen bytes anywhere in interpreter memory. The host now only queues.
    with Sandbox(functions={"echo": lambda s: s}) as sb:
        forged = sb.run("import _mpk_channel\nt = bytearray(64)\nd = _mpk_channel._open()\n"
                        "try:\n    import uctypes\n    at = uctypes.addressof(t)\nexcept ImportError:\n"
                        "    at = id(t) + 64  # no address of the contents without uctypes: any address\n"
                        "data = b'{\"args\": [\"FORGED\"], \"kwargs\": {}}'\n"
                        "d.write(b'\\x01' + ('echo %d %d 64\\n' % (len(data), at)).encode() + data)\n"
                        "print(b'FORGED' in bytes(t), len(t))")
        assert forged.error is None and forged.stdout == "False 64\n", forged
        failing = sb.run("assert 1 + 1 == 3, 'instructor test'")
        assert failing.error is not None and failing.error.ename == "AssertionError", failing
        assert sb.run("echo('ok')").value == "'ok'"
