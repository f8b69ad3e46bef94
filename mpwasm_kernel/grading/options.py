"""`ExecutionOptions`: how notebooks are executed, in a module of its own so that the process
that hands notebooks out (``mpwasm-kernel execute --jobs N``, Dask clients) can build and send
them without importing the sandbox: its workers start while it is still reading notebooks."""

from __future__ import annotations

import dataclasses

from ..sandbox.limits import Limits

#: Default whole-notebook output budget (bytes of output text, every display copy counted).
NOTEBOOK_OUTPUT_BYTES = 64 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class ExecutionOptions:
    """How notebooks are executed (picklable: local workers and Dask workers receive it).

    - `limits`: per-cell limits (as the kernel's); `%limits` in a notebook can only lower them.
    - `stop_on_error`: stop at the first error in a cell not tagged ``raises-exception``.
    - `notebook_seconds`: wall-clock budget for the whole notebook (None: no budget).
    - `variant`: the sandbox's interpreter build; None (default) takes it from the notebook's
      kernelspec when that is one of this package's (`KERNELSPEC_VARIANTS`), else ``ulab``.
    - `deterministic`, `seed`: fixed clock and random seed in the guest.
    - `record_timing`: write ``metadata.execution`` timestamps, like nbclient.
    - `checks`: import string (``module:attribute``) of a `Checks` object or a mapping of
      expected values: the host function ``check(name, value)`` (see `checks`).
    - `safe_outputs`: drop JavaScript outputs and sanitize HTML/SVG (`sandbox/sanitize.py`); on by
      default, since executed notebooks are opened by graders and feedback embeds them.
    - `output_bytes`: output budget of the whole notebook (every ``display_id`` copy counted).
    """

    limits: Limits = dataclasses.field(default_factory=Limits)
    stop_on_error: bool = False
    notebook_seconds: float | None = None
    variant: str | None = None
    deterministic: bool = False
    seed: int = 0
    record_timing: bool = True
    checks: str | None = None
    safe_outputs: bool = True
    output_bytes: int = NOTEBOOK_OUTPUT_BYTES
