"""The sandbox layer is usable without Jupyter: importing it loads no Jupyter module."""

from __future__ import annotations

import subprocess
import sys

JUPYTER_MODULES = ("ipykernel", "jupyter_client", "zmq", "tornado", "traitlets")


def test_sandbox_imports_no_jupyter_module() -> None:
    code = (
        "import sys\n"
        "import mpwasm_kernel.sandbox\n"
        "from mpwasm_kernel import Sandbox, Limits, RunResult, GuestError\n"
        f"print(sorted(m for m in {JUPYTER_MODULES!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_kernel_package_is_importable_lazily() -> None:
    """`mpwasm_kernel.kernel` names resolve on access; the kernelspec helpers need no ipykernel."""
    code = (
        "import sys\n"
        "from mpwasm_kernel.kernel import kernelspec\n"
        "print('ipykernel' in sys.modules)\n"
        "from mpwasm_kernel.kernel import MicroPythonKernel, MicroPythonKernelApp, is_complete\n"
        "print(MicroPythonKernel.__module__, MicroPythonKernelApp.__module__, is_complete.__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "False",
        "mpwasm_kernel.kernel.kernel",
        "mpwasm_kernel.kernel.app",
        "mpwasm_kernel.kernel.source",
    ]
