"""Comm messages (``comm_open``/``comm_msg``/``comm_close``): answered as ipykernel answers
them for a target nobody registered.

The guest has no comm targets (no widgets), so every ``comm_open`` fails the way ipykernel's
comm manager fails one for an unknown target: the kernel publishes ``comm_close`` for that
comm id on IOPub, so the frontend drops its side. ``comm_msg`` and ``comm_close`` for comms
the kernel does not hold are ignored, as in ipykernel. JupyterLab opens comms on every notebook
it opens; without these handlers the base kernel logs "Unknown message type" for each.
"""

from __future__ import annotations

from typing import Any

COMM_MESSAGE_TYPES = ("comm_open", "comm_msg", "comm_close")


class UnknownTargetComms:
    """Shell handlers for the three comm message types of one kernel."""

    def __init__(self, kernel: Any) -> None:
        self._kernel = kernel

    def install(self) -> None:
        """Register the handlers in the kernel's ``shell_handlers``."""
        for msg_type in COMM_MESSAGE_TYPES:
            self._kernel.shell_handlers[msg_type] = getattr(self, msg_type)

    def comm_open(self, stream: Any, ident: Any, msg: dict) -> None:
        """No target can accept it: close the comm on the frontend (IOPub ``comm_close``)."""
        content = msg.get("content") or {}
        comm_id = content.get("comm_id")
        target = content.get("target_name")
        kernel = self._kernel
        kernel.log.debug("comm_open for target %r: no such comm target; closing comm %r", target, comm_id)
        if not isinstance(comm_id, str) or kernel.session is None:
            return
        kernel.session.send(
            kernel.iopub_socket,
            "comm_close",
            {"comm_id": comm_id, "data": {}},
            parent=msg,
            ident=f"comm-{comm_id}".encode(),
        )

    def comm_msg(self, stream: Any, ident: Any, msg: dict) -> None:
        """A message for a comm this kernel does not hold: ignored (ipykernel does the same)."""
        self._kernel.log.debug("comm_msg for unknown comm %r ignored", (msg.get("content") or {}).get("comm_id"))

    def comm_close(self, stream: Any, ident: Any, msg: dict) -> None:
        """Closing a comm this kernel does not hold: nothing to release."""
        self._kernel.log.debug("comm_close for unknown comm %r", (msg.get("content") or {}).get("comm_id"))
