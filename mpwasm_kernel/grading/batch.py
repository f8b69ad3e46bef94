"""Many notebooks: read them, run them on a backend, write each executed notebook as it finishes.

`run_batch` is what ``mpwasm-kernel execute`` does, usable from Python. Executed notebooks go to
`output_dir` (same file name; a name used twice gets the folder's name in front) or back to
their own paths (`inplace`), or nowhere (only the reports). A notebook that cannot be read or
written ends as a ``failed`` report; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .backends import Backend, InProcessBackend
from .options import ExecutionOptions
from .report import NotebookReport
from .worker import Task, TaskResult


def output_paths(paths: Sequence[Path], output_dir: Path | None, inplace: bool) -> list[Path | None]:
    """Where each executed notebook is written (None: not written)."""
    if inplace:
        return list(paths)
    if output_dir is None:
        return [None] * len(paths)
    seen: dict[str, int] = {}
    for p in paths:
        seen[p.name] = seen.get(p.name, 0) + 1
    return [output_dir / (p.name if seen[p.name] == 1 else f"{p.parent.name or 'root'}-{p.name}") for p in paths]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Notebook paths; a directory stands for the ``*.ipynb`` files under it (sorted, checkpoints skipped)."""
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            found.append(item)
    return found


def run_batch(paths: Sequence[str | Path], *, options: ExecutionOptions | None = None,
              parameters: Mapping[str, Any] | None = None, backend: Backend | None = None,
              output_dir: str | Path | None = None, inplace: bool = False,
              on_result: Callable[[NotebookReport], None] | None = None) -> list[NotebookReport]:
    """Execute every notebook in `paths`; return their reports in the order of `paths`.

    `on_result` is called with each report as soon as its notebook is done (progress display).
    """
    options = options or ExecutionOptions()
    files = [Path(p) for p in paths]
    targets = output_paths(files, Path(output_dir) if output_dir is not None else None, inplace)
    if output_dir is not None:
        Path(output_dir).mkdir(parents=True, exist_ok=True)
    reports: list[NotebookReport | None] = [None] * len(files)
    tasks: list[Task] = []
    frozen = tuple((parameters or {}).items())
    for index, path in enumerate(files):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            reports[index] = NotebookReport(path=str(path), status="failed", message=f"cannot read: {err}")
            if on_result is not None:
                on_result(reports[index])
            continue
        tasks.append(Task(index, str(path), text, options, frozen))
    backend = backend or InProcessBackend()
    for result in backend.run(tasks):
        report = _finish(result, targets[result.index])
        reports[result.index] = report
        if on_result is not None:
            on_result(report)
    return [r for r in reports if r is not None]


def _finish(result: TaskResult, target: Path | None) -> NotebookReport:
    report = NotebookReport.from_dict(result.report)
    if target is not None and result.text is not None:
        try:
            target.write_text(result.text, encoding="utf-8")
            report.output = str(target)
        except OSError as err:
            report.status = "failed"
            report.message = f"cannot write {target}: {err}"
    return report
