"""Guest display module (`_mpk_display`, aliased as `IPython.display`) run inside MicroPython.

Every test goes through the real `Sandbox`: trailing expressions give the execute_result bundle
(`RunResult.data`/`metadata`, built by `format_object`), display calls give channel messages
(`RunResult.displays`).
"""

from __future__ import annotations

import base64
import json
import struct
import zlib

import pytest

pytest.importorskip("mpwasm_kernel.sandbox", reason="mpwasm_kernel.sandbox (Sandbox) is not importable")

from mpwasm_kernel import Sandbox  # noqa: E402

HEADER = "from IPython.display import *\nimport _mpk_display\n"


@pytest.fixture(scope="module")
def sb():
    with Sandbox() as sandbox:
        assert sandbox.run(HEADER).error is None
        yield sandbox


def run(sb: Sandbox, src: str):
    r = sb.run(src)
    assert r.error is None, r.error
    return r


def result(sb: Sandbox, src: str) -> tuple[dict, dict]:
    """(data, metadata) of the cell's trailing expression."""
    r = run(sb, src)
    assert r.data is not None
    return r.data, r.metadata


def fmt(sb: Sandbox, expr: str, setup: str = "") -> tuple[dict, dict]:
    """`format_object(expr)` evaluated in the guest, round-tripped through JSON."""
    r = run(sb, setup + "\nimport json\nprint(json.dumps(_mpk_display.format_object(" + expr + ")))")
    data, md = json.loads(r.stdout)
    return data, md


