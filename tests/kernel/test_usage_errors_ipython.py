"""Usage errors (unknown magics) against a real IPython kernel (ipykernel's ``python3``).

IPython does not show a usage error as an ``error`` output: it prints ``UsageError: ...`` on
stderr and the execute reply says ``error``/``UsageError`` with an empty traceback. The same
cells run in both kernels; the reply's status, ename, evalue and traceback, the stderr and stdout
text and whether an ``error`` output was sent must be equal.
"""

from __future__ import annotations

from typing import Any

import pytest

CELLS = [
    "%nosuch",
    "%nosuch 1 2",
    "%%nosuch\nx = 1",
    "%writefile notes.txt",  # a cell magic used as a line magic: IPython's hint
    "%%who\nx",  # a line magic used as a cell magic
    "x = 1\n%nosuch\nprint('not run')",
    "print(x)",
]


def _run_all(kernel_tools: Any, name: str) -> list[tuple]:
    km, kc = kernel_tools.start_kernel(name)
    try:
        seen = []
        for code in CELLS:
            reply, outputs = kernel_tools.execute(kc, code)
            content = reply["content"]
            stderr = "".join(m["content"]["text"] for m in outputs
                             if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
            seen.append((content["status"], content.get("ename"), content.get("evalue"), content.get("traceback"),
                         stderr, kernel_tools.stdout_of(outputs), kernel_tools.error_of(outputs) is not None))
        return seen
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_unknown_magics_reported_as_ipython(kernel_tools: Any) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 (ipykernel) kernelspec")
    expected = _run_all(kernel_tools, "python3")
    actual = _run_all(kernel_tools, kernel_tools.KERNEL)
    for code, want, got in zip(CELLS, expected, actual, strict=True):
        assert got == want, f"\n--- cell ---\n{code}\n--- IPython ---\n{want}\n--- mpwasm ---\n{got}"
