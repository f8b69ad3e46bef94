"""nbgrader integration: execute submissions in-process instead of starting a kernel per notebook.

`SandboxExecute` is an nbgrader preprocessor that takes the place of nbgrader's ``Execute`` in
the ``Autograde`` preprocessor list; it runs the notebook through `NotebookExecutor` (a warm
sandbox, reset per notebook), so each submission costs a reset instead of a kernel start. In
``nbgrader_config.py``::

    from mpwasm_kernel.grading.nbgrader import sandbox_autograde_preprocessors
    c.Autograde.autograde_preprocessors = sandbox_autograde_preprocessors()
    c.SandboxExecute.wall_seconds = 10       # optional: per-cell limits, as the kernel's
    c.SandboxExecute.notebook_seconds = 120  # optional: budget per submission

Errors are recorded in the cells (nbgrader's ``allow_errors``); limits end as errors naming the
limit, which nbgrader grades like any failing test cell.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Enum, Float, Integer, Unicode

from ..sandbox.limits import Limits
from .options import ExecutionOptions
from .worker import warm_executor


class SandboxExecute(NbGraderPreprocessor):
    """Execute the notebook in the MicroPython sandbox, in this process (replaces ``Execute``)."""

    fuel = Integer(None, allow_none=True, help="Wasm fuel per cell (default: Limits' default).").tag(config=True)
    wall_seconds = Float(None, allow_none=True, help="Wall-clock seconds per cell.").tag(config=True)
    memory_bytes = Integer(None, allow_none=True, help="Interpreter memory cap in bytes.").tag(config=True)
    output_bytes = Integer(None, allow_none=True, help="Output bytes per cell.").tag(config=True)
    rollback = Enum(["hard", "always"], "hard", help="What a limit stop undoes (see Limits).").tag(config=True)
    notebook_seconds = Float(None, allow_none=True, help="Wall-clock budget per notebook.").tag(config=True)
    variant = Enum(["micropython", "ulab"], None, allow_none=True,
                   help="Interpreter build (default: from the notebook's kernelspec, else ulab).").tag(config=True)
    checks = Unicode(None, allow_none=True, help="Import string (module:attr) of the expected values for "
                     "check(name, value), compared on the host (see mpwasm_kernel.grading.checks).").tag(config=True)

    def options(self) -> ExecutionOptions:
        changes = {name: getattr(self, name) for name in ("fuel", "wall_seconds", "memory_bytes", "output_bytes")
                   if getattr(self, name) is not None}
        limits = dataclasses.replace(Limits(), rollback=self.rollback, **changes)
        return ExecutionOptions(limits=limits, notebook_seconds=self.notebook_seconds, variant=self.variant,
                                checks=self.checks)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        report = warm_executor(self.options()).execute(nb, path=str(resources.get("unique_key", "")))
        if report.status == "failed":
            self.log.error("executing %s failed: %s", report.path, report.message)
        return nb, resources


def sandbox_autograde_preprocessors() -> list[type]:
    """nbgrader's default ``Autograde.autograde_preprocessors`` with ``Execute`` replaced."""
    defaults = Autograde.class_traits()["autograde_preprocessors"].default()
    return [SandboxExecute if pp is Execute else pp for pp in defaults]
