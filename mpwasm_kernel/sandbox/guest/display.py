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

    ``text/plain`` is ``repr(obj)``. ``_repr_mimebundle_(include=, exclude=)`` takes precedence
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
        data["text/plain"] = _safe_repr(obj)
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

def _read_file(filename, binary):
    with open(filename, "rb" if binary else "r") as f:
        return f.read()


def _html_escape(text, quote=False):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    return text


class DisplayObject:
    """Base of the display classes: ``data`` given directly, or read from ``filename``.

    ``url`` is kept for classes that can reference it; the sandbox cannot fetch URLs.
    """

    _binary = False

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if isinstance(data, str) and url is None and filename is None and self._looks_like_url(data):
            url, data = data, None
        self.data = data
        self.url = url
        self.filename = filename
        self.metadata = metadata if metadata is not None else {}
        self.reload()

    @staticmethod
    def _looks_like_url(text):
        return text.startswith("http://") or text.startswith("https://")

    def reload(self):
        """Re-read the data from ``filename`` (the guest's file system)."""
        if self.filename is not None:
            self.data = _read_file(self.filename, self._binary)
        elif self.url is not None and self.data is None:
            raise ValueError(type(self).__name__ + "(url=...) cannot be loaded: the sandbox has no network")

    def __repr__(self):
        return "<IPython.core.display." + type(self).__name__ + " object>"

    def _data_and_metadata(self):
        if self.metadata:
            return self.data, dict(self.metadata)
        return self.data


class TextDisplayObject(DisplayObject):
    """A display object whose data is text."""

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        DisplayObject.__init__(self, data, url, filename, metadata)
        if isinstance(self.data, (bytes, bytearray)):
            self.data = str(bytes(self.data), "utf-8", "replace")
        if self.data is not None and not isinstance(self.data, str):
            raise TypeError(type(self).__name__ + " expects text data, not " + type(self.data).__name__)


class Pretty(TextDisplayObject):
    """Plain text shown as-is (its repr is the text)."""

    def __repr__(self):
        return self.data if self.data is not None else ""


class HTML(TextDisplayObject):
    """HTML source, shown as ``text/html``."""

    def _repr_html_(self):
        return self._data_and_metadata()

    def __html__(self):
        return self.data


class Markdown(TextDisplayObject):
    """Markdown source, shown as ``text/markdown``."""

    def _repr_markdown_(self):
        return self._data_and_metadata()


class Latex(TextDisplayObject):
    """LaTeX source, shown as ``text/latex``."""

    def _repr_latex_(self):
        return self._data_and_metadata()


class Math(TextDisplayObject):
    """A LaTeX math expression, wrapped as ``$\\displaystyle ...$``."""

    def _repr_latex_(self):
        body = (self.data or "").strip("$")
        text = "$\\displaystyle " + body + "$"
        if self.metadata:
            return text, dict(self.metadata)
        return text


class SVG(DisplayObject):
    """An SVG document (the ``<svg>...</svg>`` element is extracted), shown as ``image/svg+xml``."""

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        DisplayObject.__init__(self, data, url, filename, metadata)
        if isinstance(self.data, (bytes, bytearray)):
            self.data = str(bytes(self.data), "utf-8", "replace")
        if isinstance(self.data, str):
            start = self.data.find("<svg")
            end = self.data.rfind("</svg>")
            if start >= 0 and end > start:
                self.data = self.data[start:end + 6]

    def _repr_svg_(self):
        return self._data_and_metadata()


class JSON(DisplayObject):
    """JSON data (dict or list, or JSON text), shown as ``application/json``.

    ``expanded`` and ``root`` go to the metadata, as in IPython.
    """

    def __init__(self, data=None, url=None, filename=None, expanded=False, metadata=None, root="root",
                 **kwargs):
        self.metadata = {"expanded": expanded, "root": root}
        if metadata:
            self.metadata.update(metadata)
        if kwargs:
            self.metadata.update(kwargs)
        DisplayObject.__init__(self, data, url, filename, self.metadata)
        if isinstance(self.data, (bytes, bytearray)):
            self.data = str(bytes(self.data), "utf-8")
        if isinstance(self.data, str):
            self.data = json.loads(self.data)

    def _repr_json_(self):
        return self.data, dict(self.metadata)


