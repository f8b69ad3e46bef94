"""``mpwasm-kernel execute NOTEBOOK...``: execute notebooks in-process, many at a time.

Each notebook runs in a fresh interpreter of a warm sandbox (no kernel process). Executed
notebooks go to ``--output-dir`` or back in place (``--inplace``); ``--report`` writes one line
per notebook (JSON or CSV). Exit status: 0 when every notebook is ``ok``; 1 when any notebook has
an unexpected error, hit a limit or failed; 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any, TextIO

from ..grading.report import NotebookReport
from ..runner.limit_text import LIMIT_NAMES, parse_limit_value
from ..sandbox.limits import Limits
from ..sandbox.terminal import strip_controls

DESCRIPTION = """Execute Jupyter notebooks with the MicroPython sandbox, in-process (no kernel process).
Errors do not stop later cells (unless --stop-on-error); a notebook that errs, hits a limit or
cannot be read still lets the rest of the batch run. Exit status 1 if any notebook was not ok."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mpwasm-kernel execute", description=DESCRIPTION)
    p.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="notebook files, or folders of them")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--output-dir", metavar="DIR", help="write executed notebooks here (same file names)")
    where.add_argument("--inplace", action="store_true", help="overwrite each notebook with its executed version")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="papermill-style parameter (True/False/None, numbers, else text)")
    p.add_argument("-y", "--parameters-yaml", action="append", default=[], metavar="YAML",
                   help="parameters as a YAML mapping (text)")
    p.add_argument("--stop-on-error", action="store_true",
                   help="stop a notebook at its first error in a cell not tagged raises-exception")
    p.add_argument("--notebook-seconds", type=float, metavar="S", help="wall-clock budget per notebook")
    p.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="local worker processes (default: the number of cores; 0 runs in this process)")
    p.add_argument("--dask", metavar="ADDRESS", help="run on Dask: 'local' (a LocalCluster) or tcp://HOST:PORT")
    p.add_argument("--report", metavar="FILE", help="per-notebook report: .json or .csv")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line, no list of failures")
    for name in LIMIT_NAMES:
        p.add_argument("--" + name.replace("_", "-"), metavar="VALUE", help=f"per-cell limit {name}")
    p.add_argument("--rollback", choices=("hard", "always"),
                   help="what a limit undoes: 'hard' stops only (default) or every limit stop")
    p.add_argument("--checks", metavar="MODULE:ATTR",
                   help="expected values for check(name, value) (a Checks object or a mapping), compared on the host")
    p.add_argument("--variant", choices=("micropython", "ulab"),
                   help="interpreter build (default: the one each notebook's kernelspec names, else ulab)")
    p.add_argument("--deterministic", action="store_true", help="fixed clock and random seed in the guest")
    p.add_argument("--seed", type=int, default=0)
    return p


def _parameters(args: argparse.Namespace) -> dict[str, Any]:
    from ..grading.parameters import parse_value

    params: dict[str, Any] = {}
    for text in args.parameters_yaml:
        import yaml

        loaded = yaml.safe_load(text)
        if loaded is None:
            continue
        if not isinstance(loaded, dict):
            raise ValueError(f"-y needs a YAML mapping of names to values, got {type(loaded).__name__}")
        params.update(loaded)
    for name, value in args.parameter:
        params[name] = parse_value(value)
    return params


def _limits(args: argparse.Namespace) -> Limits:
    changes: dict[str, Any] = {}
    for name in LIMIT_NAMES:
        text = getattr(args, name)
        if text is not None:
            changes[name] = parse_limit_value(name, text)
    if args.rollback:
        changes["rollback"] = args.rollback
    return dataclasses.replace(Limits(), **changes)


class Progress:
    """A one-line progress display on a terminal (stderr); silent otherwise."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.done = self.errors = self.limits = self.failed = 0
        self.start = time.monotonic()

    def __call__(self, report: NotebookReport) -> None:
        self.done += 1
        self.errors += report.status == "error"
        self.limits += bool(report.limits_hit)
        self.failed += report.status == "failed"
        if self.enabled:
            width = 24
            filled = width * self.done // max(self.total, 1)
            rate = self.done / max(time.monotonic() - self.start, 1e-9) * 60
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} done, "
                              f"{self.errors} with errors, {self.limits} hit limits, {self.failed} failed "
                              f"({rate:.0f}/min)")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from ..grading.backends import LocalBackend
    from ..grading.batch import expand, run_batch
    from ..grading.options import ExecutionOptions
    from ..grading.report import write_report

    try:
        options = ExecutionOptions(limits=_limits(args), stop_on_error=args.stop_on_error,
                                   notebook_seconds=args.notebook_seconds, variant=args.variant,
                                   deterministic=args.deterministic, seed=args.seed, checks=args.checks)
        parameters = _parameters(args)
    except (ValueError, TypeError) as err:
        parser.error(str(err))
    paths = expand(args.notebooks)
    if not paths:
        parser.error("no notebooks found")
    if args.dask:
        from ..grading.cluster import DaskBackend

        backend: Any = DaskBackend(args.dask, n_workers=args.jobs or None)
    elif args.jobs == 0:
        from ..grading.backends import InProcessBackend

        backend = InProcessBackend()
    else:
        backend = LocalBackend(args.jobs, options)
        backend.start(len(paths))  # the workers start while the notebooks are read
    progress = Progress(len(paths), sys.stderr, sys.stderr.isatty() and not args.quiet)
    try:
        with backend:
            reports = run_batch(paths, options=options, parameters=parameters, backend=backend,
                                output_dir=args.output_dir, inplace=args.inplace, on_result=progress)
    finally:
        progress.close()
    if args.report:
        write_report(reports, args.report)
    bad = [r for r in reports if r.failed]
    if bad and not args.quiet:  # the failures, on a terminal and in a CI log alike
        for r in bad:
            detail = r.message or ", ".join(f"cell {e.cell}: {e.ename}" for e in r.errors if not e.expected)
            sys.stderr.write(strip_controls(f"{r.status}: {r.path}: {detail}") + "\n")  # guest-chosen names
    return 1 if bad else 0
