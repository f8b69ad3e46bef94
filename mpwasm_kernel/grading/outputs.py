"""Cell outputs as nbclient records them: streams, displays, results, errors, clear_output, display ids.

`OutputRecorder` receives what the sandbox produces while a cell runs (stream text, display
messages) and what the executor adds afterwards (the result or the error), and keeps them as
nbformat output dicts in the current cell, the way nbclient turns the kernel's IOPub messages into
outputs: consecutive text on the same stream becomes one ``stream`` output (nbclient with
``coalesce_streams``; the kernel's own 50 ms coalescing makes the split points timing-dependent),
``clear_output(wait=True)`` clears before the next output, and a ``display_id`` update rewrites
every earlier output with that id, in any cell of the notebook.

Two protections for notebooks that others open (issue 25): display data and results are
sanitized (`sandbox/sanitize.py`: no JavaScript outputs, HTML/SVG from an allow-list) unless the
recorder is made with ``safe_outputs=False``; and the whole notebook has an output budget
(`budget_bytes`) that counts every copy a ``display_id`` update makes, so a few thousand small
displays and one large update cannot build a notebook of gigabytes. Past the budget, outputs
and updates are dropped and one note on stderr says so.
"""

from __future__ import annotations

import json
from typing import Any

from ..sandbox.sanitize import sanitize_bundle
from .options import NOTEBOOK_OUTPUT_BYTES


def output_size(data: Any) -> int:
    """Approximate bytes of a mimebundle or text: string lengths, JSON values encoded."""
    if isinstance(data, str):
        return len(data)
    if isinstance(data, dict):
        return sum(len(str(k)) + output_size(v) for k, v in data.items())
    try:
        return len(json.dumps(data))
    except (TypeError, ValueError):
        return len(repr(data))


class OutputRecorder:
    """Outputs of the notebook's cells, one cell at a time (`begin` selects the cell)."""

    def __init__(self, *, safe_outputs: bool = True, budget_bytes: int = NOTEBOOK_OUTPUT_BYTES) -> None:
        self.safe_outputs = safe_outputs
        self.budget_bytes = budget_bytes
        self.used_bytes = 0  #: output bytes recorded in this notebook, every display copy counted
        self.over_budget = False
        self.outputs: list[dict[str, Any]] = []
        self._cell_index = -1
        self._clear_pending = False
        #: display_id -> cell index -> indices of its outputs (nbclient's `_display_id_map`).
        self._display_ids: dict[str, dict[int, list[int]]] = {}
        self._cells: dict[int, list[dict[str, Any]]] = {}
        self._open_stream: dict[str, Any] | None = None  #: the stream output text is appended to
        self._open_parts: list[str] = []

    def reset(self) -> None:
        """Forget all cells (a new notebook)."""
        self.outputs = []
        self.used_bytes = 0
        self.over_budget = False
        self._cell_index = -1
        self._clear_pending = False
        self._display_ids = {}
        self._cells = {}
        self._open_stream, self._open_parts = None, []

    def begin(self, cell_index: int) -> list[dict[str, Any]]:
        """Start recording into a new, empty output list for cell `cell_index`; return it."""
        self._close_stream()
        self.outputs = []
        self._cells[cell_index] = self.outputs
        self._cell_index = cell_index
        self._clear_pending = False
        return self.outputs

    # producers ------------------------------------------------------------------------------
    def _charge(self, nbytes: int) -> bool:
        """Count `nbytes` against the notebook budget; False (and one note) when they do not fit."""
        if self.used_bytes + nbytes <= self.budget_bytes and not self.over_budget:
            self.used_bytes += nbytes
            return True
        if not self.over_budget:
            self.over_budget = True
            note = (f"[notebook output budget of {self.budget_bytes} bytes reached "
                    "(display updates count every copy): later outputs of this notebook are dropped]\n")
            self._before_output().append({"output_type": "stream", "name": "stderr", "text": note})
        return False

    def _clean(self, data: dict[str, Any]) -> dict[str, Any]:
        return sanitize_bundle(data) if self.safe_outputs and data else data

    def stream(self, name: str, text: str) -> None:
        if not text or not self._charge(len(text)):
            return
        stream = self._open_stream
        if stream is not None and stream["name"] == name and not self._clear_pending:
            self._open_parts.append(text)  # joined once, in `_close_stream` (no quadratic +=)
            return
        outs = self._before_output()  # closes the open stream
        last = outs[-1] if outs else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            self._open_stream, self._open_parts = last, [text]
        else:
            self._open_stream = {"output_type": "stream", "name": name, "text": ""}
            self._open_parts = [text]
            outs.append(self._open_stream)

    def finish(self) -> None:
        """End of the cell: the last stream output gets its text."""
        self._close_stream()

    def _close_stream(self) -> None:
        if self._open_stream is not None:
            self._open_stream["text"] += "".join(self._open_parts)
            self._open_stream, self._open_parts = None, []

    def display(self, message: dict[str, Any]) -> None:
        """A guest display message (from the sandbox's `on_display`)."""
        if message.get("type") == "clear_output":
            self.clear(bool(message.get("wait", False)))
            return
        data = self._clean(dict(message.get("data") or {}))
        metadata = dict(message.get("metadata") or {})
        transient = message.get("transient") or {}
        display_id = transient.get("display_id") if isinstance(transient, dict) else None
        if display_id is not None and not isinstance(display_id, str):
            display_id = str(display_id)
        if display_id:
            self._update_display(display_id, data, metadata)
            if message.get("update"):
                return  # update_display_data: rewrites earlier outputs only
        if not self._charge(output_size(data) + output_size(metadata)):
            return
        outs = self._before_output()
        if display_id:
            self._display_ids.setdefault(display_id, {}).setdefault(self._cell_index, []).append(len(outs))
        outs.append({"output_type": "display_data", "data": data, "metadata": metadata})

    def result(self, execution_count: int, data: dict[str, Any], metadata: dict[str, Any]) -> None:
        data = self._clean(dict(data))
        if not self._charge(output_size(data) + output_size(metadata or {})):
            return
        self._before_output().append(
            {"output_type": "execute_result", "execution_count": execution_count, "data": data,
             "metadata": dict(metadata or {})})

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        # Always recorded (the verdict lives here); the sandbox already shortened the record.
        self.used_bytes += len(ename) + len(evalue) + sum(len(line) for line in traceback)
        self._before_output().append(
            {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": list(traceback)})

    def clear(self, wait: bool) -> None:
        if wait:
            self._clear_pending = True
        else:
            self._clear_now()

    # internals ------------------------------------------------------------------------------
    def _before_output(self) -> list[dict[str, Any]]:
        self._close_stream()
        if self._clear_pending:
            self._clear_pending = False
            self._clear_now()
        return self.outputs

    def _clear_now(self) -> None:
        self._open_stream, self._open_parts = None, []
        self.outputs.clear()
        for cell_map in self._display_ids.values():
            if self._cell_index in cell_map:
                cell_map[self._cell_index] = []

    def _update_display(self, display_id: str, data: dict[str, Any], metadata: dict[str, Any]) -> None:
        size = output_size(data) + output_size(metadata)
        for cell_index, indices in self._display_ids.get(display_id, {}).items():
            outs = self._cells.get(cell_index, [])
            for i in indices:
                if i < len(outs):
                    if not self._charge(size):  # every copy counts
                        return
                    outs[i]["data"] = dict(data)
                    outs[i]["metadata"] = dict(metadata)
