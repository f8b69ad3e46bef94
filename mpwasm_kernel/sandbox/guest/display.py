"""Rich display for the guest: an IPython.display-compatible subset (runs inside MicroPython).

Loaded as module ``_mpk_display`` by ``_mpk_runtime`` on first use (lazily, see docs/speed.md),
which also registers it as ``IPython.display``. Every display sends one message through ``_mpk_channel.send``::

    {"type": "display", "data": {mime: value}, "metadata": {mime: {...}},
     "transient": {"display_id": id} or {}, "update": bool}
    {"type": "clear_output", "wait": bool}

``format_object(obj)`` builds the mimebundle of a value (also used for execute_result).
Values in a bundle are JSON-safe: binary data is base64 text, JSON mime types keep dicts/lists.
MicroPython's ``json.dumps`` writes the repr of objects it cannot encode (and ``nan``), so this
module validates bundles itself instead of relying on the encoder to fail.
"""

import binascii
import json
import sys

# (method name, mime type), in the order IPython's formatters use.
_REPR_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_latex_", "text/latex"),
    ("_repr_json_", "application/json"),
    ("_repr_javascript_", "application/javascript"),
)

_MAX_DEPTH = 64


def _b64(raw):
    """Base64 text of bytes-like ``raw``, without the trailing newline."""
    return binascii.b2a_base64(bytes(raw), newline=False).decode()


def _exc_text(exc):
    try:
        msg = str(exc)
    except Exception:
        msg = "?"
    return type(exc).__name__ + (": " + msg if msg else "")


def _safe_repr(obj):
    """``repr(obj)``; a short ``<repr failed: ExcName: msg>`` text if repr raises."""
    try:
        text = repr(obj)
        if not isinstance(text, str):
            raise TypeError("__repr__ returned non-string")
        return text
    except Exception as exc:
        return "<repr failed: " + _exc_text(exc) + ">"


# IPython's pretty printer (what ipykernel shows as a result) writes some objects otherwise than
# repr(): classes by dotted name, instances with the default repr and iterator objects without
# "object", functions with module and signature. SIGNATURE marks where the host puts a function's
# parameters (sandbox/cpython/pretty.py: it has the cells' source; the guest does not).
SIGNATURE = "\x00"


def _pretty(obj):
    """``text/plain`` of ``obj`` as IPython's pretty printer writes it, else ``_safe_repr``."""
    kind = type(obj)
    try:
        if kind is type:
            module = getattr(obj, "__module__", "builtins")
            name = getattr(obj, "__qualname__", obj.__name__)
            if repr(obj) == "<class '%s'>" % name:
                return name if module == "builtins" else module + "." + name
            if module != "builtins" and repr(obj) == "<class '%s.%s'>" % (module, name):
                return module + "." + name
        name = kind.__name__
        if name in ("zip", "map", "filter", "enumerate"):
            return "<%s at 0x%x>" % (name, id(obj))
        if name == "iterator" or name == "reversed":
            return _iterator(obj, kind, name)
        if name == "function" and not hasattr(obj, "__name__"):  # a built-in (C) function
            found = sys.modules["_mpk_pycompat"].repr.__globals__["get"]("builtin_name")(obj)
            if found:
                return "<function %s(%s)>" % (found, SIGNATURE)
        if name == "_Pattern" and getattr(kind, "__module__", None) == "re":  # re.compile(r'\d+', re.UNICODE)
            return _re_pattern(obj)
        if name == "bound_method":  # a built-in type's method ("abc".upper): the host names it
            text = repr(obj)
            if text.endswith(".<function>>"):
                return SIGNATURE + text
        if name == "builtin_function_or_method" and hasattr(obj, "_func"):  # a shim's ("ab".title)
            return "%s<bound_method 0 %s.<function>>" % (SIGNATURE, _safe_repr(obj.__self__))
        if name == "function" and obj is getattr(sys.modules.get("_mpk_runtime"), "_help", None):
            return "Type help() for interactive help, or help(object) for help about object."  # site's Helper
        if (name in ("function", "closure") or name == "generator" and not hasattr(obj, "send")) \
                and hasattr(obj, "__name__"):  # a generator function's type is "generator" too
            space = getattr(obj, "__globals__", None)
            module = space.get("__name__") if type(space) is dict else None
            prefix = module + "." if module and module != "builtins" else ""
            return "<function %s%s(%s)>" % (prefix, obj.__name__, SIGNATURE)
        if kind is list or kind is tuple or kind is dict or kind is set:
            if _holds_class(obj):  # (int, float): IPython writes classes by name in containers too
                return _pretty_items(_container_text(obj, 0))
            return _pretty_items(_safe_repr(obj))
        module = getattr(kind, "__module__", None)
        if module is not None and (not hasattr(kind, "__repr__") or _default_repr(kind)):
            text = repr(obj)
            qualname = getattr(kind, "__qualname__", name)
            if text.startswith("<%s.%s object at " % (module, qualname)):
                return "<%s.%s at 0x%x>" % (module, qualname, id(obj))
    except Exception:
        pass
    return _safe_repr(obj)


