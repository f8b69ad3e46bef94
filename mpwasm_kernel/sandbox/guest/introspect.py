"""Inspection and namespace listing for the guest (runs inside MicroPython).

Loaded as module ``_mpk_introspect`` by ``_mpk_runtime`` on the first helper call (lazily, see
docs/speed.md). The host calls these functions with the user
namespace dict ``ns`` as first argument (``Sandbox.call(name, *args)``). Every public function
returns JSON-serialisable values and never raises an ``Exception``: on any failure it returns an
empty result. Nothing here calls user objects except through ``getattr`` (which may run a
property), ``repr`` and ``len``; the host runs these calls under the same limits as a cell.

Positions are in unicode code points (Jupyter protocol >= 5.2); MicroPython's ``str`` indexes
code points, so they are used as-is. Completion (``complete``, ``module_names``) lives in
``_mpk_complete`` (complete.py), loaded on the first call of one of them.
"""

import sys

KEYWORDS = (
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
)

_REPR_LIMIT = 200
_WHOS_REPR_LIMIT = 80

# Names the runtime puts in a fresh user namespace (values taken from ``_mpk_display``).
INJECTED_NAMES = ("display",)
# name -> value of the runtime's own entries in the user namespace (see ``hide``).
_hidden = {}


# --- small helpers ---------------------------------------------------------------------------

def _is_ident_char(ch):
    return ch == "_" or ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9") or ord(ch) > 127


def _is_identifier(name):
    if not name or ("0" <= name[0] <= "9"):
        return False
    for ch in name:
        if not _is_ident_char(ch):
            return False
    return True


def _exc_text(exc):
    try:
        msg = str(exc)
    except Exception:
        msg = ""
    return type(exc).__name__ + (": " + msg if msg else "")


def _safe_repr(obj, limit=None):
    try:
        text = repr(obj)
        if not isinstance(text, str):
            text = "<repr returned non-string>"
    except Exception as exc:
        text = "<repr failed: " + _exc_text(exc) + ">"
    if limit is not None and len(text) > limit:
        half = (limit - 5) // 2
        text = text[:half] + " ... " + text[len(text) - half:]
    return text


def _is_module(obj):
    """True for modules, including the runtime's module-like namespaces (``IPython``)."""
    if isinstance(obj, type(sys)):
        return True
    try:
        name = getattr(obj, "__name__", None)
        return isinstance(name, str) and sys.modules.get(name) is obj
    except Exception:
        return False


def _type_name(obj):
    if _is_module(obj):
        return "module"
    try:
        return type(obj).__name__
    except Exception:
        return "object"


def _clamp_cursor(code, cursor_pos):
    if not isinstance(code, str):
        raise TypeError("code must be str")
    try:
        pos = len(code) if cursor_pos is None else int(cursor_pos)
    except Exception:
        pos = len(code)
    if pos < 0:
        pos = 0
    if pos > len(code):
        pos = len(code)
    return code, pos


def _builtins_module():
    try:
        import builtins

        return builtins
    except Exception:
        return None


def _lookup_name(ns, name):
    """(True, value) for a global or builtin name, else (False, None)."""
    if name in ns:
        return True, ns[name]
    if name == "None":
        return True, None
    if name == "True":
        return True, True
    if name == "False":
        return True, False
    mod = _builtins_module()
    if mod is not None:
        try:
            return True, getattr(mod, name)
        except Exception:
            pass
    return False, None


def _resolve(ns, dotted):
    """(True, value) for ``a.b.c`` walked through ns/builtins and getattr; (False, None) if not."""
    parts = dotted.split(".")
    for part in parts:
        if not _is_identifier(part):
            return False, None
    found, obj = _lookup_name(ns, parts[0])
    if not found:
        return False, None
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:
            return False, None
    return True, obj


def _token_before(text):
    """The ``name.name.partial`` expression ending at the end of text ("" if none)."""
    i = len(text)
    while i > 0 and (_is_ident_char(text[i - 1]) or text[i - 1] == "."):
        i -= 1
    return text[i:]


# --- inspect ---------------------------------------------------------------------------------

def _callee_before(code, pos):
    """Name called by the innermost call left open before ``pos`` ("" if none)."""
    depth = 0
    i = pos - 1
    while i >= 0:
        ch = code[i]
        if ch in ")]}":
            depth += 1
        elif ch in "([{":
            if depth == 0:
                if ch != "(":
                    return ""
                token = _token_before(code[:i].rstrip()).strip(".")
                if token and not ("0" <= token[0] <= "9") and token not in KEYWORDS:
                    return token
                return ""
            depth -= 1
        i -= 1
    return ""


def _expression_at(code, pos):
    """The expression to inspect at ``pos``, like IPython's ``token_at_cursor``.

    Inside an open call ``f(a, b|`` it is the callee ``f``; otherwise the dotted name under or
    just before the cursor.
    """
    callee = _callee_before(code, pos)
    if callee:
        return callee
    end = pos
    while end < len(code) and _is_ident_char(code[end]):
        end += 1
    token = _token_before(code[:end]).strip(".")
    if token and not ("0" <= token[0] <= "9") and token not in KEYWORDS:
        return token
    return ""


def _field(lines, label, value):
    head = label + ":"
    lines.append(head + " " * max(1, 13 - len(head)) + value)


