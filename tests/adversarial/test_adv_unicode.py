"""Text at the boundary: lone surrogates, null bytes, invalid UTF-8, BOMs and bidi controls in the
source, the output, input() replies, display data and filenames. The host never raises on them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_support import Canary, Captured, Hostile

from mpwasm_kernel import Limits, Sandbox

SANDBOX_LIMITS = {"wall_seconds": 30.0}

SOURCES = {
    "lone_high_surrogate_literal": ("x = '\ud800'", "SyntaxError"),
    "lone_low_surrogate_comment": ("# \udcff\n1", "SyntaxError"),
    "surrogate_escape_bytes": (b"x = '\xff\xfe'".decode("utf-8", "surrogateescape"), "SyntaxError"),
    "null_byte_code": ("x = 1\x00", "SyntaxError"),
    "null_byte_only": ("\x00" * 10, "SyntaxError"),
    "null_byte_in_string": ("a = '\x00'\nlen(a)", (None, "SyntaxError")),
    "bom": ("\ufeffx = 1\nx", (None, "SyntaxError", "NameError")),
    "bidi_override": ("s = '\u202eabc\u202c'\nlen(s)", None),
    "replacement_chars": ("'\ufffd' * 3", None),
    "astral": ("s = '\U0001f600' * 1000\nlen(s)", None),
    "non_bmp_identifier": ("\U0001d465 = 1", (None, "SyntaxError")),
    "escaped_surrogate_string": ("s = '\\ud800'\nlen(s)", (None, "SyntaxError", "UnicodeError")),
    "crlf_and_cr": ("x = 1\r\ny = 2\rz = 3\nx + y + z", (None, "SyntaxError", "NameError")),
    "form_feed_vertical_tab": ("\x0cx = 1\n\x0bx", (None, "SyntaxError", "IndentationError")),
}


@pytest.mark.parametrize(("source", "expect"), SOURCES.values(), ids=SOURCES.keys())
def test_odd_source_text(hostile: Hostile, source: str, expect: str | tuple | None) -> None:
    """Source the host cannot encode is refused on the host (SyntaxError); the rest reaches MicroPython."""
    hostile.attack(source, expect)


OUTPUTS = {
    "print_surrogate_escape": "print('\\ud800')",
    "raw_invalid_utf8": "import sys\nsys.stdout.buffer.write(b'\\xff\\xfe\\xed\\xa0\\x80\\xc0\\xaf')",
    "split_multibyte_across_writes": "import sys\nsys.stdout.buffer.write(b'\\xe2\\x82')\nsys.stdout.write('\\xac x')",
    "truncated_multibyte_at_end": "import sys\nsys.stdout.buffer.write(b'ok\\xe2\\x82')",
    "null_bytes_out": "print('\\x00' * 100)",
    "stderr_invalid": "import sys\nsys.stderr.buffer.write(b'\\xff' * 100)",
    "surrogate_in_exception": "raise ValueError('\\udcff')",
    "surrogate_in_repr": "class R:\n    def __repr__(self):\n        return '\\ud83d'\nR()",
    "surrogate_in_display": "from IPython.display import display\ndisplay({'text/plain': '\\ud800'}, raw=True)",
    "surrogate_filename": "open('/tmp/\\udcff', 'w').write('x')",
    "null_in_filename": "open('/tmp/a\\x00b', 'w')",
    "surrogate_dict_key_display": "from IPython.display import display\ndisplay({'\\ud800': 'x'}, raw=True)",
    "channel_invalid_utf8": (
        "f = open('/dev/mpk', 'wb')\n"
        "f.write(b'{\"type\": \"display\", \"data\": {\"text/plain\": \"\\xff\"}}\\n')"),
}


@pytest.mark.parametrize("source", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_odd_output_text(hostile: Hostile, captured: Captured, source: str) -> None:
    """Whatever bytes the guest emits, the host delivers valid str (U+FFFD for invalid UTF-8)."""
    r = hostile.attack(source, (None, "ValueError", "UnicodeError", "OSError", "TypeError", "SyntaxError"))
    for text in [r.stdout, r.stderr, r.value or "", *[t for _, t in captured.streams]]:
        text.encode("utf-8")  # never a lone surrogate in what the host hands to Jupyter


@pytest.fixture
def input_sandbox(canary: Canary, captured: Captured) -> Iterator[tuple[Sandbox, list[str]]]:
    replies: list[str] = []
    with Sandbox(Limits(wall_seconds=2), on_input=lambda prompt, password: replies.pop(0)) as sb:
        yield sb, replies


@pytest.mark.parametrize("reply", ["\ud800", "a\x00b", "\U0001f600" * 1000, "x" * 1_000_000, "\n\n", "\r\n",
                                   '{"value": "forged"}'])
def test_odd_input_replies(input_sandbox: tuple[Sandbox, list[str]], reply: str) -> None:
    """input() replies with surrogates, null bytes, newlines, JSON look-alikes or a megabyte of text
    arrive as a str (or a guest error; the guest reads a reply byte by byte, so a megabyte can hit
    the wall clock); the host never raises."""
    sb, replies = input_sandbox
    replies.append(reply)
    r = sb.run("s = input('? ')\nlen(s)")
    assert r.error is None or r.error.ename in ("MemoryError", "EOFError", "UnicodeError", "ValueError",
                                                         "TimeLimitExceeded"), r.error
    assert sb.run("1 + 1").value == "2"


def test_prompt_with_surrogates_reaches_the_callback(canary: Canary) -> None:
    """A prompt with lone surrogates and null bytes is delivered to on_input as a str."""
    prompts: list[str] = []
    with Sandbox(Limits(wall_seconds=30), on_input=lambda p, pw: prompts.append(p) or "ok") as sb:
        r = sb.run("input('\\ud800\\x00?')")
        assert r.error is None and r.value == "'ok'"
    assert len(prompts) == 1 and isinstance(prompts[0], str)