def png_bytes(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


# --- format_object / execute_result ----------------------------------------------------------

def test_plain_value_bundle(sb: Sandbox) -> None:
    assert result(sb, "[1, 'a']") == ({"text/plain": "[1, 'a']"}, {})


@pytest.mark.parametrize(
    ("expr", "mime", "value"),
    [
        ("HTML('<b>x</b>')", "text/html", "<b>x</b>"),
        ("Markdown('# T')", "text/markdown", "# T"),
        ("Latex('$a^2$')", "text/latex", "$a^2$"),
        ("Math('x^2')", "text/latex", "$\\displaystyle x^2$"),
        ("Math('$y$')", "text/latex", "$\\displaystyle y$"),
        ("SVG('<?xml version=\"1.0\"?>\\n<svg width=\"2\"></svg>\\n')", "image/svg+xml",
         '<svg width="2"></svg>'),
        ("Javascript('alert(1)')", "application/javascript", "alert(1)"),
    ],
)
def test_text_display_classes(sb: Sandbox, expr: str, mime: str, value: str) -> None:
    data, md = result(sb, expr)
    cls = expr.split("(")[0]
    assert data == {mime: value, "text/plain": f"<IPython.core.display.{cls} object>"}
    assert md == {}


def test_class_metadata_goes_under_its_mime(sb: Sandbox) -> None:
    data, md = result(sb, "HTML('<p>', metadata={'isolated': True})")
    assert data["text/html"] == "<p>" and md == {"text/html": {"isolated": True}}


def test_pretty_and_code(sb: Sandbox) -> None:
    assert result(sb, "Pretty('as is')") == ({"text/plain": "as is"}, {})
    data, _ = result(sb, "Code('a < b', language='python')")
    assert data["text/plain"] == "a < b"
    assert data["text/html"] == '<pre><code class="language-python">a &lt; b</code></pre>'


def test_javascript_lib_and_css_wrap_the_code(sb: Sandbox) -> None:
    data, _ = result(sb, "Javascript('go()', lib='https://x/lib.js', css='https://x/s.css')")
    js = data["application/javascript"]
    assert '"https://x/s.css"' in js and '"https://x/lib.js"' in js
    assert js.index("https://x/lib.js") < js.index("go()")


@pytest.mark.parametrize("arg", ["{'a': [1, 2], 'b': None}", "'{\"a\": [1, 2], \"b\": null}'"])
def test_json_dict_or_text(sb: Sandbox, arg: str) -> None:
    data, md = result(sb, f"JSON({arg}, expanded=True, root='top')")
    assert data["application/json"] == {"a": [1, 2], "b": None}
    assert md == {"application/json": {"expanded": True, "root": "top"}}


def test_json_list_default_metadata(sb: Sandbox) -> None:
    data, md = result(sb, "JSON([1, 'x'])")
    assert data["application/json"] == [1, "x"]
    assert md == {"application/json": {"expanded": False, "root": "root"}}


def test_image_png_base64_round_trip_with_size(sb: Sandbox) -> None:
    png = png_bytes(3, 2)
    data, md = result(sb, f"Image({png!r}, width=30, height=20)")
    assert base64.b64decode(data["image/png"]) == png
    assert "\n" not in data["image/png"]
    assert data["text/plain"] == "<IPython.core.display.Image object>"
    assert md == {"image/png": {"width": 30, "height": 20}}


def test_image_jpeg_detected_by_magic_bytes(sb: Sandbox) -> None:
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00rest-of-jpeg"
    data, md = result(sb, f"Image(data={jpeg!r})")
    assert set(data) == {"image/jpeg", "text/plain"}
    assert base64.b64decode(data["image/jpeg"]) == jpeg
    assert md == {}


def test_image_from_guest_file_and_retina(sb: Sandbox) -> None:
    png = png_bytes(8, 4)
    setup = f"with open('pic.png', 'wb') as f:\n    f.write({png!r})\n"
    data, md = result(sb, setup + "Image(filename='pic.png', retina=True)")
    assert base64.b64decode(data["image/png"]) == png
    assert md == {"image/png": {"width": 4, "height": 2}}


def test_image_url_is_an_img_tag(sb: Sandbox) -> None:
    data, _ = result(sb, "Image(url='https://example.org/a.png', width=10)")
    assert data["text/html"] == '<img src="https://example.org/a.png" width="10"/>'
    assert "image/png" not in data


def test_image_unknown_format_is_an_error(sb: Sandbox) -> None:
    r = sb.run("Image(b'not an image')")
    assert r.error is not None and r.error.ename == "ValueError"


def test_repr_methods_skip_none_and_raising(sb: Sandbox) -> None:
    png = png_bytes(1, 1)
    setup = f"""
class Rich:
    def __repr__(self): return 'Rich()'
    def _repr_html_(self): return '<i>rich</i>'
    def _repr_markdown_(self): return None
    def _repr_latex_(self): raise RuntimeError('broken')
    def _repr_png_(self): return {png!r}
    def _repr_json_(self): return ({{'k': 1}}, {{'expanded': True}})
    def _repr_svg_(self): return '<svg/>'
    def _repr_javascript_(self): return 'f()'
    def _repr_jpeg_(self): return None
"""
    data, md = result(sb, setup + "Rich()")
    assert data == {
        "text/plain": "Rich()",
        "text/html": "<i>rich</i>",
        "image/png": base64.b64encode(png).decode(),
        "application/json": {"k": 1},
        "image/svg+xml": "<svg/>",
        "application/javascript": "f()",
    }
    assert md == {"application/json": {"expanded": True}}


def test_repr_failure_is_reported_not_raised(sb: Sandbox) -> None:
    setup = """
class Broken:
    def __repr__(self): raise ValueError('nope')
    def _repr_html_(self): return '<b>still here</b>'
"""
    data, _ = result(sb, setup + "Broken()")
    assert data == {"text/plain": "<repr failed: ValueError: nope>", "text/html": "<b>still here</b>"}
    r = run(sb, "display(Broken())")
    assert r.displays[0]["data"]["text/plain"] == "<repr failed: ValueError: nope>"


def test_mimebundle_takes_precedence_and_include_exclude(sb: Sandbox) -> None:
    setup = """
class MB:
    def _repr_mimebundle_(self, include=None, exclude=None):
        return ({'text/plain': 'from bundle', 'text/html': '<b>bundle</b>',
                 'application/vnd.custom+json': {'a': [1]}},
                {'application/vnd.custom+json': {'m': 1}})
    def _repr_html_(self): return '<i>method</i>'
    def _repr_markdown_(self): return '*md*'
"""
    data, md = fmt(sb, "MB()", setup)
    assert data == {
        "text/plain": "from bundle",
        "text/html": "<b>bundle</b>",
        "application/vnd.custom+json": {"a": [1]},
        "text/markdown": "*md*",
    }
    assert md == {"application/vnd.custom+json": {"m": 1}}
    data, _ = fmt(sb, "MB(), exclude=['text/html', 'text/markdown']")
    assert set(data) == {"text/plain", "application/vnd.custom+json"}
    data, _ = fmt(sb, "MB(), include=['text/plain', 'text/markdown']")
    assert data == {"text/plain": "from bundle", "text/markdown": "*md*"}


def test_values_without_json_form_are_dropped(sb: Sandbox) -> None:
    setup = """
class Odd:
    def __repr__(self): return 'Odd'
    def _repr_json_(self): return {'x': float('nan')}
    def _repr_html_(self): return 42
"""
    assert fmt(sb, "Odd()", setup) == ({"text/plain": "Odd"}, {})


def test_classes_are_not_rendered_through_their_methods(sb: Sandbox) -> None:
    assert result(sb, "HTML") == ({"text/plain": "IPython.core.display.HTML"}, {})  # as IPython shows it


def test_print_and_repr_of_display_objects(sb: Sandbox) -> None:
    r = run(sb, "print(HTML('<b>x</b>'))\nprint(repr(Markdown('m')))")
    assert r.stdout == "<IPython.core.display.HTML object>\n<IPython.core.display.Markdown object>\n"


# --- display messages ------------------------------------------------------------------------

def test_display_sends_one_message_per_object(sb: Sandbox) -> None:
    r = run(sb, "display(HTML('<p>a</p>'), 42)")
    assert r.displays == [
        {"type": "display",
         "data": {"text/html": "<p>a</p>", "text/plain": "<IPython.core.display.HTML object>"},
         "metadata": {}, "transient": {}, "update": False},
        {"type": "display", "data": {"text/plain": "42"}, "metadata": {}, "transient": {}, "update": False},
    ]
    assert r.data is None  # display() returns None without a display_id


def test_ipython_package_aliases(sb: Sandbox) -> None:
    r = run(sb, "import IPython, IPython.display\nimport _mpk_display\n"
                "print(IPython.display is _mpk_display, IPython.display.display is display)")
    assert r.stdout == "True True\n"


def test_display_id_handle_and_updates(sb: Sandbox) -> None:
    r = run(sb, "h = display('first', display_id=True)\nh.update('second')\nh.display('third')\n"
                "update_display('fourth', display_id=h.display_id)\nprint(h.display_id)\nh")
    ident = r.stdout.strip()
    assert len(ident) == 32 and int(ident, 16) >= 0
    assert [(m["data"]["text/plain"], m["transient"], m["update"]) for m in r.displays] == [
        ("'first'", {"display_id": ident}, False),
        ("'second'", {"display_id": ident}, True),
        ("'third'", {"display_id": ident}, False),
        ("'fourth'", {"display_id": ident}, True),
    ]
    assert r.value == f"<DisplayHandle display_id={ident}>"


def test_explicit_display_id_and_empty_placeholder(sb: Sandbox) -> None:
    r = run(sb, "h = display(display_id='slot')\nh.update(Markdown('*x*'))\nDisplayHandle('slot').update(1)")
    assert r.displays[0] == {"type": "display", "data": {}, "metadata": {},
                             "transient": {"display_id": "slot"}, "update": False}
    assert r.displays[1]["data"]["text/markdown"] == "*x*" and r.displays[1]["update"] is True
    assert r.displays[2]["data"] == {"text/plain": "1"}
    assert r.displays[2]["transient"] == {"display_id": "slot"}


def test_fresh_display_handles_differ(sb: Sandbox) -> None:
    r = run(sb, "print(DisplayHandle().display_id != DisplayHandle().display_id)")
    assert r.stdout == "True\n"


def test_update_without_display_id_is_an_error(sb: Sandbox) -> None:
    r = sb.run("display(1, update=True)")
    assert r.error is not None and r.error.ename == "TypeError"


def test_raw_bundles_and_metadata(sb: Sandbox) -> None:
    r = run(sb, "display({'text/plain': 'p', 'image/png': b'\\x89PNG'}, raw=True,\n"
                "        metadata={'image/png': {'width': 3}})\n"
                "display(Image(" + repr(png_bytes(1, 1)) + ", width=5),\n"
                "        metadata={'image/png': {'height': 7}})")
    first, second = r.displays
    assert first["data"] == {"text/plain": "p", "image/png": base64.b64encode(b"\x89PNG").decode()}
    assert first["metadata"] == {"image/png": {"width": 3}}
    assert second["metadata"] == {"image/png": {"width": 5, "height": 7}}


def test_raw_bundle_must_be_a_dict(sb: Sandbox) -> None:
    r = sb.run("display('text', raw=True)")
    assert r.error is not None and r.error.ename == "TypeError"


def test_clear_output_messages(sb: Sandbox) -> None:
    r = run(sb, "clear_output()\nclear_output(wait=True)\ndisplay('x', clear=True)")
    assert r.displays[:3] == [
        {"type": "clear_output", "wait": False},
        {"type": "clear_output", "wait": True},
        {"type": "clear_output", "wait": True},
    ]
    assert r.displays[3]["data"] == {"text/plain": "'x'"}


def test_display_helpers_raw(sb: Sandbox) -> None:
    r = run(sb, "display_html('<b>raw</b>', raw=True)\ndisplay_markdown(Markdown('m'))\n"
                "display_json({'a': 1}, raw=True)")
    assert r.displays[0]["data"] == {"text/html": "<b>raw</b>"}
    assert r.displays[1]["data"] == {"text/markdown": "m",
                                     "text/plain": "<IPython.core.display.Markdown object>"}
    assert r.displays[2]["data"] == {"application/json": {"a": 1}}


def test_ipython_display_hook_takes_over(sb: Sandbox) -> None:
    r = run(sb, "class Own:\n    def _ipython_display_(self):\n        display(HTML('<b>own</b>'))\n"
                "display(Own())")
    assert [m["data"].get("text/html") for m in r.displays] == ["<b>own</b>"]


def test_iframe(sb: Sandbox) -> None:
    data, _ = result(sb, "IFrame('https://example.org/p', 300, 200, q='v')")
    assert data["text/html"].startswith('<iframe width="300" height="200" src="https://example.org/p?q=v"')


def test_catch_all_getattr_objects_are_plain(sb: Sandbox) -> None:
    setup = """
class Anything:
    def __getattr__(self, name):
        return lambda *a, **k: '<b>' + name + '</b>'
    def __repr__(self): return 'Anything()'
"""
    assert result(sb, setup + "Anything()") == ({"text/plain": "Anything()"}, {})
    r = run(sb, "display(Anything())")
    assert r.displays[0]["data"] == {"text/plain": "Anything()"}


def test_raising_mimebundle_falls_back_to_methods(sb: Sandbox) -> None:
    setup = """
class Half:
    def _repr_mimebundle_(self, include=None, exclude=None): raise KeyError('x')
    def _repr_markdown_(self): return '*ok*'
    def __repr__(self): return 'Half'
"""
    assert result(sb, setup + "Half()") == ({"text/plain": "Half", "text/markdown": "*ok*"}, {})
