"""The request runner on the real sandbox: ordered outputs, results, errors with the limit that
stopped them and what was kept, magics under one budget, streaming, interrupts, input, exit."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from mpwasm_kernel import Limits
from mpwasm_kernel.runner import (
    ClearOutput,
    Display,
    Error,
    Output,
    Request,
    RequestRunner,
    Result,
    Stream,
)


@pytest.fixture(scope="module")
def runner() -> Iterator[RequestRunner]:
    with RequestRunner(Limits()) as shared:
        yield shared


def test_importing_the_runner_loads_no_front_end_and_no_wasm_host() -> None:
    code = (
        "import sys\n"
        "import mpwasm_kernel.runner\n"
        "names = ('ipykernel', 'jupyter_client', 'zmq', 'tornado', 'traitlets', 'wasmtime',\n"
        "         'mpwasm_kernel.kernel', 'mpwasm_kernel.grading', 'mpwasm_kernel.cli')\n"
        "print(sorted(m for m in names if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_outputs_arrive_in_order_with_the_result_last(runner: RequestRunner) -> None:
    seen: list[Output] = []
    code = ("from IPython.display import display, clear_output, HTML\n"
            "print('one')\n"
            "display(HTML('<b>x</b>'))\n"
            "clear_output(wait=True)\n"
            "handle = display('a', display_id='d1')\n"
            "handle.update('b')\n"
            "6 * 7\n")
    outcome = runner.run(Request(code, execution_count=1), on_output=seen.append)
    assert seen == outcome.outputs
    assert [type(out) for out in outcome.outputs] == [Stream, Display, ClearOutput, Display, Display, Result]
    assert outcome.outputs[0] == Stream("stdout", "one\n")
    assert outcome.outputs[1].data["text/html"] == "<b>x</b>"
    assert outcome.outputs[2] == ClearOutput(wait=True)
    first, update = outcome.outputs[3], outcome.outputs[4]
    assert (first.display_id, first.update, update.display_id, update.update) == ("d1", False, "d1", True)
    assert outcome.status == "ok" and outcome.error is None
    assert outcome.result == Result(1, {"text/plain": "42"}, {}) and outcome.value == "42"
    assert outcome.fuel_used > 0


def test_segments_run_in_order_and_stop_at_the_first_error(runner: RequestRunner) -> None:
    code = "print('before')\n%time z = 3\n1/0\n%who\nprint('never')\n"
    outcome = runner.run(Request(code, execution_count=2))
    texts = [out.text for out in outcome.outputs if isinstance(out, Stream)]
    assert texts[0] == "before\n" and texts[1].startswith("Wall time: ")
    assert len(texts) == 2  # neither %who nor the last print ran
    error = outcome.outputs[-1]
    assert isinstance(error, Error) and error is outcome.error and outcome.status == "error"
    assert (error.ename, error.stopped_by, error.rolled_back) == ("ZeroDivisionError", None, False)
    assert "In[2]" in "".join(error.traceback)  # IPython's layout: the cell is named by its count
    assert runner.run(Request("z", execution_count=3)).value == "3"  # the %time segment's work stays


def test_a_usage_error_names_the_magic(runner: RequestRunner) -> None:
    outcome = runner.run(Request("%nosuchmagic", execution_count=4))
    assert outcome.error is not None and outcome.error.ename == "UsageError"
    assert "%nosuchmagic" in outcome.error.evalue
    # as IPython: on stderr, not an error output; the reply still says error with an empty traceback
    assert outcome.outputs == [Stream("stderr", f"UsageError: {outcome.error.evalue}\n")]
    assert outcome.status == "error" and outcome.error.traceback == []
    refused = runner.run(Request("!ls", execution_count=5))
    assert refused.error is not None and "shell commands are not available" in refused.error.evalue


def test_help_requests_page_or_say_not_found(runner: RequestRunner) -> None:
    runner.run(Request("def area(r):\n    'Area of a circle.'\n    return 3 * r * r\n", execution_count=6))
    page = runner.run(Request("area?", execution_count=7))
    assert page.outputs == [] and page.payloads[0]["source"] == "page"
    assert "Area of a circle." in page.payloads[0]["data"]["text/plain"]
    missing = runner.run(Request("no_such_name?", execution_count=8))
    assert missing.payloads == [] and missing.outputs == [Stream("stdout", "Object `no_such_name` not found.\n")]
    magic = runner.run(Request("%timeit?", execution_count=9))
    assert "%timeit" in magic.payloads[0]["data"]["text/plain"]


def test_plain_requests_are_python_only_with_cpython_tracebacks(runner: RequestRunner) -> None:
    magic = runner.run(Request("%time 1\n", filename="<string>", magics=False, ipython=False))
    assert magic.error is not None and magic.error.ename == "SyntaxError"
    quiet = runner.run(Request("5;", magics=False, ipython=False))
    assert quiet.value == "5"  # without IPython's conventions a trailing `;` does not hide the value
    assert runner.run(Request("5;", execution_count=10)).result is None
    failed = runner.run(Request("def g():\n    1/0\ng()\n", filename="<string>", magics=False, ipython=False))
    assert failed.error is not None
    assert failed.error.traceback == [
        "Traceback (most recent call last):",
        '  File "<string>", line 3, in <module>',
        "    g()",
        '  File "<string>", line 2, in g',
        "    1/0",
        "ZeroDivisionError: division by zero",
    ]


def test_a_fuel_stop_names_the_limit_and_rolls_back() -> None:
    with RequestRunner(Limits(fuel=200_000_000)) as runner:
        runner.run(Request("b = 1", execution_count=1))
        outcome = runner.run(Request("b = 2\nwhile True:\n    pass\n", execution_count=2))
        assert outcome.error is not None
        assert (outcome.error.ename, outcome.error.stopped_by, outcome.error.rolled_back) == \
            ("FuelExhausted", "fuel", True)
        assert "rolled back" in outcome.error.evalue
        assert runner.run(Request("b", execution_count=3)).value == "1"


def test_an_output_stop_keeps_what_ran_before_it() -> None:
    with RequestRunner(Limits(output_bytes=2000)) as runner:
        outcome = runner.run(Request("kept = 5\nfor i in range(1000):\n    print('x' * 50)\n", execution_count=1))
        assert outcome.error is not None
        assert (outcome.error.ename, outcome.error.stopped_by, outcome.error.rolled_back) == \
            ("OutputLimitExceeded", "output_bytes", False)
        printed = sum(len(out.text.encode()) for out in outcome.outputs if isinstance(out, Stream))
        assert 0 < printed <= 2000
        assert runner.run(Request("kept", execution_count=2)).value == "5"


def test_timeit_repeats_share_the_request_budget() -> None:
    """Each timed run fits the per-run fuel limit; seven of them together do not."""
    stmt = "for _ in range(300000): pass"  # the loop, not the timing scaffold, dominates the fuel
    with RequestRunner(Limits()) as runner:
        runner.run(Request(f"%timeit -n 1 -r 1 {stmt}", execution_count=1))  # first use loads helpers
        one = runner.run(Request(f"%timeit -n 1 -r 1 {stmt}", execution_count=2)).fuel_used
        three = runner.run(Request(f"%timeit -n 1 -r 3 {stmt}", execution_count=3)).fuel_used
        assert 2.5 * one < three < 3.5 * one
        runner.limits = runner.admin_limits.lowered(fuel=int(4.5 * one))
        fits = runner.run(Request(f"%timeit -n 1 -r 3 {stmt}", execution_count=4))
        assert fits.error is None and "3 runs" in fits.outputs[0].text
        over = runner.run(Request(f"%timeit -n 1 -r 7 {stmt}", execution_count=5))
        assert over.error is not None and (over.error.ename, over.error.stopped_by) == ("FuelExhausted", "fuel")


def test_outputs_stream_before_the_request_ends_and_an_interrupt_stops_it() -> None:
    with RequestRunner(Limits(wall_seconds=120, fuel=None)) as runner:
        execution = runner.submit(Request("n = 0\nprint('go')\nwhile True:\n    n += 1\n", execution_count=1))
        seen: list[Output] = []
        for output in execution:
            seen.append(output)
            if output == Stream("stdout", "go\n"):
                assert not execution.done  # the guest is still running: this output was streamed
                execution.interrupt()
        outcome = execution.outcome(timeout=60)
        assert seen == outcome.outputs
        assert outcome.error is not None
        assert (outcome.error.ename, outcome.error.stopped_by) == ("KeyboardInterrupt", "interrupt")
        assert outcome.error.rolled_back is False
        assert runner.run(Request("n > 0", execution_count=2)).value == "True"  # the loop's work is kept


def test_input_goes_to_the_request_and_fails_cleanly_without_it(runner: RequestRunner) -> None:
    prompts: list[tuple[str, bool]] = []

    def answer(prompt: str, password: bool) -> str:
        prompts.append((prompt, password))
        return "typed"

    asked = runner.run(Request("input('name? ')", execution_count=11), on_input=answer)
    assert asked.value == "'typed'" and prompts == [("name? ", False)]
    refused = runner.run(Request("input('name? ')", execution_count=12))  # IPython conventions: ipykernel's error
    assert refused.error is not None and refused.error.ename == "StdinNotImplementedError"
    assert "does not support input requests" in refused.error.evalue
    plain = runner.run(Request("input('name? ')", execution_count=13, ipython=False))
    assert plain.error is not None and plain.error.ename == "EOFError"
    assert "input() is not available" in plain.error.evalue


def test_exit_payloads_and_user_expressions(runner: RequestRunner) -> None:
    assert runner.run(Request("exit()", execution_count=13)).exit_requested is False
    runner.run(Request("%%writefile snippet.py\nprint(5)\n", execution_count=14))
    loaded = runner.run(Request("%load snippet.py", execution_count=15))
    assert loaded.payloads == [{"source": "set_next_input", "text": "# %load snippet.py\nprint(5)\n",
                                "replace": True}]
    outcome = runner.run(Request("w = 21", execution_count=16, expressions={"twice": "w * 2", "bad": "1/0"}))
    assert outcome.expressions["twice"] == {"status": "ok", "data": {"text/plain": "42"}, "metadata": {}}
    assert outcome.expressions["bad"]["status"] == "error"
    assert outcome.expressions["bad"]["ename"] == "ZeroDivisionError"
    assert outcome.outputs == []  # expressions are evaluated silently


def test_without_exit_capture_exit_raises_system_exit() -> None:
    with RequestRunner(Limits(), capture_exit=False) as runner:
        outcome = runner.run(Request("exit()", magics=False, ipython=False))
        assert outcome.exit_requested is None
        assert outcome.error is not None and outcome.error.ename == "SystemExit"


def test_completion_and_inspection(runner: RequestRunner) -> None:
    assert runner.complete("%tim", 4) == {"matches": ["%time", "%timeit"], "cursor_start": 0, "cursor_end": 4}
    runner.run(Request("value_one = 1", execution_count=17))
    found = runner.complete("value_o", 7)
    assert found is not None and found["matches"] == ["value_one"]
    data = runner.inspect("len", 3)
    assert data is not None and "len(obj, /)" in data["text/plain"]


def test_an_unavailable_sandbox_answers_every_request() -> None:
    runner = RequestRunner(Limits())
    runner.unavailable = "the configuration was invalid"
    outcome = runner.run(Request("1 + 1", execution_count=1))
    assert outcome.error is not None
    assert (outcome.error.ename, outcome.error.evalue) == ("SandboxError", "the configuration was invalid")
    assert not runner.started
    runner.close()
    closed = RequestRunner(Limits())
    closed.close()
    assert closed.run(Request("1")).error.evalue == "the sandbox is closed"