class Javascript(TextDisplayObject):
    """JavaScript source, shown as ``application/javascript``.

    ``lib`` (URL or list of URLs) is loaded before the code runs; ``css`` stylesheets are added.
    """

    def __init__(self, data=None, url=None, filename=None, lib=None, css=None, metadata=None):
        if isinstance(lib, str):
            lib = [lib]
        if isinstance(css, str):
            css = [css]
        self.lib = list(lib or [])
        self.css = list(css or [])
        TextDisplayObject.__init__(self, data, url, filename, metadata)

    def reload(self):
        if self.filename is not None:
            self.data = _read_file(self.filename, False)
        elif self.url is not None and self.data is None:
            self.data = ""  # the script is loaded by the front end, below

    def _repr_javascript_(self):
        lines = []
        for href in self.css:
            lines.append(
                "(function(){var l=document.createElement('link');l.rel='stylesheet';l.type='text/css';"
                "l.href=" + json.dumps(href) + ";document.querySelector('head').appendChild(l);})();"
            )
        libs = list(self.lib)
        if self.url is not None and not self.data:
            libs.append(self.url)
        code = self.data or ""
        for src in reversed(libs):
            code = (
                "(function(){var s=document.createElement('script');s.type='text/javascript';"
                "s.src=" + json.dumps(src) + ";s.onload=function(){" + code + "};"
                "document.querySelector('head').appendChild(s);})();"
            )
        lines.append(code)
        return "\n".join(lines)


class Code(TextDisplayObject):
    """Source code shown in a ``<pre>`` block (no syntax highlighting in the sandbox)."""

    def __init__(self, data=None, url=None, filename=None, language=None):
        self.language = language
        TextDisplayObject.__init__(self, data, url, filename)

    def __repr__(self):
        return self.data if self.data is not None else ""

    def _repr_html_(self):
        cls = ' class="language-' + _html_escape(self.language, True) + '"' if self.language else ""
        return "<pre><code" + cls + ">" + _html_escape(self.data or "") + "</code></pre>"

    def _repr_latex_(self):
        return "\\begin{verbatim}\n" + (self.data or "") + "\n\\end{verbatim}"


class IFrame:
    """An ``<iframe>`` showing ``src`` (the browser loads it, not the sandbox)."""

    def __init__(self, src, width, height, extras=None, **kwargs):
        self.src = src
        self.width = width
        self.height = height
        self.extras = list(extras or [])
        self.params = kwargs

    def __repr__(self):
        return "<IPython.lib.display.IFrame object>"

    def _repr_html_(self):
        src = self.src
        if self.params:
            query = "&".join(str(k) + "=" + str(v) for k, v in self.params.items())
            src = src + ("&" if "?" in src else "?") + query
        return (
            '<iframe width="' + _html_escape(str(self.width), True) + '" height="'
            + _html_escape(str(self.height), True) + '" src="' + _html_escape(src, True)
            + '" frameborder="0" allowfullscreen ' + " ".join(self.extras) + "></iframe>"
        )


_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8"
_GIF_MAGICS = (b"GIF87a", b"GIF89a")
_FORMAT_MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
_EXT_FORMAT = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "jpe": "jpeg", "gif": "gif", "webp": "webp"}


def _sniff_format(raw):
    """Image format of ``raw`` from its magic bytes, or None."""
    head = bytes(raw[:12])
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head[:6] in _GIF_MAGICS:
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _png_size(raw):
    """(width, height) from a PNG IHDR chunk, or None."""
    if len(raw) >= 24 and bytes(raw[:8]) == _PNG_MAGIC and bytes(raw[12:16]) == b"IHDR":
        return int.from_bytes(bytes(raw[16:20]), "big"), int.from_bytes(bytes(raw[20:24]), "big")
    return None


