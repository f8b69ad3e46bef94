"""Cell outputs as nbclient records them: streams, displays, results, errors, clear_output, display ids.

`OutputRecorder` receives what the sandbox produces while a cell runs (stream text, display
messages) and what the executor adds afterwards (the result or the error), and keeps them as
nbformat output dicts in the current cell, the way nbclient turns the kernel's IOPub messages into
outputs: consecutive text on the same stream becomes one ``stream`` output (nbclient with
``coalesce_streams``; the kernel's own 50 ms coalescing makes the split points timing-dependent),
``clear_output(wait=True)`` clears before the next output, and a ``display_id`` update rewrites
every earlier output with that id, in any cell of the notebook.
"""

from __future__ import annotations

from typing import Any


class OutputRecorder:
    """Outputs of the notebook's cells, one cell at a time (`begin` selects the cell)."""

    def __init__(self) -> None:
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
    def stream(self, name: str, text: str) -> None:
        if not text:
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
        data = dict(message.get("data") or {})
        metadata = dict(message.get("metadata") or {})
        transient = message.get("transient") or {}
        display_id = transient.get("display_id") if isinstance(transient, dict) else None
        if display_id is not None and not isinstance(display_id, str):
            display_id = str(display_id)
        if display_id:
            self._update_display(display_id, data, metadata)
            if message.get("update"):
                return  # update_display_data: rewrites earlier outputs only
        outs = self._before_output()
        if display_id:
            self._display_ids.setdefault(display_id, {}).setdefault(self._cell_index, []).append(len(outs))
        outs.append({"output_type": "display_data", "data": data, "metadata": metadata})

    def result(self, execution_count: int, data: dict[str, Any], metadata: dict[str, Any]) -> None:
        self._before_output().append(
            {"output_type": "execute_result", "execution_count": execution_count, "data": dict(data),
             "metadata": dict(metadata or {})})

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
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
        for cell_index, indices in self._display_ids.get(display_id, {}).items():
            outs = self._cells.get(cell_index, [])
            for i in indices:
                if i < len(outs):
                    outs[i]["data"] = dict(data)
                    outs[i]["metadata"] = dict(metadata)
