"""Class 3 of the outside review: display messages are validated on the host.

The guest can write raw messages to the display channel (and tamper with its runtime's results).
Values the nbformat output schema does not allow are dropped with a note on the cell's stderr,
so a notebook run with nbclient (`allow_errors=True`) never fails on them.
"""

from __future__ import annotations

import json
from typing import Any

import nbformat
import pytest
from hostile_support import Hostile
from nbclient import NotebookClient

from mpwasm_kernel.sandbox.mimebundle import clean_bundle


def _raw(message: dict) -> str:
    line = json.dumps(message)
    return f"with open('/dev/mpk', 'w') as _f:\n    _f.write({line!r} + '\\n')\n"


BAD = {
    "int_value": {"type": "display", "data": {"text/plain": 5}},
    "dict_display_id": {"type": "display", "data": {"text/plain": "x"}, "transient": {"display_id": {"a": 1}}},
    "html_list_of_ints": {"type": "display", "data": {"text/html": [1, 2]}},
    "not_a_mime_type": {"type": "display", "data": {"plain": "x", "text/plain": "ok"}},
    "metadata_not_object": {"type": "display", "data": {"text/plain": "x"}, "metadata": [1]},
    "update_without_id": {"type": "display", "data": {"text/plain": "x"}, "update": True},
}


@pytest.mark.parametrize("name", list(BAD))
def test_invalid_display_messages_are_cleaned(hostile: Hostile, name: str) -> None:
    """What reaches `on_display` is schema-valid; what was dropped is named on stderr."""
    r, _ = hostile.run(_raw(BAD[name]))
    assert r.error is None, r.error
    for message in hostile.captured.displays:
        data, metadata, problems = clean_bundle(message["data"], message["metadata"])
        assert not problems and data == message["data"]
        display_id = message["transient"].get("display_id")
        assert display_id is None or isinstance(display_id, str)
    assert "[mpwasm]" in r.stderr


def test_json_mime_types_keep_json() -> None:
    """JSON values stay allowed (finite only) for `application/json` and `+json` types."""
    data, _, problems = clean_bundle({"application/json": {"a": [1, 2]}, "application/vnd.x+json": [1],
                                      "text/plain": ["a", "b"]})
    assert not problems and data == {"application/json": {"a": [1, 2]}, "application/vnd.x+json": [1],
                                     "text/plain": "ab"}
    _, _, problems = clean_bundle({"application/json": float("nan")})
    assert problems


def test_tampered_result_bundle_is_cleaned(hostile: Hostile) -> None:
    """An execute_result whose bundle the runtime was taught to forge is cleaned the same way."""
    r, _ = hostile.run("class R:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n"
                       "        return {'text/plain': 'fine', 'text/html': 7}\nR()")
    assert r.error is None, r.error
    data, _, problems = clean_bundle(r.data, r.metadata)
    assert not problems and data == r.data


def test_nbclient_survives_invalid_display_messages(kernel_tools: Any) -> None:
    """A notebook whose cells write invalid display messages executes to the end with nbclient
    (validation on), and the last cell's output is there."""
    cells = [nbformat.v4.new_code_cell(_raw(message)) for message in BAD.values()]
    cells.append(nbformat.v4.new_code_cell("print('the grader got here')"))
    nb = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(nb, kernel_name=kernel_tools.KERNEL, timeout=60, allow_errors=True).execute()
    nbformat.validate(nb)
    assert nb.cells[-1].outputs[0]["text"] == "the grader got here\n"
    notes = [o for c in nb.cells[:-1] for o in c.outputs if o.get("name") == "stderr" and "[mpwasm]" in o["text"]]
    assert len(notes) == len(BAD)


def test_display_id_update_is_charged_for_every_copy() -> None:
    """Issue 25.3: a frontend (and nbclient) copies an update into every earlier output with its
    display_id; 300 small displays then one 100 KB update is 30 MB of notebook. Each copy counts
    against `output_bytes` (the update is dropped, the run stops with OutputLimitExceeded)."""
    from mpwasm_kernel import Limits, Sandbox

    seen: list[dict] = []
    with Sandbox(Limits(output_bytes=1 << 20), on_display=seen.append) as sb:
        first = sb.run("from IPython.display import display, update_display\n"
                       "for i in range(300):\n    display('x', display_id='d')")
        assert first.error is None, first.error
        r = sb.run("update_display('y' * 100_000, display_id='d')")
        assert r.error is not None and r.error.ename == "OutputLimitExceeded", r.error
        assert not any(m.get("update") for m in seen)
        small = sb.run("update_display('z', display_id='d')")  # 300 copies of a few bytes fit
        assert small.error is None, small.error
        sb.reset()
        fresh = sb.run("from IPython.display import display, update_display\n"
                       "display('x', display_id='d')\nupdate_display('y' * 100_000, display_id='d')")
        assert fresh.error is None, fresh.error  # a reset forgets earlier displays