def _default_repr(kind):
    """Is ``kind``'s ``__repr__`` the default one the source pass gives plain classes
    (guest library ``_mpk_object``)?"""
    base = sys.modules.get("_mpk_object")
    return base is not None and getattr(kind, "__repr__", None) is base.default_repr and \
        base.cpython_repr(kind) is None  # not a diamond where CPython's order finds another __repr__


def _iterator(obj, kind, name):
    """IPython's ``<list_iterator at 0x...>`` for MicroPython's iterators, which are all named
    "iterator": a range's or bytearray's iterator has its own type; for the shared one (lists,
    tuples, str, bytes, sets), a dict's (keys, values, items) and ``reversed`` the host names the
    kind from the cell's expression (``sandbox/cpython/pretty.py``) where SIGNATURE marks it."""
    if name == "reversed":
        return "<%sreversed at 0x%x>" % (SIGNATURE, id(obj))
    if kind is type(iter(range(0))):
        return "<range_iterator at 0x%x>" % id(obj)
    if kind is type(iter(bytearray())):
        return "<bytearray_iterator at 0x%x>" % id(obj)
    if kind is type(iter({})):
        return "<%sdict_iterator at 0x%x>" % (SIGNATURE, id(obj))
    if kind is type(iter(())):
        return "<%siterator at 0x%x>" % (SIGNATURE, id(obj))
    return _safe_repr(obj)


_RE_FLAGS = (("IGNORECASE", 2), ("LOCALE", 4), ("MULTILINE", 8), ("DOTALL", 16), ("UNICODE", 32),
             ("VERBOSE", 64), ("DEBUG", 128))


def _re_pattern(obj):
    """IPython's text of a compiled pattern: the pattern as a raw literal, the flags by name."""
    text = repr(obj.pattern)
    text = "r" + text.replace("\\\\", "\\")
    value = obj.flags.value if hasattr(obj.flags, "value") else int(obj.flags)
    flags = "|".join("re." + name for name, bit in _RE_FLAGS if value & bit)
    return "re.compile(%s%s)" % (text, ", " + flags if value else "")  # (IPython: ", )" for ASCII alone)


def _holds_class(obj):
    """Does a (small) container hold a class among its items or values?"""
    items = obj.values() if type(obj) is dict else obj
    if len(items) > 1000:
        return False
    for item in items:
        if type(item) is type:
            return True
    return False


def _container_text(obj, depth):
    """repr() of a list/tuple/dict/set whose classes are written as IPython writes them."""
    kind = type(obj)
    if depth > 3 or kind not in (list, tuple, dict, set):
        return _pretty(obj) if type(obj) is type else _safe_repr(obj)
    if kind is dict:
        return "{" + ", ".join(_safe_repr(k) + ": " + _container_text(v, depth + 1) for k, v in obj.items()) + "}"
    parts = [_container_text(item, depth + 1) for item in obj]
    if kind is list:
        return "[" + ", ".join(parts) + "]"
    if kind is tuple:
        return "(" + ", ".join(parts) + (",)" if len(parts) == 1 else ")")
    return "{" + ", ".join(parts) + "}" if parts else "set()"


def _pretty_items(text):
    """A container's repr with its default-repr items as IPython writes them: ``<M.N at 0x...>``
    for ``<M.N object at 0x...>`` (generators keep "object", as in IPython)."""
    at = text.find(" object at 0x")
    while at >= 0:
        start = text.rfind("<", 0, at)
        word = text[start + 1:at]
        if start >= 0 and word and " " not in word and word != "generator":
            text = text[:at] + text[at + 7:]
            at = text.find(" object at 0x", at)
        else:
            at = text.find(" object at 0x", at + 1)
    return text


def _is_json_mime(mime):
    return mime == "application/json" or mime.endswith("+json")


