"""The kernel's input history: kept in this process's memory, bounded in entries and in bytes.

ipykernel keeps its history in an SQLite file; this kernel keeps only the current process's cells
(session 1), so a restart starts a new, empty history. Each entry is ``(count, source, shown)``
where ``shown`` is the ``text/plain`` of the cell's result, if any.

Bounded: at most `max_entries` entries and at most `max_bytes` bytes of host memory for them
(measured with ``sys.getsizeof`` of the strings plus a fixed per-entry overhead, so wide Unicode
text counts at its real size). The oldest entries go first; the latest entry is always kept, so the
cell just run can be found even when it alone is over the budget.
"""

from __future__ import annotations

import fnmatch
import sys
from collections import deque
from collections.abc import Iterable

#: History session number reported for this kernel's (in-memory, per-process) history.
HISTORY_SESSION = 1
#: Default bounds (the kernel's ``history_size`` / ``history_bytes`` traits).
HISTORY_SIZE = 10_000
HISTORY_BYTES = 8 << 20
#: Host bytes charged per entry besides its strings (tuple, int, deque slot).
ENTRY_OVERHEAD = 120

Entry = tuple[int, str, "str | None"]


def entry_bytes(code: str, shown: str | None) -> int:
    """Host memory charged for one entry."""
    return ENTRY_OVERHEAD + sys.getsizeof(code) + (sys.getsizeof(shown) if shown is not None else 0)


class History:
    """Input history of one kernel process: add cells, answer ``history_request`` queries."""

    def __init__(self, max_entries: int = HISTORY_SIZE, max_bytes: int = HISTORY_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: deque[Entry] = deque()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._entries))

    def counts(self) -> set[int]:
        """Execution counts of the cells still kept."""
        return {count for count, _, _ in self._entries}

    def add(self, count: int, code: str, shown: str | None) -> None:
        """Keep a cell; drop the oldest entries beyond the bounds (never the one just added)."""
        self._entries.append((count, code, shown))
        self.bytes += entry_bytes(code, shown)
        limit = max(1, self.max_entries)
        while len(self._entries) > 1 and (len(self._entries) > limit or self.bytes > self.max_bytes):
            _, old_code, old_shown = self._entries.popleft()
            self.bytes -= entry_bytes(old_code, old_shown)

    def query(
        self,
        hist_access_type: str,
        *,
        session: int | None = None,
        start: int | None = None,
        stop: int | None = None,
        n: int | None = None,
        pattern: str | None = None,
        unique: bool = False,
        **_: object,
    ) -> list[Entry]:
        """Entries for a ``history_request``: ``tail`` (last n), ``range`` (start ≤ count < stop,
        session 1 or the current one), ``search`` (glob on the source, optionally unique, last n);
        any other access type: none."""
        entries = list(self._entries)
        if hist_access_type == "tail":
            return entries[-n:] if n else entries
        if hist_access_type == "range":
            if session not in (None, 0, HISTORY_SESSION):
                return []
            low = start if start is not None else 1
            return [e for e in entries if e[0] >= low and (stop is None or e[0] < stop)]
        if hist_access_type == "search":
            found = [e for e in entries if fnmatch.fnmatchcase(e[1], pattern or "*")]
            if unique:
                found = _last_of_each(found)
            return found[-n:] if n else found
        return []

    @staticmethod
    def reply(entries: Iterable[Entry], output: bool) -> list[tuple]:
        """The ``history`` list of a reply: ``(session, count, source)`` or, with `output`,
        ``(session, count, (source, shown))``."""
        return [(HISTORY_SESSION, count, (source, shown) if output else source) for count, source, shown in entries]


def _last_of_each(entries: list[Entry]) -> list[Entry]:
    """Entries with distinct sources, each at its last occurrence, in order."""
    seen: set[str] = set()
    kept = []
    for entry in reversed(entries):
        if entry[1] not in seen:
            seen.add(entry[1])
            kept.append(entry)
    return kept[::-1]
