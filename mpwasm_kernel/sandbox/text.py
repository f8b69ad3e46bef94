"""Guest text made safe for the host: every string that leaves the sandbox encodes as UTF-8.

Guest JSON can carry escaped lone surrogates (``"\\ud800"``) which `json.loads` turns into Python
strings that no UTF-8 encoder accepts: one of them in a Jupyter message makes message packing
raise. `encodable` replaces each lone surrogate with U+FFFD in a parsed JSON value, iteratively
(nesting depth is the guest's choice), so the host never recurses on guest data.
"""

from __future__ import annotations

import json
from typing import Any

REPLACEMENT = "\ufffd"


def encodable_str(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (the same object when already valid)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join(REPLACEMENT if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def encodable(value: Any) -> Any:
    """A JSON value (dicts, lists, strings, numbers) whose strings and keys all encode as UTF-8:
    `value` itself when it already does, else a copy (tuples become lists; other objects are
    kept as they are)."""
    if isinstance(value, str):
        return encodable_str(value)
    if not isinstance(value, dict | list | tuple):
        return value
    try:
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
        return value
    except (UnicodeEncodeError, ValueError, TypeError, RecursionError):
        pass
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(root, 0, value)]
    while stack:
        parent, key, item = stack.pop()
        if isinstance(item, str):
            parent[key] = encodable_str(item)
        elif isinstance(item, dict):
            copy: dict[Any, Any] = {}
            parent[key] = copy
            for k, v in item.items():
                k = encodable_str(k) if isinstance(k, str) else k
                copy[k] = None
                stack.append((copy, k, v))
        elif isinstance(item, list | tuple):
            items: list[Any] = [None] * len(item)
            parent[key] = items
            stack.extend((items, i, v) for i, v in enumerate(item))
        else:
            parent[key] = item
    return root[0]
