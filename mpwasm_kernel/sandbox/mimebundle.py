"""Host-side validation of guest mimebundles against the nbformat output schema.

A guest can write any JSON to the display channel, and can make its runtime return any result;
a value the notebook format does not allow (`{"text/plain": 5}`, a dict as `display_id`) makes
nbformat validation (and so `NotebookClient.execute`) fail for the whole notebook. The rules
follow nbformat 4's `mimebundle` and `display_data` schemas:

- mime types are strings of the form `type/subtype` (at most `MAX_KEY_CHARS`);
- values of JSON types (`application/json`, `application/*+json`) may be any finite JSON value;
  every other value must be a string (a list of strings, nbformat's multiline form, is joined);
- `metadata` is an object of finite JSON values; `transient.display_id` is a string;
- at most `MAX_ENTRIES` mime types per bundle.

Invalid entries are dropped, each with a short problem description the caller reports.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_ENTRIES = 32
MAX_KEY_CHARS = 128
MAX_DISPLAY_ID_CHARS = 256
_MIME = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$")
_JSON_MIME = re.compile(r"^application/(.*\+)?json$")


def _finite_json(value: Any) -> bool:
    """Is `value` plain JSON without NaN/Infinity (which JSON and nbformat do not allow)?"""
    try:
        json.dumps(value, allow_nan=False)
    except (ValueError, TypeError, RecursionError):
        return False
    return True


def is_json_mime(mime: str) -> bool:
    return bool(_JSON_MIME.match(mime))


def clean_bundle(data: Any, metadata: Any = None) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """`(data, metadata, problems)`: the valid part of a guest mimebundle and what was dropped."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return {}, {}, ["the mimebundle is not an object"]
    clean: dict[str, Any] = {}
    for key, value in data.items():
        shown = repr(key)[:40]
        if len(clean) >= MAX_ENTRIES:
            problems.append(f"more than {MAX_ENTRIES} mime types")
            break
        if not isinstance(key, str) or len(key) > MAX_KEY_CHARS or not _MIME.match(key):
            problems.append(f"{shown} is not a mime type")
        elif is_json_mime(key):
            if _finite_json(value):
                clean[key] = value
            else:
                problems.append(f"{shown} is not finite JSON")
        elif isinstance(value, str):
            clean[key] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            clean[key] = "".join(value)
        else:
            problems.append(f"{shown} must be a string, not {type(value).__name__}")
    meta: dict[str, Any] = {}
    if isinstance(metadata, dict):
        for key, value in metadata.items():
            if isinstance(key, str) and _finite_json(value):
                meta[key] = value
            else:
                problems.append(f"metadata {repr(key)[:40]} is not finite JSON")
    elif metadata not in (None, {}):
        problems.append("metadata is not an object")
    return clean, meta, problems


def clean_transient(transient: Any) -> tuple[dict[str, Any], list[str]]:
    """The valid `transient` of a display message: only a string `display_id` is kept."""
    if not isinstance(transient, dict) or "display_id" not in transient:
        return {}, ([] if transient in (None, {}) or isinstance(transient, dict) else ["transient is not an object"])
    display_id = transient["display_id"]
    if isinstance(display_id, str) and 0 < len(display_id) <= MAX_DISPLAY_ID_CHARS:
        return {"display_id": display_id}, []
    return {}, ["display_id must be a non-empty string"]
