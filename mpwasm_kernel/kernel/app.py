"""The kernel application (``python -m mpwasm_kernel -f ...``) and SIGINT routing to the sandbox."""

from __future__ import annotations

import signal
from typing import Any

from ipykernel.kernelapp import IPKernelApp, kernel_aliases, kernel_flags
from traitlets import Type

from ..runner.limit_text import LIMIT_NAMES
from .kernel import MicroPythonKernel


def route_sigint(signum: int = signal.SIGINT, frame: Any = None) -> None:
    """Deliver a SIGINT to the running kernel's sandbox (usable as a signal handler)."""
    if MicroPythonKernel.initialized():
        MicroPythonKernel.instance().interrupt_sandbox()


class MicroPythonKernelApp(IPKernelApp):
    """IPKernelApp running `MicroPythonKernel`, with SIGINT routed to the sandbox.

    Short options: ``--fuel``, ``--wall-seconds``, ``--memory-bytes``, ``--output-bytes``,
    ``--disk-bytes``, ``--variant``, ``--seed`` (aliases of the ``MicroPythonKernel`` traits);
    flags ``--deterministic`` and ``--safe-outputs``.
    """

    name = "mpwasm-kernel"
    kernel_class = Type(MicroPythonKernel, klass="ipykernel.kernelbase.Kernel").tag(config=True)
    subcommands: dict = {}
    aliases = {
        **kernel_aliases,
        **{name.replace("_", "-"): f"MicroPythonKernel.{name}" for name in (*LIMIT_NAMES, "variant", "seed")},
        "functions": "MicroPythonKernel.functions",
        **{name.replace("_", "-"): f"MicroPythonKernel.{name}"
           for name in ("host_calls", "host_result_bytes", "host_argument_bytes")},
    }
    flags = {
        **kernel_flags,
        "deterministic": ({"MicroPythonKernel": {"deterministic": True}}, "Fixed clock and random seed."),
        "safe-outputs": (
            {"MicroPythonKernel": {"safe_outputs": True}},
            "Drop JavaScript outputs and sanitize HTML (for notebooks others will run or open).",
        ),
    }

    classes = [MicroPythonKernel, *IPKernelApp.classes]

    def start(self) -> None:
        """Run until shutdown, then stop the control and shell-channel threads while IOPub is up.

        ipykernel leaves that to ``atexit``, where IOPub stops first: a control thread still
        finishing the shutdown request then waits 10 s for an IOPub flush, and jupyter_client
        kills the process.
        """
        super().start()
        for thread in (self.control_thread, self.shell_channel_thread):
            if thread is not None and thread.is_alive():
                thread.stop()
                thread.join(timeout=5)

    def init_signal(self) -> None:
        """Route SIGINT to the sandbox instead of ignoring it (an ignored signal is discarded,
        even while blocked for the launcher's ``sigwait`` thread)."""
        signal.signal(signal.SIGINT, route_sigint)
