"""Removing active content from guest output: JavaScript outputs and scripts inside HTML/SVG.

A notebook frontend runs `application/javascript` outputs and `<script>` in HTML with the
privileges of the notebook server's page. When someone else (a teaching assistant, a grader)
opens or runs a student's notebook live, that script would run in *their* browser session.
`sanitize_bundle` drops JavaScript mime types and rebuilds HTML and SVG without scripts, event
handler attributes, `javascript:`/`vbscript:`/`data:text/html` URLs and elements that embed
other documents. The parser is the standard library's `html.parser` (linear time; the input is
already bounded by the output limit).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

#: Mime types whose content is executed by frontends: dropped.
SCRIPT_MIMES = frozenset({"application/javascript", "text/javascript", "application/x-javascript",
                          "application/ecmascript", "text/ecmascript"})
#: Mime types whose content is markup that may carry scripts: sanitized.
MARKUP_MIMES = frozenset({"text/html", "image/svg+xml", "application/xhtml+xml"})
#: Elements dropped together with everything inside them.
_DROP_WITH_CONTENT = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet",
                                "noscript", "template"})
#: Elements dropped (their content is kept).
_DROP_TAG = frozenset({"base", "meta", "link", "form"})
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                        "srcdoc", "lowsrc", "dynsrc", "ping", "codebase", "srcset"})
_BAD_URL = re.compile(r"^(javascript|vbscript|data\s*:\s*(text/html|application/(x?html|javascript)|image/svg))",
                      re.IGNORECASE)
_TAG_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9:-]*$")
_ATTR_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:.-]*$")
_VOID = frozenset({"area", "br", "col", "hr", "img", "input", "source", "track", "wbr"})


def _unsafe_url(value: str) -> bool:
    compact = "".join(ch for ch in value if ch > " " and ch not in "\x7f")
    return bool(_BAD_URL.match(compact)) or compact.lower().startswith(("javascript:", "vbscript:"))


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.skip_tag = ""
        self.raw = False

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> str:
        parts = []
        for name, value in attrs:
            low = name.lower()
            if not _ATTR_NAME.match(name) or low.startswith("on"):
                continue
            if low == "style" and value and ("expression(" in value.lower() or "javascript:" in value.lower()):
                continue
            if low in _URL_ATTRS and value is not None and (low == "srcdoc" or _unsafe_url(value)):
                continue
            parts.append(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"')
        return "".join(parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in _DROP_WITH_CONTENT:
            self.skip_depth, self.skip_tag = 1, tag
            return
        if tag in _DROP_TAG or not _TAG_NAME.match(tag):
            return
        self.raw = tag == "style"
        self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth or tag in _DROP_WITH_CONTENT or tag in _DROP_TAG or not _TAG_NAME.match(tag):
            return
        self.out.append(f"<{tag}{self._attrs(attrs)}/>")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
            return
        if tag in _DROP_TAG or tag in _DROP_WITH_CONTENT or tag in _VOID or not _TAG_NAME.match(tag):
            return
        self.raw = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            # Inside <style> the parser hands over raw text up to `</style` (CSS, not markup).
            self.out.append(data if self.raw else html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        pass  # comments can hide conditional markup for old browsers: dropped

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def sanitize_html(markup: str) -> str:
    """`markup` rebuilt without scripts, event handlers, script URLs or embedded documents."""
    parser = _Sanitizer()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # the parser gave up: show the markup as text instead
        return html.escape(markup)
    return "".join(parser.out)


def sanitize_bundle(data: dict[str, Any]) -> dict[str, Any]:
    """A mimebundle without JavaScript outputs and with sanitized HTML/SVG (other types kept)."""
    clean: dict[str, Any] = {}
    for mime, value in data.items():
        base = mime.split(";")[0].strip().lower()
        if base in SCRIPT_MIMES:
            continue
        clean[mime] = sanitize_html(value) if base in MARKUP_MIMES and isinstance(value, str) else value
    if not clean and data:
        clean["text/plain"] = "[output removed: JavaScript outputs are disabled in this kernel]"
    return clean