class Image(DisplayObject):
    """An image from PNG/JPEG/GIF/WebP bytes, a file in the guest's file system, or a URL.

    The format comes from ``format``, the magic bytes, or the file/URL extension. Embedded
    images are sent base64-encoded under their mime type; a URL (``embed=False``) is shown as an
    ``<img>`` tag. ``width``/``height`` go to ``metadata[mime]`` (like IPython).
    """

    _binary = True

    def __init__(self, data=None, url=None, filename=None, format=None, embed=None, width=None,
                 height=None, retina=False, unconfined=False, metadata=None, alt=None):
        if isinstance(data, str):
            if self._looks_like_url(data) or data.startswith("data:"):
                url, data = data, None
            else:
                filename, data = data, None
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        source_name = filename if filename is not None else url
        ext = None
        if source_name is not None and "." in source_name:
            ext = source_name.rsplit(".", 1)[-1].lower()
        if embed is None:
            embed = url is None or data is not None or filename is not None
        if url is not None and embed and data is None and filename is None:
            raise ValueError("Image(url=..., embed=True) cannot fetch the URL: the sandbox has no network")
        self.embed = embed
        self.width = width
        self.height = height
        self.retina = retina
        self.unconfined = unconfined
        self.alt = alt
        self.format = None
        DisplayObject.__init__(self, data, url, filename, metadata)
        fmt = format.lower() if isinstance(format, str) else None
        if fmt == "jpg":
            fmt = "jpeg"
        if fmt is None and isinstance(self.data, bytes):
            fmt = _sniff_format(self.data)
        if fmt is None and ext is not None:
            fmt = _EXT_FORMAT.get(ext)
        if self.embed:
            if fmt not in _FORMAT_MIME:
                raise ValueError("Cannot embed the image: unknown format " + repr(fmt)
                                 + " (expected png, jpeg, gif or webp)")
            if not isinstance(self.data, bytes):
                raise TypeError("Image data must be bytes, not " + type(self.data).__name__)
        self.format = fmt
        if retina and fmt == "png" and isinstance(self.data, bytes):
            size = _png_size(self.data)
            if size is not None:
                if self.width is None:
                    self.width = size[0] // 2
                if self.height is None:
                    self.height = size[1] // 2

    def reload(self):
        if self.filename is not None:
            self.data = _read_file(self.filename, True)

    @property
    def mimetype(self):
        return _FORMAT_MIME.get(self.format)

    def _metadata(self):
        md = {}
        if self.width:
            md["width"] = self.width
        if self.height:
            md["height"] = self.height
        if self.unconfined:
            md["unconfined"] = self.unconfined
        if self.alt:
            md["alt"] = self.alt
        if self.metadata:
            md.update(self.metadata)
        return md

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.embed:
            mime = self.mimetype
            md = self._metadata()
            return {mime: self.data}, ({mime: md} if md else {})
        return {"text/html": self._repr_html_()}, {}

    def _repr_html_(self):
        if self.embed:
            return None
        attrs = ' src="' + _html_escape(self.url or "", True) + '"'
        if self.width:
            attrs += ' width="' + _html_escape(str(self.width), True) + '"'
        if self.height:
            attrs += ' height="' + _html_escape(str(self.height), True) + '"'
        if self.alt:
            attrs += ' alt="' + _html_escape(str(self.alt), True) + '"'
        if self.unconfined:
            attrs += ' class="unconfined"'
        return "<img" + attrs + "/>"

    def _repr_png_(self):
        if self.embed and self.format == "png":
            return self.data, self._metadata()
        return None

    def _repr_jpeg_(self):
        if self.embed and self.format == "jpeg":
            return self.data, self._metadata()
        return None
