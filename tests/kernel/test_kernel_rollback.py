"""The kernel's `rollback` trait: soft stops keep the cell's earlier work by default, not with `always`."""

from __future__ import annotations

from typing import Any

import pytest

LOOP = "def kept():\n    return 'still here'\nwhile True:\n    pass"


@pytest.mark.parametrize(("arguments", "survives"), [
    (["--MicroPythonKernel.wall_seconds=0.5"], True),
    (["--MicroPythonKernel.wall_seconds=0.5", "--MicroPythonKernel.rollback=always"], False),
])
def test_rollback_trait(kernel_tools: Any, arguments: list[str], survives: bool) -> None:
    km, kc = kernel_tools.start_kernel(extra_arguments=arguments)
    try:
        reply, outputs = kernel_tools.execute(kc, LOOP)
        error = kernel_tools.error_of(outputs)
        assert reply["content"]["status"] == "error" and error["ename"] == "TimeLimitExceeded"
        assert ("kept what it did before the stop" in error["evalue"]) is survives
        _, outputs = kernel_tools.execute(kc, "'kept' in globals()")
        result = next(m for m in outputs if m["msg_type"] == "execute_result")
        assert result["content"]["data"]["text/plain"] == str(survives)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
