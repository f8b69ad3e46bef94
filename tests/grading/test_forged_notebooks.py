"""Notebooks read without nbformat's schema validation (`worker.load_notebook`): a forged or
broken notebook fails alone, with a message naming what is wrong, and the rest of the batch runs."""

from __future__ import annotations

import json

import pytest

from mpwasm_kernel.grading.backends import InProcessBackend
from mpwasm_kernel.grading.worker import Task, load_notebook

GOOD = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "code", "source": ["x = 20\n", "x + 22"], "metadata": {}, "outputs": [],
                   "execution_count": None}]}


def _with(**changes: object) -> dict:
    nb = json.loads(json.dumps(GOOD))
    cell = changes.pop("cell", None)
    if cell is not None:
        nb["cells"] = [cell]
    nb.update(changes)
    return nb


FORGED = {
    "not JSON": ("{not a notebook", "not JSON"),
    "a list": ("[1, 2]", "no list of cells"),
    "cells not a list": (json.dumps(_with(cells={"0": {}})), "no list of cells"),
    "a cell not an object": (json.dumps(_with(cells=["print(1)"])), "cell 0 is not an object"),
    "no cell_type": (json.dumps(_with(cell={"source": "1"})), "cell 0 has no cell_type"),
    "source a number": (json.dumps(_with(cell={"cell_type": "code", "source": 42})), "source of cell 0"),
    "source lines not text": (json.dumps(_with(cell={"cell_type": "code", "source": ["1", {"x": 1}]})),
                              "source of cell 0"),
    "cell metadata a list": (json.dumps(_with(cell={"cell_type": "code", "source": "1", "metadata": []})),
                             "metadata of cell 0"),
    "notebook metadata a string": (json.dumps(_with(metadata="kernelspec")), "its metadata is not an object"),
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_a_forged_notebook_is_refused_with_a_clear_message(name: str) -> None:
    text, expected = FORGED[name]
    with pytest.raises(ValueError, match="not JSON|not a notebook") as caught:
        load_notebook(text)
    assert expected in str(caught.value)


def test_forged_notebooks_fail_alone_and_the_batch_keeps_the_rest() -> None:
    tasks = [Task(i, f"{name}.ipynb", text) for i, (name, (text, _)) in enumerate(sorted(FORGED.items()))]
    tasks.append(Task(len(tasks), "good.ipynb", json.dumps(GOOD)))
    results = {r.index: r for r in InProcessBackend().run(tasks)}
    assert sorted(results) == list(range(len(tasks)))
    for task in tasks[:-1]:
        report = results[task.index].report
        assert report["status"] == "failed" and report["message"].startswith("cannot read notebook:"), report
        assert results[task.index].text is None  # nothing half-written for a notebook that was not run
    good = results[tasks[-1].index]
    assert good.report["status"] == "ok"
    outputs = json.loads(good.text)["cells"][0]["outputs"]
    assert outputs[0]["data"]["text/plain"] == "42"


def test_text_cells_and_missing_optional_fields_are_accepted() -> None:
    nb = load_notebook(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "source": "# title"}, {"cell_type": "code", "source": "1"}]}))
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code"]
