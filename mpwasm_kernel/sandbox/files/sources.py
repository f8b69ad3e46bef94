"""Module sources served through a filter (the CPython-compatibility source pass) to the importer.

The guest's import hook (guest/pycompat.py) writes the absolute path of the `.py` file an import
is about to load to the device `/dev/mpk-import`; the next read-only open of exactly that path
(the importer's) is served the filtered source from memory, and the mark is dropped. Every other
open of the file, e.g. `open('mod.py').read()` by user code, sees the file as stored.

Bounded: at most `MAX_MARKS` pending marks (older ones are dropped), paths up to 4096 bytes,
files up to `MAX_SOURCE_BYTES` are filtered (larger ones are served unchanged), and a filter
that raises leaves the source unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from .tree import _normalize, _Parts

MAX_MARKS = 16
MAX_PATH_BYTES = 4096
MAX_SOURCE_BYTES = 1 << 18


class ImportMarks:
    """The write-only device the guest's import hook uses to name the file about to be imported."""

    def __init__(self) -> None:
        self.pending: list[_Parts] = []

    def write(self, data: bytes) -> int:
        if len(data) <= MAX_PATH_BYTES:
            try:
                path = bytes(data).decode("utf-8")
            except UnicodeDecodeError:
                return len(data)
            if path.startswith("/") and "\0" not in path:
                try:
                    self.pending.append(_normalize((), path))
                except Exception:  # noqa: BLE001 - a malformed path is simply not marked
                    return len(data)
                del self.pending[:-MAX_MARKS]
        return len(data)

    def read(self, n: int) -> bytes:
        return b""

    def take(self, parts: _Parts) -> bool:
        """Is `parts` marked? The mark is consumed."""
        if parts in self.pending:
            self.pending.remove(parts)
            return True
        return False


class SourceReader:
    """A read-only, in-memory view of one filtered source (served like a device)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def write(self, data: bytes) -> int:
        return 0

    def read(self, n: int) -> bytes:
        chunk = self._data[self._pos:self._pos + n]
        self._pos += len(chunk)
        return chunk


def filtered(data: bytes, source_filter: Callable[[str], str]) -> bytes:
    """`data` run through `source_filter` as UTF-8 text; unchanged when too large or on any error."""
    if len(data) > MAX_SOURCE_BYTES:
        return data
    try:
        text = data.decode("utf-8")
        return source_filter(text).encode("utf-8")
    except Exception:  # noqa: BLE001 - the filter never breaks an import
        return data
