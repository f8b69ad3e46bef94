"""Help and inspection text: what the guest knows about an object, plus what MicroPython does not
keep (signatures, docstrings, sources of the session's own definitions; CPython's documentation
for builtins and standard modules)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Container
from typing import Any

from ..sandbox.cpython.docs import lookup as lookup_doc
from ..sandbox.cpython.tracebacks import SourceRegistry
from ..sandbox.mimebundle import clean_bundle

__all__ = ["with_definition"]

log = logging.getLogger(__name__)
_CELL_RE = re.compile(r"<cell-(\d+)>")


def with_definition(found: Any, detail_level: int, sources: SourceRegistry | None,
                    kept_cells: Callable[[], Container[int]] | None = None) -> dict[str, Any] | None:
    """The mimebundle for the guest's inspection answer `found` (None when it found nothing).

    For a function, class or module, ``text/plain`` gets the signature and docstring (and at
    detail 1 the source) of a definition in the session's cells, or CPython's signature and
    docstring for builtins and standard modules, labelled. A definition from a cell that
    `kept_cells` no longer lists (it left the bounded history) is not used.
    """
    if not isinstance(found, dict) or not found.get("found"):
        return None
    data, _, _ = clean_bundle(found.get("data") or {})
    name = str(found.get("name") or "")
    text = data.get("text/plain")
    if found.get("kind") not in ("function", "class", "module") or not text or sources is None:
        return data
    try:
        doc = lookup_doc(sources, name)
    except Exception:
        log.debug("documentation lookup failed", exc_info=True)
        doc = None
    cell = _CELL_RE.fullmatch(doc.filename) if doc is not None else None
    if cell is not None and kept_cells is not None and int(cell[1]) not in kept_cells():
        doc = None  # that cell left the bounded history: its text is not kept for help either
    if doc is None:
        return data
    lines = [line for line in text.splitlines() if not line.startswith(("Docstring:", "Source:"))]
    if doc.signature:
        lines.append(f"Signature:   {doc.signature}")
    docstring = doc.docstring_text()
    if docstring:
        lines.append("Docstring:   " + docstring.replace("\n", "\n             "))
    else:
        lines.append("Docstring:   <no docstring>")
    if detail_level and doc.source:
        match = _CELL_RE.fullmatch(doc.filename)
        where = f"cell [{match[1]}]" if match else doc.filename
        lines.append(f"Source ({where}):\n{doc.source}")
    data["text/plain"] = "\n".join(lines)
    return data
