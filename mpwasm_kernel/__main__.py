"""``python -m mpwasm_kernel``: launch the kernel, or manage its kernelspecs.

* ``python -m mpwasm_kernel -f CONNECTION_FILE [--MicroPythonKernel.fuel=...]`` — run the kernel
  (this is what the kernelspec's argv does).
* ``python -m mpwasm_kernel install|list|remove ...`` — see `mpwasm_kernel.kernel.kernelspec`.

Interrupt routing: a wasm call blocks the main thread and Python signal handlers only run between
its bytecodes, so SIGINT is blocked in every thread (the mask is set before any thread exists and
inherited) and one daemon thread takes it with ``sigwait`` and interrupts the sandbox. The
disposition must not be SIG_IGN, or a blocked SIGINT is discarded instead of left pending.
"""

from __future__ import annotations

import signal
import sys
import threading

from . import cli
from .kernel import kernelspec

SUBCOMMANDS = ("install", "list", "remove", "uninstall")
USAGE = """\
usage: python -m mpwasm_kernel -f CONNECTION_FILE [--fuel=N] [--wall-seconds=S] [--variant=ulab] ...
       python -m mpwasm_kernel install [--user | --sys-prefix | --prefix PREFIX] [--name NAME]
       python -m mpwasm_kernel list
       python -m mpwasm_kernel remove [NAME ...]
       python -m mpwasm_kernel run [-c CODE | FILE | -] [--fuel N] [--wall-seconds S] ...
       python -m mpwasm_kernel repl [--fuel N] [--wall-seconds S] ...
       python -m mpwasm_kernel mcp [--transport stdio|http] [--port N] [--functions NAME=module:attr] ...

Runs the MicroPython (WebAssembly sandbox) Jupyter kernel, or manages its kernelspecs.
Kernel options: --help-all; limits also come from MPWASM_FUEL, MPWASM_WALL_SECONDS, ... ."""


def _start_sigint_thread() -> None:
    """Block SIGINT in this (main) thread and everything it starts; deliver it from one thread."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: message-mode interrupts only
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def wait_for_sigint() -> None:
        while True:
            signal.sigwait({signal.SIGINT})
            try:
                from .kernel.app import route_sigint

                route_sigint()
            except Exception:  # never let the interrupt thread die
                pass

    threading.Thread(target=wait_for_sigint, name="mpwasm-sigint", daemon=True).start()


def launch(argv: list[str]) -> None:
    """Run the kernel application until shutdown."""
    _start_sigint_thread()
    from .kernel.app import MicroPythonKernelApp

    MicroPythonKernelApp.launch_instance(argv=argv)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return kernelspec.main(args)
    if args and args[0] in cli.SUBCOMMANDS:
        return cli.run_subcommand(args[0], args[1:])
    if not args or args[0] in ("-h", "--help") and "-f" not in args:
        print(USAGE)
        if not args:
            return 2
        return 0
    launch(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
