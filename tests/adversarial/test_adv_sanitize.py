"""`safe_outputs` reads markup as a browser does (issue 25, item 1).

The earlier sanitizer parsed with `html.parser`, for which `<style>` is raw text everywhere; in a
browser an element inside `<svg><style>` or `<math>…<style>` is live. SVG animation can rewrite an
`href` to a script URL. Each payload here runs script in a browser; after sanitizing, no element,
attribute or URL that runs script may remain, and re-sanitizing the output changes nothing (the
output parses to the same tree it was built from).
"""

from __future__ import annotations

import re

import pytest

from mpwasm_kernel.sandbox.sanitize import sanitize_bundle, sanitize_html

PAYLOADS = [
    # mutation XSS through foreign content: `<style>` is raw text in HTML, markup in SVG/MathML
    "<svg><style><img src=x onerror=steal()></style></svg>",
    "<math><style><img src=x onerror=steal()></style></math>",
    "<svg><style>&lt;img src=x onerror=steal()&gt;</style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=steal()>",
    "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;img src=1 onerror=steal()&gt;\">",
    "<svg></p><style><a id=\"</style><img src=1 onerror=steal()>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=steal()>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=steal()>",
    # SVG animation rewriting href to a script URL
    '<svg><a><set attributeName="href" to="javascript:steal()"/><text y="20">click</text></a></svg>',
    '<svg><a><animate attributeName="href" values="javascript:steal()"/><text y="20">c</text></a></svg>',
    '<svg><animate xlink:href="#x" attributeName="href" to="javascript:steal()"/><a id="x"><text>c</text></a></svg>',
    '<svg><use href="data:image/svg+xml,&lt;svg id=x xmlns=http://www.w3.org/2000/svg&gt;&lt;script&gt;steal()'
    '&lt;/script&gt;&lt;/svg&gt;#x"/></svg>',
    '<svg><foreignObject><iframe srcdoc="<script>steal()</script>"></iframe></foreignObject></svg>',
    '<svg><image href="javascript:steal()"/><a xlink:href="javascript:steal()"><text>x</text></a></svg>',
    # classics
    "<script>steal()</script>", "<img src=x onerror=steal()>", "<body onload=steal()>",
    "<a href='jav&#x09;ascript:steal()'>x</a>", "<a href='&#106;avascript:steal()'>x</a>",
    "<iframe src='javascript:steal()'></iframe>", "<object data='javascript:steal()'></object>",
    "<embed src='javascript:steal()'>", "<meta http-equiv=refresh content='0;url=javascript:steal()'>",
    "<a href='data:text/html,&lt;script&gt;steal()&lt;/script&gt;'>x</a>",
    "<img src='data:image/svg+xml,&lt;svg onload=steal()&gt;'>", "<base href='javascript:steal()//'>",
    "<div style='background:url(javascript:steal())'>x</div>", "<div style='x:expression(steal())'>x</div>",
    "<style>@import 'javascript:steal()';</style>", "<link rel=stylesheet href='javascript:steal()'>",
    "<form action='javascript:steal()'><button>x</button></form>", "<details open ontoggle=steal()>",
    "<template><script>steal()</script></template>", "<xmp><script>steal()</script></xmp>",
    "<textarea></textarea><script>steal()</script>", "<isindex action=javascript:steal() type=image>",
    "<!--<img src=x onerror=steal()>-->", "<![CDATA[<img src=x onerror=steal()>]]>",
    "<math><a xlink:href='javascript:steal()'>x</a></math>", "<math href='javascript:steal()'>x</math>",
    "<svg><script href='data:,steal()'/></svg>", "<a href='vbscript:steal()'>x</a>",
]

_ACTIVE = re.compile(r"<\s*(script|style|iframe|object|embed|meta|base|link|form|set|animate|use|foreignobject)\b"
                     r"|\son[a-z]+\s*=|javascript:|vbscript:|data:(?!image/(png|jpeg|gif|webp))|expression\(|url\(",
                     re.IGNORECASE)


@pytest.mark.parametrize("markup", PAYLOADS)
def test_no_active_content(markup: str) -> None:
    clean = sanitize_html(markup)
    assert not _ACTIVE.search(clean), clean
    assert sanitize_html(clean) == clean  # stable: the browser's tree is the one that was checked


def test_ordinary_markup_and_plots_kept() -> None:
    table = '<table class="t"><tbody><tr><td style="color:red">1 &lt; 2</td></tr></tbody></table>'
    assert sanitize_html(table) == table
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" '
           'viewBox="0 0 10 10" version="1.1"><clipPath id="c"><rect x="0" y="0" width="5" height="5"></rect>'
           '</clipPath><g clip-path="url(#c)"><path d="M0 0L1 1" stroke="#000" fill="none"></path>'
           '<text x="1" y="2" font-size="3" text-anchor="middle">a &lt; b</text></g></svg>')
    assert sanitize_html(svg) == svg
    img = '<img src="data:image/png;base64,AA">'
    assert sanitize_html(img) == img


def test_bundle_markdown_and_multiline() -> None:
    bundle = sanitize_bundle({"text/markdown": "[x](javascript:steal())", "application/javascript": "steal()",
                              "image/svg+xml": ["<svg><script>steal()", "</script></svg>"]})
    assert "text/markdown" not in bundle and "application/javascript" not in bundle
    assert bundle["text/plain"] == "[x](javascript:steal())"
    assert "script" not in bundle["image/svg+xml"]
