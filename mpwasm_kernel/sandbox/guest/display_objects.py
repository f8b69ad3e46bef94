"""IPython.display's display classes for the guest (HTML, Markdown, SVG, JSON, Image, ...).

Loaded as module ``_mpk_display_objects`` on the first use of one of these names from
``IPython.display`` (``_mpk_display.__getattr__``), which then holds them as its own attributes.
"""

import json

__name__ = "IPython.core.display"  # the classes' __module__, as in IPython

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
