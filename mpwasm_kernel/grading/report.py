"""What executing one notebook came to (`NotebookReport`), and batch reports as JSON or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..sandbox.errors import LIMIT_ERRORS
from ..sandbox.terminal import spreadsheet_cell

#: Limit names that count as a "limit hit" besides the sandbox's own (the per-notebook budget).
NOTEBOOK_LIMIT = "NotebookTimeLimitExceeded"


@dataclass
class CellError:
    """An error output: the cell's index in the notebook, its execution count, ename and evalue."""

    cell: int
    execution_count: int | None
    ename: str
    evalue: str
    expected: bool = False  #: the cell is tagged ``raises-exception``


@dataclass
class NotebookReport:
    """Per notebook: path, status, cells run, errors, limits hit, seconds, fuel, checks.

    ``status``: ``ok`` (no unexpected error), ``error`` (a cell raised, not tagged
    ``raises-exception``), ``limit`` (a limit stopped a cell or the notebook's time budget ran
    out), ``failed`` (the notebook could not be read, executed or written; see ``message``).
    """

    path: str = ""
    status: str = "ok"
    cells_run: int = 0
    errors: list[CellError] = field(default_factory=list)
    limits_hit: list[str] = field(default_factory=list)
    seconds: float = 0.0
    fuel: int = 0
    message: str = ""
    output: str = ""
    checks: dict[str, bool] = field(default_factory=dict)  #: host-side record: check name -> passed

    @property
    def failed(self) -> bool:
        """Anything other than ``ok``: what makes the batch command's exit status non-zero."""
        return self.status != "ok"

    def add_error(self, cell: int, execution_count: int | None, ename: str, evalue: str, expected: bool) -> None:
        self.errors.append(CellError(cell, execution_count, ename, evalue, expected))
        if ename in LIMIT_ERRORS or ename == NOTEBOOK_LIMIT:
            self.limits_hit.append(ename)

    def finish(self) -> None:
        """Derive `status` from the errors (unless already ``failed``)."""
        if self.status == "failed":
            return
        if self.limits_hit:
            self.status = "limit"
        elif any(not e.expected for e in self.errors):
            self.status = "error"
        else:
            self.status = "ok"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> NotebookReport:
        report = cls(**{k: v for k, v in data.items() if k != "errors"})
        report.errors = [CellError(**e) for e in data.get("errors", [])]
        return report


CSV_FIELDS = ("path", "status", "cells_run", "errors", "error_names", "limits_hit", "seconds", "fuel", "checks",
              "message", "output")
_NUMERIC = frozenset({CSV_FIELDS.index("seconds")})  # written by the host, never a formula


def write_report(reports: Iterable[NotebookReport], path: str | Path) -> None:
    """Write `reports` to `path`: JSON (a list of objects) for ``.json``, else CSV (one row each).

    CSV text fields hold guest-chosen text (exception names, output, file names): control
    characters are removed and a leading ``=``/``+``/``-``/``@`` is quoted (`spreadsheet_cell`).
    """
    path = Path(path)
    reports = list(reports)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps([r.as_dict() for r in reports], indent=1) + "\n")
        return
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_FIELDS)
        for r in reports:
            row = [r.path, r.status, r.cells_run, len(r.errors), ";".join(e.ename for e in r.errors),
                   ";".join(r.limits_hit), f"{r.seconds:.3f}", r.fuel,
                   ";".join(f"{k}={'pass' if v else 'fail'}" for k, v in r.checks.items()), r.message, r.output]
            writer.writerow([spreadsheet_cell(v) if isinstance(v, str) and i not in _NUMERIC else v
                             for i, v in enumerate(row)])
