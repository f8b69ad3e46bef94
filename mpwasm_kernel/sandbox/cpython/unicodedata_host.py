"""Unicode character properties for the guest's `unicodedata` (guest/lib/unicodedata.py),
answered by the host CPython's own `unicodedata` (MicroPython has no Unicode database).

`unicodedata_reply(msg)` takes the guest's channel message ``{"func": name, "args": [...]}`` and
returns ``{"value": result}`` or ``{"error": [exception name, message]}`` (CPython's own: a
`ValueError` "no such name", a `TypeError` for a string that is not one character, a `KeyError`
from `lookup`). Only the functions in `FUNCTIONS` run; arguments are checked first (strings, at
most `MAX_CHARS` characters), so a guest request costs at most one pass over that text.
"""

from __future__ import annotations

import unicodedata

MAX_CHARS = 1 << 16
# name -> the argument kinds it takes ("s": a str; "d": the optional default, any JSON value)
FUNCTIONS = {
    "category": "s", "name": "sd", "lookup": "s", "decimal": "sd", "digit": "sd", "numeric": "sd",
    "bidirectional": "s", "combining": "s", "east_asian_width": "s", "mirrored": "s",
    "decomposition": "s", "normalize": "ss", "is_normalized": "ss",
}


def unicodedata_reply(msg: dict) -> dict:
    """The reply to one guest `unicodedata` request (see the module docstring)."""
    if msg.get("version"):
        return {"value": unicodedata.unidata_version}
    func, args = msg.get("func"), msg.get("args")
    kinds = FUNCTIONS.get(func) if isinstance(func, str) else None
    if kinds is None or not isinstance(args, list) or not 1 <= len(args) <= len(kinds):
        return {"error": ["TypeError", f"unicodedata: bad request {str(func)[:40]!r}"]}
    for kind, value in zip(kinds, args, strict=False):
        if kind == "s" and not isinstance(value, str):
            return {"error": ["TypeError", f"{func}() argument must be a unicode character, not "
                              f"{type(value).__name__}"]}
        if kind == "s" and len(value) > MAX_CHARS:
            return {"error": ["ValueError", f"unicodedata: text over {MAX_CHARS} characters"]}
    try:
        return {"value": getattr(unicodedata, func)(*args)}
    except (TypeError, ValueError, KeyError) as exc:
        text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        return {"error": [type(exc).__name__, str(text)]}
