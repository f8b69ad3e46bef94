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

SUBCOMMANDS = ("install", "list", "remove", "uninstall")
USAGE = """\
usage: python -m mpwasm_kernel -f CONNECTION_FILE [--fuel=N] [--wall-seconds=S] [--variant=ulab] ...
       python -m mpwasm_kernel install [--user | --sys-prefix | --prefix PREFIX] [--name NAME]
       python -m mpwasm_kernel list
       python -m mpwasm_kernel remove [NAME ...]
       python -m mpwasm_kernel run [-c CODE | FILE | -] [--fuel N] [--wall-seconds S] ...
       python -m mpwasm_kernel repl [--fuel N] [--wall-seconds S] ...
       python -m mpwasm_kernel execute NOTEBOOK.ipynb ... [--inplace | --output-dir DIR] ...
       python -m mpwasm_kernel mcp [--transport stdio|http] [--port N] [--functions NAME=module:attr] ...

Runs the MicroPython (WebAssembly sandbox) Jupyter kernel, or manages its kernelspecs.

subcommands:
  install   install the kernelspec(s) for Jupyter
  list      list the installed kernelspecs
  remove    remove kernelspecs (also: uninstall)
  run       run a file or code in the sandbox, without Jupyter
  repl      an interactive prompt on the sandbox
  execute   run notebooks in the sandbox and save their outputs
  mcp       serve the sandbox to AI agents (Model Context Protocol)

Each subcommand has its own --help. Kernel options: --help-all; limits also come from
MPWASM_FUEL, MPWASM_WALL_SECONDS, ... ."""



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


def usage_error(message: str) -> int:
    """Report a command-line mistake as argparse does: the usage on stderr, then
    ``mpwasm-kernel: error: MESSAGE``; exit status 2."""
    print(USAGE.split("\n\n")[0], file=sys.stderr)
    print(f"mpwasm-kernel: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Dispatch: a subcommand, ``-h``/``--help``, or (options only, e.g. ``-f CONNECTION_FILE``)
    the kernel itself. A first argument that is neither a subcommand nor an option is a usage
    error (exit status 2), so a typo never starts a kernel that waits for a connection."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        from .kernel import kernelspec  # here: jupyter_client costs the other subcommands ~0.2 s

        return kernelspec.main(args)
    if args and args[0] in cli.SUBCOMMANDS:
        return cli.run_subcommand(args[0], args[1:])
    if not args:
        return usage_error("the kernel needs -f CONNECTION_FILE, or give a subcommand")
    if args[0] in ("-h", "--help") and "-f" not in args:
        print(USAGE)
        return 0
    if not args[0].startswith("-"):
        choices = ", ".join(repr(name) for name in (*SUBCOMMANDS, *cli.SUBCOMMANDS))
        return usage_error(f"argument command: invalid choice: {args[0]!r} (choose from {choices})")
    launch(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