def _kind(obj):
    if isinstance(obj, type):
        return "class"
    if _is_module(obj):
        return "module"
    if callable(obj):
        return "function"
    return "object"


def _string_form(obj, name):
    text = _safe_repr(obj, _REPR_LIMIT)
    if text == "<function>":  # MicroPython's repr of built-in functions carries no name
        return "<built-in function " + name.split(".")[-1] + ">"
    return text


def inspect(ns, code, cursor_pos=None, detail_level=0):
    """IPython-style help text (``obj?``) for the name or dotted expression at the cursor.

    Returns ``{"found": bool, "data": {"text/plain": str} or {}, "metadata": {},
    "name": expr, "kind": "function"|"class"|"module"|"object"}``; ``name``/``kind`` (present
    when found) let the kernel add a signature or source it knows from cell history.
    MicroPython strips docstrings and keeps no argument names, so ``Docstring`` is usually
    ``<no docstring>`` and there is no ``Signature`` line.
    """
    empty = {"found": False, "data": {}, "metadata": {}}
    try:
        code, pos = _clamp_cursor(code, cursor_pos)
        name = _expression_at(code, pos)
        if not name:
            return empty
        found, obj = _resolve(ns, name)
        if not found:
            return empty
        kind = _kind(obj)
        lines = []
        _field(lines, "Type", _type_name(obj))
        _field(lines, "String form", _string_form(obj, name))
        if kind == "module":
            path = getattr(obj, "__file__", None)
            if isinstance(path, str):
                _field(lines, "File", path)
        elif kind == "class":
            try:
                bases = ", ".join(b.__name__ for b in obj.__bases__)
                if bases:
                    _field(lines, "Bases", bases)
            except Exception:
                pass
        elif kind == "object":
            try:
                _field(lines, "Length", str(len(obj)))
            except Exception:
                pass
        doc = None
        try:
            doc = getattr(obj, "__doc__", None)
        except Exception:
            doc = None
        if isinstance(obj, (str, bytes, bytearray, int, float, list, tuple, dict, set)):
            doc = None  # instances of built-in types share their type's doc
        _field(lines, "Docstring", doc if isinstance(doc, str) and doc else "<no docstring>")
        try:
            level = int(detail_level)
        except Exception:
            level = 0
        if level >= 1 and kind in ("function", "class"):
            _field(lines, "Source", "<not available: MicroPython keeps no source>")
        return {
            "found": True,
            "data": {"text/plain": "\n".join(lines)},
            "metadata": {},
            "name": name,
            "kind": kind,
        }
    except Exception:
        return empty


# --- who / whos / reset ----------------------------------------------------------------------

def hide(ns, names=None):
    """Record runtime-provided entries of ``ns`` (all current keys, or ``names``).

    ``who``/``whos`` skip a recorded name while it still holds the recorded object; ``reset``
    keeps (and restores) them. Returns the number of names recorded.
    """
    try:
        keys = list(ns) if names is None else list(names)
        for key in keys:
            if key in ns:
                _hidden[key] = ns[key]
        return len(keys)
    except Exception:
        return 0


def _hidden_entries():
    """Recorded runtime entries; without ``hide`` calls, the runtime's injected ``display``."""
    if _hidden:
        return _hidden
    mod = sys.modules.get("_mpk_display")
    entries = {}
    for name in INJECTED_NAMES:
        try:
            entries[name] = getattr(mod, name)
        except Exception:
            pass
    return entries


def _is_user_name(ns, name, hidden):
    if not isinstance(name, str) or name.startswith("_"):
        return False
    return not (name in hidden and hidden[name] is ns[name])


def who(ns):
    """Sorted names of user variables (no ``_`` names, no runtime-provided entries)."""
    try:
        hidden = _hidden_entries()
        return sorted(name for name in list(ns) if _is_user_name(ns, name, hidden))
    except Exception:
        return []


def whos(ns):
    """``[[name, type_name, short_repr], ...]`` for ``who(ns)``."""
    rows = []
    try:
        for name in who(ns):
            value = ns[name]
            if _is_module(value):
                info = getattr(value, "__name__", name)
                info = info if isinstance(info, str) else name
            else:
                info = _safe_repr(value, _WHOS_REPR_LIMIT).replace("\n", " ")
            rows.append([name, _type_name(value), info])
    except Exception:
        pass
    return rows


def reset(ns):
    """Delete user variables from ``ns``; keep ``__dunder__`` entries and restore hidden ones.

    Returns the sorted list of deleted names.
    """
    removed = []
    try:
        hidden = _hidden_entries()
        for name in list(ns):
            if isinstance(name, str) and name.startswith("__") and name.endswith("__"):
                continue
            if name in hidden and hidden[name] is ns[name]:
                continue
            del ns[name]
            removed.append(name)
        for name, value in hidden.items():
            ns[name] = value
        removed = [n for n in removed if isinstance(n, str)]
        removed.sort()
    except Exception:
        pass
    return removed


# --- completion (complete.py) ----------------------------------------------------------------

def _completion():
    return sys.modules["_mpk_runtime"]._lazy("complete")


def complete(ns, code, cursor_pos=None):
    """Completion matches for ``code`` at ``cursor_pos`` (see ``_mpk_complete.complete``)."""
    return _completion().complete(ns, code, cursor_pos)


def module_names():
    """Importable module names (see ``_mpk_complete.module_names``)."""
    return _completion().module_names()
