"""The runner shows the pyplot figures a cell leaves open after its result or error (IPython's
inline backend shows them from its post-execute hook); `Sandbox.run` alone still shows them at
the end of the run. The order against a real ipykernel is in tests/kernel/test_figures_ipython.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.runner import Display, Error, Request, RequestRunner, Result, Stream


@pytest.fixture(scope="module")
def runner() -> Iterator[RequestRunner]:
    with RequestRunner(Limits()) as shared:
        shared.run(Request("import matplotlib.pyplot as plt", execution_count=0))
        yield shared


def _kinds(outputs: list) -> list[str]:
    out = []
    for o in outputs:
        if isinstance(o, Display):
            out.append("figure" if any(k.startswith("image/") for k in o.data) else "text:" + o.data["text/plain"][:8])
        elif isinstance(o, Result):
            out.append("result:" + o.data["text/plain"])
        elif isinstance(o, Error):
            out.append("error:" + o.ename)
        elif isinstance(o, Stream):
            out.append("stream")
    return out


def test_result_then_figure(runner: RequestRunner) -> None:
    outcome = runner.run(Request("plt.plot([1, 2])\n5", execution_count=1))
    assert _kinds(outcome.outputs) == ["result:5", "figure"]


def test_error_then_figure(runner: RequestRunner) -> None:
    outcome = runner.run(Request("plt.plot([1, 2])\n1 / 0", execution_count=2))
    assert _kinds(outcome.outputs) == ["error:ZeroDivisionError", "figure"]
    assert outcome.status == "error"


def test_show_during_the_cell_comes_before_the_result(runner: RequestRunner) -> None:
    outcome = runner.run(Request("plt.plot([1])\nplt.show()\nprint('after')\n7", execution_count=3))
    assert _kinds(outcome.outputs) == ["figure", "stream", "result:7"]


def test_a_hidden_result_still_shows_the_figure_and_nothing_is_left_open(runner: RequestRunner) -> None:
    outcome = runner.run(Request("plt.plot([1, 2]);", execution_count=4))
    assert _kinds(outcome.outputs) == ["figure"]
    assert _kinds(runner.run(Request("x = 1", execution_count=5)).outputs) == []


def test_a_figure_over_the_output_limit_is_the_requests_error_after_the_result() -> None:
    with RequestRunner(Limits(output_bytes=20_000)) as small:
        code = "import matplotlib.pyplot as plt\nplt.plot([i * i % 97 for i in range(3000)])\n5"
        outcome = small.run(Request(code, execution_count=1))
    assert _kinds(outcome.outputs) == ["result:5", "error:OutputLimitExceeded"]
    assert outcome.status == "error"


def test_sandbox_run_flushes_unless_asked_not_to() -> None:
    with Sandbox() as sb:
        ran = sb.run("import matplotlib.pyplot as plt\nplt.plot([1, 2])\n3")
        assert ran.figures_pending == 0 and len(ran.displays) == 1
        held = sb.run("plt.plot([2, 1])\n4", flush_figures=False)
        assert held.figures_pending == 1 and held.displays == [] and held.value == "4"
        sb.flush_figures()
        assert sb.run("plt.get_fignums()").value == "[]"
