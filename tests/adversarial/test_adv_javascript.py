"""The JavaScript option: with `safe_outputs` on (``--safe-outputs``, ``MPWASM_SAFE_OUTPUTS=1``)
no guest output can run script in the browser of whoever opens or runs the notebook.

Checked through a real kernel: `application/javascript` is dropped and HTML/SVG arrive without
`<script>`, event handlers or `javascript:` URLs, in display_data, execute_result and
user_expressions; without the option the outputs are unchanged (the default).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from mpwasm_kernel.sandbox.sanitize import sanitize_html

pytest.importorskip("mpwasm_kernel.kernel", reason="the kernel module does not import yet")

EVIL_HTML = ('<b onclick="steal()">bold</b><script>steal()</script><a href=" jav&#x61;script:steal()">a</a>'
             '<img src=x onerror=steal()><iframe srcdoc="<script>steal()</script>"></iframe>'
             '<svg><script>steal()</script><a xlink:href="javascript:steal()">s</a></svg>')
DISPLAYS = (
    "from IPython.display import display\n"
    f"display({{'text/html': {EVIL_HTML!r}, 'text/plain': 'html'}}, raw=True)\n"
    "display({'application/javascript': 'steal()', 'text/plain': 'js'}, raw=True)\n"
    "display({'application/javascript': 'steal()'}, raw=True)\n"
    f"class H:\n    def _repr_html_(self):\n        return {EVIL_HTML!r}\nH()"
)


def _script_free(text: str, *, code_as_text_ok: bool = False) -> None:
    """No script element, handler, script URL or embedded document; unless `code_as_text_ok`,
    not even the attack's code (as inert text)."""
    low = text.lower()
    needles = ("<script", "onclick", "onerror", "javascript:", "srcdoc", "<object", "<embed", "<meta")
    for needle in needles + (() if code_as_text_ok else ("steal()",)):
        assert needle not in low, (needle, text)


@pytest.mark.parametrize("markup", [EVIL_HTML, "<scr<script>ipt>steal()</script>", "<a href='JaVaScRiPt:steal()'>",
                                    "<div style='background:url(javascript:steal())'>x</div>",
                                    "<object data='x.swf'></object><embed src='x'>", "<meta http-equiv=refresh>"])
def test_sanitize_html(markup: str) -> None:
    _script_free(sanitize_html(markup), code_as_text_ok=True)


def test_sanitize_keeps_ordinary_html() -> None:
    markup = ('<table class="t"><tbody><tr><td style="color:red">1 &lt; 2</td></tr></tbody></table>'
              '<img src="data:image/png;base64,AA">')
    assert sanitize_html(markup) == markup


@pytest.fixture(scope="module")
def safe_kernel(kernel_tools: Any) -> Iterator[tuple[Any, Any]]:
    km, kc = kernel_tools.start_kernel(extra_arguments=["--safe-outputs"])
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_safe_outputs_through_the_kernel(safe_kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    _, kc = safe_kernel
    reply, outputs = kernel_tools.execute(kc, DISPLAYS, timeout=30,
                                          user_expressions={"h": "H()"})
    assert reply["content"]["status"] == "ok"
    bundles = [m["content"]["data"] for m in outputs if m["msg_type"] in ("display_data", "execute_result")]
    assert len(bundles) == 4
    for data in bundles:
        assert "application/javascript" not in data
        _script_free(json.dumps(data))
    assert "<b>bold</b>" in bundles[0]["text/html"]
    _script_free(json.dumps(reply["content"]["user_expressions"]))


def test_default_kernel_keeps_outputs(kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    """Without the option nothing is changed (the administrator opts in)."""
    _, kc = kernel
    reply, outputs = kernel_tools.execute(kc, DISPLAYS, timeout=30)
    bundles = [m["content"]["data"] for m in outputs if m["msg_type"] in ("display_data", "execute_result")]
    assert any("application/javascript" in data for data in bundles)
