"""Host functions in the kernel: configured by import string, listed by %functions, not changeable."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

COURSE = '''
"""Read-only facts a course's notebooks may look up."""

_ELEMENTS = {"H": {"name": "hydrogen", "mass": 1.008}, "O": {"name": "oxygen", "mass": 15.999}}
SEEN = []


def lookup(symbol):
    """The element with chemical `symbol` (KeyError if unknown)."""
    return dict(_ELEMENTS[symbol])


def secret():
    """Not exposed."""
    return "host secret"
'''


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "course_data.py").write_text(COURSE)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    return tmp_path


def _with_kernel(kernel_tools: Any, extra: list[str] | None, body: Any) -> None:
    km, kc = kernel_tools.start_kernel(extra_arguments=extra)
    try:
        body(kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_functions_from_argv_are_callable_and_listed(kernel_tools: Any, course: Path) -> None:
    def body(kc: Any) -> None:
        ex, out = kernel_tools.execute, kernel_tools.stdout_of
        code = textwrap.dedent("""\
            water = 2 * lookup("H")["mass"] + lookup("O")["mass"]
            print(f"water: {water:.3f} g/mol")
            import host
            try:
                host.lookup("Xx")
            except RuntimeError as e:
                print("not found:", e)
            """)
        reply, outputs = ex(kc, code)
        assert reply["content"]["status"] == "ok"
        assert out(outputs) == "water: 18.015 g/mol\nnot found: KeyError: 'Xx'\n"
        reply, outputs = ex(kc, "%functions")
        text = out(outputs)
        assert "lookup(symbol) — The element with chemical `symbol`" in text and "course_data:lookup" in text
        # a notebook cannot reach other host callables nor add functions
        reply, outputs = ex(kc, "import host\nprint(host.call('secret', '{}'))")
        assert "KeyError: 'secret'" in out(outputs)
        reply, outputs = ex(kc, "lookup = lambda s: 'fake'\nimport host\nprint(host.lookup('H')['name'])")
        assert out(outputs) == "hydrogen\n"

    _with_kernel(kernel_tools, ["--functions", "lookup=course_data:lookup"], body)


def test_functions_from_environment(kernel_tools: Any, course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPWASM_FUNCTIONS", '{"element": "course_data:lookup"}')

    def body(kc: Any) -> None:
        reply, outputs = kernel_tools.execute(kc, "element('O')['name']")
        assert reply["content"]["status"] == "ok"
        result = next(m for m in outputs if m["msg_type"] == "execute_result")
        assert result["content"]["data"]["text/plain"] == "'oxygen'"

    _with_kernel(kernel_tools, None, body)


def test_function_that_does_not_import_is_a_clear_error(kernel_tools: Any, course: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPWASM_FUNCTIONS", "check=course_grading_missing:check")

    def body(kc: Any) -> None:
        reply, outputs = kernel_tools.execute(kc, "1 + 1")
        assert reply["content"]["status"] == "error"
        err = kernel_tools.error_of(outputs)
        text = err["evalue"]
        assert "host function 'check' ('course_grading_missing:check') could not be imported" in text
        assert "ModuleNotFoundError" in text

    _with_kernel(kernel_tools, None, body)


def test_no_functions_configured(run: Any, kernel_tools: Any) -> None:
    reply, outputs = run("%functions")
    assert kernel_tools.stdout_of(outputs) == "No host functions are configured for this kernel.\n"
    reply, outputs = run("import host")
    assert kernel_tools.error_of(outputs)["ename"] == "ModuleNotFoundError"  # CPython's name (an ImportError)


def test_host_limits_are_administrator_settings(kernel_tools: Any, course: Path) -> None:
    def body(kc: Any) -> None:
        reply, outputs = kernel_tools.execute(kc, "for _ in range(5):\n    lookup('H')")
        err = kernel_tools.error_of(outputs)
        assert err["ename"] == "HostCallLimitExceeded" and "host_calls=3" in err["evalue"]
        reply, outputs = kernel_tools.execute(kc, "for _ in range(3):\n    lookup('H')")
        assert reply["content"]["status"] == "ok"

    _with_kernel(kernel_tools, ["--functions", "lookup=course_data:lookup", "--host-calls", "3"], body)
