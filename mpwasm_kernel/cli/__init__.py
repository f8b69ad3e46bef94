"""The ``mpwasm-kernel`` command line: one module per subcommand, each with ``main(argv) -> int``.

``python -m mpwasm_kernel`` and the ``mpwasm-kernel`` script dispatch here (see `__main__`):
kernelspec management and launching the kernel stay in `mpwasm_kernel.kernel`; the subcommands
below run code in a sandbox without Jupyter (``run``, ``repl``) or execute notebooks
(``execute``), or serve the sandbox to AI agents over the Model Context Protocol (``mcp``). A
subcommand's module is imported only when it is used.
"""

from __future__ import annotations

from importlib import import_module

#: subcommand -> module under `mpwasm_kernel.cli` defining ``main(argv: list[str]) -> int``.
SUBCOMMANDS: dict[str, str] = {"run": "run", "repl": "repl", "execute": "execute", "mcp": "mcp"}


def run_subcommand(name: str, argv: list[str]) -> int:
    """Run subcommand `name` with its own arguments; return its exit status."""
    module = import_module(f"{__name__}.{SUBCOMMANDS[name]}")
    return int(module.main(argv) or 0)
