"""`execute_notebook` against nbclient + the kernel (differential), and its own behaviour."""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

import nbformat
import pytest

from mpwasm_kernel.grading import ExecutionOptions, NotebookExecutor, execute_notebook
from mpwasm_kernel.sandbox import Limits

from .notebooks import DIFFERENTIAL, notebook

_VOLATILE = [
    (re.compile(r"Wall time: [^,]+, fuel used: [\d,]+"), "Wall time: T, fuel used: F"),
    (re.compile(r"\d[\d.]* (?:ns|µs|ms|s) ± .*"), "TIMEIT"),
]


def _normal(nb: Any) -> list[tuple[Any, list[dict]]]:
    """Per cell: execution count and outputs, with adjacent same-name streams merged and timings masked."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs: list[dict] = []
        for out in cell.get("outputs", []):
            out = copy.deepcopy(dict(out))
            if out["output_type"] == "stream":
                text = out["text"]
                for pattern, repl in _VOLATILE:
                    text = pattern.sub(repl, text)
                if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == out["name"]:
                    outputs[-1]["text"] += text
                    continue
                out["text"] = text
            if "data" in out:
                out["data"] = dict(out["data"])
                out["metadata"] = dict(out.get("metadata") or {})
            outputs.append(out)
        cells.append((cell.get("execution_count"), outputs))
    return cells


def _nbclient(nb: Any) -> Any:
    from nbclient import NotebookClient

    client = NotebookClient(nb, kernel_name="micropython-wasm", allow_errors=True, timeout=60, startup_timeout=60)
    client.execute()
    return nb


@pytest.mark.parametrize("index", range(len(DIFFERENTIAL)))
def test_same_outputs_as_nbclient_with_the_kernel(kernelspecs: Any, index: int) -> None:
    through_kernel = _nbclient(copy.deepcopy(DIFFERENTIAL[index]))
    in_process = execute_notebook(copy.deepcopy(DIFFERENTIAL[index]), safe_outputs=False)  # the kernel's default
    nbformat.validate(in_process)
    assert _normal(in_process) == _normal(through_kernel)
    assert in_process.metadata["language_info"] == through_kernel.metadata["language_info"]
    executed = [c for c in in_process.cells if c.cell_type == "code" and c.execution_count]
    assert executed and all(
        set(c.metadata["execution"]) == set(k.metadata["execution"])
        for c, k in zip(executed, [c for c in through_kernel.cells if c.cell_type == "code" and c.execution_count],
                        strict=True)
    )


@pytest.fixture(scope="module")
def executor() -> Any:
    with NotebookExecutor(ExecutionOptions(limits=Limits(wall_seconds=10))) as ex:
        yield ex


def _outputs(nb: Any) -> list[list[dict]]:
    return [c.outputs for c in nb.cells if c.cell_type == "code"]


def test_each_notebook_gets_a_fresh_interpreter(executor: Any) -> None:
    executor.execute(notebook("secret = 42\nopen('f.txt', 'w').write('x')"))
    nb = notebook("secret", "import os\n'f.txt' in os.listdir()")
    report = executor.execute(nb)
    assert _outputs(nb)[0][0]["ename"] == "NameError"
    assert _outputs(nb)[1][0]["data"]["text/plain"] == "False"
    assert report.status == "error" and report.cells_run == 2


def test_stop_on_error_stops_at_the_first_unexpected_error() -> None:
    nb = notebook(("raise KeyError('fine')", ["raises-exception"]), "1/0", "print('after')")
    with NotebookExecutor(stop_on_error=True) as ex:
        report = ex.execute(nb)
    outs = _outputs(nb)
    assert outs[0][0]["ename"] == "KeyError" and outs[1][0]["ename"] == "ZeroDivisionError"
    assert outs[2] == [] and nb.cells[-1].execution_count is None
    assert report.status == "error" and report.cells_run == 2
    assert [(e.ename, e.expected) for e in report.errors] == [("KeyError", True), ("ZeroDivisionError", False)]


def test_expected_errors_leave_the_notebook_ok(executor: Any) -> None:
    report = executor.execute(notebook(("raise KeyError('fine')", ["raises-exception"]), "2"))
    assert report.status == "ok" and not report.failed


def test_parameters_are_injected_after_the_parameters_cell(executor: Any) -> None:
    nb = notebook("before = 1", ("alpha = 1\nname = 'x'", ["parameters"]), "alpha, name, flags")
    report = executor.execute(nb, parameters={"alpha": 0.5, "name": "ada", "flags": [True, None, {"k": 2}]})
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[2].metadata["tags"] == ["injected-parameters"]
    assert code[3].outputs[0]["data"]["text/plain"] == "(0.5, 'ada', [True, None, {'k': 2}])"
    again = executor.execute(nb, parameters={"alpha": 2, "name": "b", "flags": 0})
    assert sum("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert report.status == again.status == "ok"
    assert _outputs(nb)[-1][0]["data"]["text/plain"] == "(2, 'b', 0)"


def test_notebook_budget_stops_the_notebook() -> None:
    nb = notebook("'one'", "while True:\n    pass", "'never'")  # the first cell has 5 s of slack
    with NotebookExecutor(limits=Limits(wall_seconds=30, fuel=10**15), notebook_seconds=5.0) as ex:
        report = ex.execute(nb)
    outs = _outputs(nb)
    assert outs[0][0]["data"]["text/plain"] == "'one'"
    assert outs[1][-1]["ename"] == "NotebookTimeLimitExceeded"
    assert outs[2] == []
    assert report.status == "limit" and report.limits_hit == ["NotebookTimeLimitExceeded"]


def test_limit_hits_are_reported(executor: Any) -> None:
    nb = notebook("%limits fuel=20000000", "while True:\n    pass", "'next cell runs'")
    report = executor.execute(nb)
    assert report.limits_hit == ["FuelExhausted"] and report.status == "limit"
    assert _outputs(nb)[2][0]["data"]["text/plain"] == "'next cell runs'"
    assert report.fuel > 20_000_000


def test_limits_changed_by_a_notebook_do_not_leak_into_the_next(executor: Any) -> None:
    executor.execute(notebook("%limits fuel=20000000"))
    nb = notebook("n = 0\nfor i in range(300000):\n    n += i\nn")
    assert executor.execute(nb).status == "ok"


def test_no_kernel_machinery_is_imported() -> None:
    import subprocess

    code = ("import sys, nbformat\nfrom mpwasm_kernel.grading import execute_notebook\n"
            "execute_notebook(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')]))\n"
            "bad = [m for m in ('zmq', 'ipykernel', 'jupyter_client', 'tornado') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_variant_comes_from_the_notebooks_kernelspec() -> None:
    from mpwasm_kernel.grading.executor import notebook_variant

    def nb(name: str | None) -> dict:
        return {"metadata": {"kernelspec": {"name": name}} if name else {}, "cells": []}

    assert notebook_variant(nb("micropython-wasm")) == "ulab"
    assert notebook_variant(nb("micropython-wasm-ulab")) == "ulab"  # the second kernelspec of earlier versions
    assert notebook_variant(nb("python3")) == "ulab" and notebook_variant(nb(None)) == "ulab"
    assert notebook_variant(nb("micropython-wasm-ulab"), "micropython") == "micropython"  # --variant wins
    old = notebook("import numpy as np", "print(np.arange(3) * 2)")
    old.metadata["kernelspec"] = {"name": "micropython-wasm-ulab", "display_name": "MicroPython + ulab (WASM sandbox)"}
    with NotebookExecutor() as executor:
        report = executor.execute(old)
    assert report.status == "ok", report.message
    assert old.cells[2].outputs[0]["text"] == "[0 2 4]\n"
    plain = notebook("import numpy")
    with NotebookExecutor(variant="micropython") as executor:
        executor.execute(plain)
    assert plain.cells[1].outputs[0]["ename"] == "ImportError"
