"""Guest text made safe for a terminal or a spreadsheet.

A guest decides what it prints, what its exceptions are called and what they say. Written
verbatim to a terminal, escape sequences in that text act on the terminal: OSC 52 writes the
clipboard, OSC 0/2 set the window title, CSI sequences clear the screen or move the cursor over
earlier lines, 8-bit C1 controls do the same on terminals that honour them. Written verbatim into
a CSV report, a cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula to a spreadsheet.

`strip_controls` removes every escape sequence and every C0/C1 control character except newline
and tab (and carriage return where `keep_cr`); `TerminalFilter` does the same for text that
arrives in pieces (a sequence split across two writes is held back until it is complete);
`spreadsheet_cell` also defuses formulas.
"""

from __future__ import annotations

import re

_STRING_START = "\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f]"  # OSC, DCS, SOS, PM, APC (7- and 8-bit)
_STRING_END = "(?:\x07|\x1b\\\\|\x9c)"
#: A complete escape or control sequence.
_SEQUENCE = (rf"(?:{_STRING_START}).*?{_STRING_END}"  # string sequences up to their terminator
             r"|\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"  # CSI (7- and 8-bit)
             r"|\x1b[ -/]*[0-OQ-WYZ\\`-~]")  # any other escape sequence (not CSI or a string start)
#: A sequence, an unfinished one's opening (ESC and the next character), or a control character.
_CONTROLS = re.compile(rf"{_SEQUENCE}|\x1b.?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", re.DOTALL)
_COMPLETE = re.compile(_SEQUENCE, re.DOTALL)
_STRING = re.compile(rf"(?:{_STRING_START}).*?{_STRING_END}", re.DOTALL)
_STRING_OPEN = re.compile(_STRING_START)
_STARTS = re.compile(r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]")
#: The longest unfinished sequence a `TerminalFilter` holds back before dropping it.
MAX_PENDING = 4096


def strip_controls(text: str, *, keep_cr: bool = False) -> str:
    """`text` without escape sequences and control characters (newline and tab kept)."""
    cleaned = _CONTROLS.sub("", text)
    return cleaned if keep_cr else cleaned.replace("\r", "")


class TerminalFilter:
    """`strip_controls` for a stream written in pieces (carriage returns kept: progress lines)."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, text: str) -> str:
        text = self._pending + text
        self._pending = ""
        at = 0
        while (start := _STARTS.search(text, at)) is not None:
            opened = start.start()
            complete = (_STRING if _STRING_OPEN.match(text, opened) else _COMPLETE).match(text, opened)
            if complete is None:
                # Not finished yet (an unterminated string sequence, a lone ESC at the end of the
                # write): hold it back, up to MAX_PENDING characters.
                if len(text) - opened < MAX_PENDING:
                    text, self._pending = text[:opened], text[opened:]
                break
            at = complete.end()
        return strip_controls(text, keep_cr=True)


def spreadsheet_cell(text: str) -> str:
    """`text` for a CSV report: controls removed, a leading formula character quoted."""
    text = strip_controls(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text
