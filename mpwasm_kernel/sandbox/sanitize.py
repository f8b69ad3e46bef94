"""Removing active content from guest output: JavaScript outputs and scripts inside HTML/SVG.

A notebook frontend runs `application/javascript` outputs and `<script>` in HTML with the
privileges of the notebook server's page. When someone else (a teaching assistant, a grader)
opens or runs a student's notebook live, that script would run in *their* browser session.
`sanitize_bundle` drops JavaScript mime types and rebuilds HTML and SVG from an **allow-list**
of elements and attributes with `nh3` (Python binding of the Rust `ammonia` sanitizer, which
parses with `html5ever`, the HTML5 tree builder a browser uses): markup is read as a browser
reads it, including SVG and MathML foreign content, so parser-differential tricks (an element
inside `<svg><style>`, `</noscript>` inside an attribute) see the same tree here as in the
viewer's browser. Everything not on the lists is dropped: scripts, `<style>` elements (with
their content), event handlers, SVG animation (`<set>`/`<animate>` can rewrite `href` to a
script URL), `<use>`, embedded documents and forms. URLs must be `http`, `https`, `mailto`,
relative or fragment, or an inline raster image (`data:image/png|jpeg|gif|webp`).
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3

#: Mime types whose content is executed by frontends: dropped.
SCRIPT_MIMES = frozenset({"application/javascript", "text/javascript", "application/x-javascript",
                          "application/ecmascript", "text/ecmascript"})
#: Mime types whose content is markup that may carry scripts: sanitized.
MARKUP_MIMES = frozenset({"text/html", "image/svg+xml", "application/xhtml+xml"})

#: Mime types rendered through a markup language that embeds HTML and links: shown as plain text.
TEXT_ONLY_MIMES = frozenset({"text/markdown"})

_HTML_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"tfoot", "font", "section", "main", "label", "meter", "progress"}
#: SVG drawing elements (no animation, `use`, `foreignObject`, `script` or `style`).
_SVG_TAGS = frozenset({"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
                       "tspan", "textPath", "defs", "clipPath", "mask", "pattern", "marker", "symbol",
                       "linearGradient", "radialGradient", "stop", "image", "title", "desc", "metadata"})
#: Presentation MathML (no `annotation-xml`, which can hold HTML).
_MATHML_TAGS = frozenset({"math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot",
                          "msub", "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd",
                          "mstyle", "mpadded", "mphantom", "menclose", "semantics", "annotation"})
ALLOWED_TAGS = _HTML_TAGS | _SVG_TAGS | _MATHML_TAGS
#: Elements removed together with everything inside them.
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
                               "noscript", "noembed", "noframes", "template", "xmp", "textarea", "select",
                               "foreignObject", "set", "animate", "animateMotion", "animateTransform",
                               "annotation-xml", "use", "form", "button"})

_GENERIC_ATTRS = {"class", "style", "id", "title", "lang", "dir", "width", "height", "align", "valign",
                  "border", "cellpadding", "cellspacing", "colspan", "rowspan", "bgcolor", "color", "role",
                  "hidden", "tabindex"}
_SVG_ATTRS = {"xmlns", "xlink", "version", "viewBox", "preserveAspectRatio", "d", "x", "y", "x1", "y1", "x2",
              "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "dx", "dy", "points", "transform", "fill",
              "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
              "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity",
              "clip-path", "clip-rule", "clipPathUnits", "mask", "font-family", "font-size", "font-weight",
              "font-style", "text-anchor", "dominant-baseline", "alignment-baseline", "letter-spacing",
              "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
              "patternUnits", "patternTransform", "markerWidth", "markerHeight", "refX", "refY", "orient",
              "marker-start", "marker-mid", "marker-end", "visibility", "display", "href",
              "vector-effect", "shape-rendering", "text-rendering", "rotate", "textLength"}
_MATHML_ATTRS = {"display", "mathvariant", "mathsize", "mathcolor", "mathbackground", "displaystyle",
                 "scriptlevel", "stretchy", "fence", "separator", "lspace", "rspace", "linethickness",
                 "columnalign", "rowalign", "notation", "accent", "accentunder", "encoding"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()
}
ALLOWED_ATTRIBUTES["*"] = _GENERIC_ATTRS | _SVG_ATTRS | _MATHML_ATTRS
ALLOWED_ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "width", "height", "title"})
ALLOWED_ATTRIBUTES.setdefault("a", set()).update({"href", "target", "name"})
ALLOWED_ATTRIBUTES.setdefault("font", set()).update({"face", "size"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "data"})
_SAFE_DATA = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp)[;,]", re.IGNORECASE)
_URL_ATTRS = frozenset({"href", "src"})
#: CSS that can fetch or run something: `url(...)`, old IE `expression(...)`, `-moz-binding`.
_BAD_STYLE = re.compile(r"url\s*\(|expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:|@import",
                        re.IGNORECASE)


def _filter(tag: str, attr: str, value: str) -> str | None:
    """Refine what the allow-list let through: `data:` URLs only for raster images, no
    fetching or scripting CSS in `style` attributes."""
    if attr in _URL_ATTRS and value.strip().lower().startswith("data"):
        return value if _SAFE_DATA.match(value.strip()) else None
    if attr == "style" and _BAD_STYLE.search(html.unescape(value)):
        return None
    return value


def sanitize_html(markup: str) -> str:
    """`markup` rebuilt from the allow-list (see the module docstring) as a browser would parse it."""
    try:
        return nh3.clean(markup, tags=set(ALLOWED_TAGS), clean_content_tags=set(DROP_WITH_CONTENT),
                         attributes=ALLOWED_ATTRIBUTES, attribute_filter=_filter, strip_comments=True,
                         url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a sanitizer failure (even a Rust panic) shows text, never markup
        return html.escape(markup)


def sanitize_bundle(data: dict[str, Any]) -> dict[str, Any]:
    """A mimebundle without JavaScript outputs and with sanitized HTML/SVG (other types kept)."""
    clean: dict[str, Any] = {}
    for mime, value in data.items():
        base = mime.split(";")[0].strip().lower()
        if base in SCRIPT_MIMES:
            continue
        if base in TEXT_ONLY_MIMES:
            if isinstance(value, str) and "text/plain" not in data:
                clean["text/plain"] = value  # shown as source: markdown may carry raw HTML and script links
            continue
        if base in MARKUP_MIMES or base.endswith(("+xml", "/html")):
            if isinstance(value, str):
                clean[mime] = sanitize_html(value)
            elif isinstance(value, list) and all(isinstance(part, str) for part in value):
                clean[mime] = sanitize_html("".join(value))  # nbformat's multiline strings
            continue  # markup in any other shape: dropped
        clean[mime] = value
    if not clean and data:
        clean["text/plain"] = "[output removed: JavaScript outputs are disabled in this kernel]"
    return clean