def _json_value(value, depth=0):
    """A JSON-encodable copy of ``value``; TypeError/ValueError if it has no JSON form."""
    if depth > _MAX_DEPTH:
        raise ValueError("value nested too deeply")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("non-finite float is not valid JSON")
        return value
    if isinstance(value, (list, tuple)):
        return [_json_value(v, depth + 1) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise TypeError("JSON object keys must be str, not " + type(key).__name__)
            out[key] = _json_value(v, depth + 1)
        return out
    raise TypeError("value of type " + type(value).__name__ + " is not JSON serializable")


def _mime_value(mime, value):
    """Normalise one bundle value for ``mime``: bytes → base64 (or text), JSON types checked."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        if mime.startswith("text/") or mime == "image/svg+xml" or mime == "application/javascript":
            return str(bytes(value), "utf-8", "replace")
        return _b64(value)
    if _is_json_mime(mime):
        if isinstance(value, str):
            value = json.loads(value)
        return _json_value(value)
    if isinstance(value, str):
        return value
    raise TypeError("data for " + mime + " must be str or bytes, not " + type(value).__name__)


def _clean_bundle(data, metadata):
    """Validate a (data, metadata) pair given by user code; raise TypeError/ValueError if unusable."""
    if not isinstance(data, dict):
        raise TypeError("display data must be a dict of mime type -> data, not " + type(data).__name__)
    clean = {}
    for mime, value in data.items():
        if not isinstance(mime, str):
            raise TypeError("mime type keys must be str")
        clean[mime] = _mime_value(mime, value)
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise TypeError("metadata must be a dict, not " + type(metadata).__name__)
    return clean, _json_value(metadata)


def _wanted(mime, include, exclude):
    if include is not None and mime not in include:
        return False
    if exclude is not None and mime in exclude:
        return False
    return True


def _call_mimebundle(obj, include, exclude):
    """Result of ``obj._repr_mimebundle_`` as a cleaned (data, metadata); ({}, {}) if absent/broken."""
    try:
        method = getattr(obj, "_repr_mimebundle_", None)
        if method is None or not callable(method):
            return {}, {}
        result = method(include=include, exclude=exclude)
        md = {}
        if isinstance(result, tuple) and len(result) == 2:
            result, md = result
        if result is None:
            return {}, {}
        data = {}
        for mime, value in result.items():
            try:
                if isinstance(mime, str):
                    data[mime] = _mime_value(mime, value)
            except Exception:
                pass
        clean_md = {}
        if isinstance(md, dict):
            for mime, value in md.items():
                try:
                    if isinstance(mime, str):
                        clean_md[mime] = _json_value(value)
                except Exception:
                    pass
        return data, clean_md
    except Exception:
        return {}, {}


def _fakes_attributes(obj):
    """True if ``obj`` answers any attribute name (a ``__getattr__`` catch-all, e.g. a mock):
    its ``_repr_*_`` "methods" are then not display hooks (IPython uses the same canary)."""
    try:
        return getattr(obj, "_ipython_canary_method_should_not_exist_", None) is not None
    except Exception:
        return True


def format_object(obj, include=None, exclude=None):
    """The mimebundle of ``obj`` as ``(data, metadata)``; never raises (except BaseException).

    ``text/plain`` is ``repr(obj)``, or IPython's pretty form for classes, functions, iterator
    objects and instances with the default repr (``_pretty``; a function's parameters are left
    to the host). ``_repr_mimebundle_(include=, exclude=)`` takes precedence
    for the types it returns; the ``_repr_<fmt>_`` methods fill in the rest. A method returning
    ``None`` or raising is skipped; one returning ``(data, md)`` puts ``md`` in ``metadata[mime]``.
    Bytes from ``_repr_png_``/``_repr_jpeg_`` become base64 text.
    """
    # Unbound _repr_*_ functions of a class are not display hooks, nor are catch-all attributes.
    hooks = not isinstance(obj, type) and not _fakes_attributes(obj)
    data, metadata = _call_mimebundle(obj, include, exclude) if hooks else ({}, {})
    if hooks:
        for name, mime in _REPR_METHODS:
            if mime in data or not _wanted(mime, include, exclude):
                continue
            try:
                method = getattr(obj, name, None)
                if method is None or not callable(method):
                    continue
                result = method()
                md = None
                if isinstance(result, tuple) and len(result) == 2:
                    result, md = result
                if result is None:
                    continue
                data[mime] = _mime_value(mime, result)
                if md is not None:
                    try:
                        metadata[mime] = _json_value(md)
                    except Exception:
                        pass
            except Exception:
                continue
    if "text/plain" not in data or not isinstance(data["text/plain"], str):
        data["text/plain"] = _pretty(obj)
    for mime in list(data):
        if not _wanted(mime, include, exclude):
            del data[mime]
    for mime in list(metadata):
        if mime not in data:
            del metadata[mime]
    return data, metadata


# --- sending ---------------------------------------------------------------------------------

def _send(msg):
    import _mpk_channel

    _mpk_channel.send(msg)


def _new_display_id():
    import random

    return "".join(f"{random.getrandbits(32):08x}" for _ in range(4))


def publish_display_data(data, metadata=None, source=None, transient=None, update=False):
    """Send one display (or update) message with an already-built mimebundle."""
    data, metadata = _clean_bundle(data, metadata)
    if transient is None:
        transient = {}
    if not isinstance(transient, dict):
        raise TypeError("transient must be a dict")
    _send({
        "type": "display",
        "data": data,
        "metadata": metadata,
        "transient": _json_value(transient),
        "update": bool(update),
    })


def clear_output(wait=False):
    """Clear the output of the current cell; with ``wait=True`` only when new output arrives."""
    _send({"type": "clear_output", "wait": bool(wait)})


def _merge_metadata(md, extra):
    """Merge user metadata into formatter metadata (per-mime dicts are merged, like IPython)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(md.get(key), dict):
            merged = dict(md[key])
            merged.update(value)
            md[key] = merged
        else:
            md[key] = value
    return md


def display(*objs, include=None, exclude=None, metadata=None, transient=None, display_id=None,
            raw=False, clear=False, update=False):
    """Display each object (one message per object), like ``IPython.display.display``.

    ``raw=True``: objects are mimebundle dicts. ``display_id=True`` makes a fresh id; with a
    display id the function returns a ``DisplayHandle``. ``clear=True`` first sends
    ``clear_output(wait=True)``. ``update=True`` (used by ``update_display``) replaces the output
    with that display id.
    """
    if transient is None:
        transient = {}
    else:
        transient = dict(transient)
    if metadata is None:
        metadata = {}
    if display_id:
        if display_id is True:
            display_id = _new_display_id()
        transient["display_id"] = display_id
    if update and "display_id" not in transient:
        raise TypeError("display_id required for update_display")
    if not objs and display_id:
        objs = ({},)  # an empty output that can be updated later
        raw = True
    if clear:
        clear_output(wait=True)
    for obj in objs:
        if raw:
            publish_display_data(obj, metadata=metadata, transient=transient, update=update)
            continue
        hook = None
        if not isinstance(obj, type) and not _fakes_attributes(obj):
            try:
                hook = getattr(obj, "_ipython_display_", None)
            except Exception:
                hook = None
        if hook is not None and callable(hook):
            hook()
            continue
        data, md = format_object(obj, include=include, exclude=exclude)
        if SIGNATURE in data.get("text/plain", ""):  # only results get the host's signatures
            data["text/plain"] = data["text/plain"].replace(SIGNATURE, "...")
        if metadata:
            md = _merge_metadata(md, metadata)
        publish_display_data(data, metadata=md, transient=transient, update=update)
    if display_id:
        return DisplayHandle(display_id)
    return None


def update_display(obj, *, display_id, **kwargs):
    """Replace the output that was displayed with ``display_id``."""
    kwargs["update"] = True
    display(obj, display_id=display_id, **kwargs)


class DisplayHandle:
    """A handle on an updatable output. ``DisplayHandle()`` makes a fresh display id."""

    def __init__(self, display_id=None):
        if display_id is None or display_id is True:
            display_id = _new_display_id()
        self.display_id = display_id

    def __repr__(self):
        return "<DisplayHandle display_id=" + str(self.display_id) + ">"

    def display(self, obj, **kwargs):
        display(obj, display_id=self.display_id, **kwargs)

    def update(self, obj, **kwargs):
        update_display(obj, display_id=self.display_id, **kwargs)


def _display_raw_helper(mime):
    def helper(*objs, raw=False, metadata=None):
        if raw:
            for obj in objs:
                display({mime: obj}, raw=True, metadata=({mime: metadata} if metadata else None))
        else:
            display(*objs, include=[mime, "text/plain"])
    return helper


display_pretty = _display_raw_helper("text/plain")
display_html = _display_raw_helper("text/html")
display_markdown = _display_raw_helper("text/markdown")
display_svg = _display_raw_helper("image/svg+xml")
display_png = _display_raw_helper("image/png")
display_jpeg = _display_raw_helper("image/jpeg")
display_latex = _display_raw_helper("text/latex")
display_json = _display_raw_helper("application/json")
display_javascript = _display_raw_helper("application/javascript")


# --- display classes -------------------------------------------------------------------------
# HTML, Markdown, Image, ... live in display_objects.py (``_mpk_display_objects``), loaded on the
# first use of one of these names: showing values and figures does not compile them.
_OBJECTS = ("DisplayObject", "TextDisplayObject", "Pretty", "HTML", "Markdown", "Latex", "Math", "SVG",
            "JSON", "Javascript", "Code", "IFrame", "Image")


def __getattr__(name):
    """``IPython.display.<name>`` for the display classes (this module's attributes from then on)."""
    if name in _OBJECTS:
        mod = sys.modules["_mpk_runtime"]._lazy("display_objects")
        space, this = globals(), sys.modules["_mpk_display"]  # the module object is a copy of `space`
        for key in _OBJECTS:
            space[key] = getattr(mod, key)
            setattr(this, key, space[key])
        return space[name]
    raise AttributeError("module 'IPython.display' has no attribute '%s'" % name)
