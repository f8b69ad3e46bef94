"""Kernel behaviour with real kernels: limits, interrupts, restart, stdin, magics, streaming, notebooks."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 30


# ----------------------------------------------------------------------------- notebooks (headless)


def test_notebook_with_infinite_loop_reports_limit_and_continues(kernel_tools) -> None:
    """nbclient: the runaway cell errors naming the limit; later cells run with the earlier state."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("total = 40\nprint('start', total)"),
        nbformat.v4.new_code_cell("total += 1\nwhile True:\n    pass"),
        nbformat.v4.new_code_cell("total += 1\nprint('after', total)"),
        nbformat.v4.new_code_cell("total"),
    ]
    client = NotebookClient(
        nb,
        kernel_name=kernel_tools.KERNEL,
        allow_errors=True,
        timeout=60,
        extra_arguments=["--MicroPythonKernel.wall_seconds=1"],
    )
    client.execute()  # nbclient's 60 s per cell would raise: the 1 s wall clock stopped the loop
    loop_error = nb.cells[1].outputs[-1]
    assert loop_error.output_type == "error"
    assert loop_error.ename == "TimeLimitExceeded"
    assert "wall_seconds=1" in loop_error.evalue and "kept what it did before the stop" in loop_error.evalue
    assert nb.cells[2].outputs[0].text == "after 42\n"  # a soft stop: the loop cell's `total += 1` was kept
    assert nb.cells[3].outputs[0].data["text/plain"] == "42"


def test_intro_notebook_runs_without_errors(kernel_tools) -> None:
    nb = nbformat.read(REPO / "notebooks" / "intro.ipynb", as_version=4)
    NotebookClient(nb, kernel_name=kernel_tools.KERNEL, timeout=60).execute()
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    assert any(out.output_type == "display_data" and "text/html" in out.data for out in outputs)
    assert any(out.output_type == "execute_result" for out in outputs)


def test_papermill_parameters_and_runaway_cell(kernel_tools, tmp_path, monkeypatch) -> None:
    """papermill: parameters are injected; a runaway cell fails the run quickly with the limit named."""
    import papermill

    monkeypatch.setenv("MPWASM_WALL_SECONDS", "1")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("n = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('n is', n)"),
        nbformat.v4.new_code_cell("while True:\n    n += 1"),
    ]
    nb.metadata["kernelspec"] = {
        "name": kernel_tools.KERNEL,
        "language": "python",
        "display_name": "MicroPython",
    }
    source = tmp_path / "graded.ipynb"
    nbformat.write(nb, source)
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(
            str(source),
            str(tmp_path / "out.ipynb"),
            parameters={"n": 5},
            kernel_name=kernel_tools.KERNEL,
            progress_bar=False,
        )
    # the 1 s wall clock stopped the loop (not a timeout of papermill's; the run takes what
    # starting a kernel takes, so its duration is not asserted: a busy machine starts it slowly)
    assert failure.value.ename == "TimeLimitExceeded" and "wall_seconds=1" in failure.value.evalue
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    printed = [
        out.text for cell in executed.cells for out in cell.get("outputs", []) if out.get("name") == "stdout"
    ]
    assert "n is 5\n" in printed


# ----------------------------------------------------------------------------- interrupts and restart


def _reply_to(kc, msg_id: str, timeout: float = 10) -> dict:
    """The shell reply to `msg_id`, skipping others: on a loaded machine `wait_for_ready` can
    leave a late kernel_info_reply in the shell queue (a timing-dependent failure otherwise)."""
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def _wait_for_stdout(kc, msg_id: str, text: str, timeout: float = 60) -> None:
    """Wait until the execute request `msg_id` has written `text` to stdout (IOPub)."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and text in msg["content"]["text"]):
            return


@pytest.mark.parametrize("mode", ["message", "signal"])
def test_interrupt_keeps_state(kernel_tools, mode: str) -> None:
    name = kernel_tools.KERNEL if mode == "message" else kernel_tools.KERNEL_SIGNAL
    km, kc = kernel_tools.start_kernel(name)
    try:
        assert km.kernel_spec.interrupt_mode == mode
        msg_id = kc.execute("n = 0\nprint('looping')\nwhile True:\n    n += 1", stop_on_error=False)
        _wait_for_stdout(kc, msg_id, "looping")  # the loop runs: the interrupt cannot land before it
        km.interrupt_kernel()
        reply = _reply_to(kc, msg_id)
        assert reply["content"]["status"] == "error"
        # the interrupt stopped the loop, not the kernel's 10 s wall clock (TimeLimitExceeded)
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        result, outputs = kernel_tools.execute(kc, "n > 1000")
        assert result["content"]["status"] == "ok"
        assert outputs[-1]["content"]["data"]["text/plain"] == "True"
        # An interrupt while idle is harmless.
        km.interrupt_kernel()
        time.sleep(0.2)
        result, outputs = kernel_tools.execute(kc, "print('still here', n > 0)")
        assert kernel_tools.stdout_of(outputs) == "still here True\n"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_interrupt_ends_an_input_wait(kernel_tools) -> None:
    km, kc = kernel_tools.start_kernel()
    try:
        msg_id = kc.execute("answer = input('never answered? ')", allow_stdin=True, stop_on_error=False)
        assert kc.get_stdin_msg(timeout=10)["content"]["prompt"] == "never answered? "
        km.interrupt_kernel()
        reply = _reply_to(kc, msg_id)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] in ("KeyboardInterrupt", "EOFError")
        result, _ = kernel_tools.execute(kc, "1 + 1")
        assert result["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_restart_gives_fresh_namespace(kernel_tools) -> None:
    km, kc = kernel_tools.start_kernel()
    try:
        kernel_tools.execute(kc, "kept = 123")
        km.restart_kernel(now=True)
        kc.wait_for_ready(timeout=60)
        reply, outputs = kernel_tools.execute(kc, "kept")
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "NameError"
        assert reply["content"]["execution_count"] == 1
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_default_kernelspec_has_numpy(kernel_tools) -> None:
    km, kc = kernel_tools.start_kernel(kernel_tools.KERNEL)
    try:
        reply, outputs = kernel_tools.execute(kc, "import numpy as np\nfrom ulab import numpy as unp\n"
                                                  "int(np.sum(np.array([1, 2, 3]))), float(unp.sum(unp.array([1, 2])))")
        assert reply["content"]["status"] == "ok", reply["content"]
        assert outputs[-1]["content"]["data"]["text/plain"] == "(6, 3.0)"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ----------------------------------------------------------------------------- stdin


def test_input_with_stdin(run, kernel_tools) -> None:
    prompts = []

    def answer(request: dict) -> str:
        prompts.append(request["prompt"])
        return "Ada"

    reply, outputs = run("name = input('Your name? ')\nprint('hello', name)", stdin=answer)
    assert reply["content"]["status"] == "ok"
    assert prompts == ["Your name? "]
    assert kernel_tools.stdout_of(outputs) == "hello Ada\n"


def test_input_without_stdin_is_a_clear_error(run) -> None:
    reply, outputs = run("x = input('? ')")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "StdinNotImplementedError"  # IPython's (ipykernel's raw_input)
    assert "frontend does not support input requests" in reply["content"]["evalue"]


# ----------------------------------------------------------------------------- limits


def test_limit_error_keeps_kernel_alive_and_state(run, kernel_tools) -> None:
    run("state = [1, 2, 3]")
    reply, _ = run("%limits fuel=5e6")
    assert reply["content"]["status"] == "ok"
    try:
        reply, outputs = run("state.append(4)\nwhile True:\n    pass")
        assert reply["content"]["ename"] == "FuelExhausted"
        assert "fuel" in reply["content"]["evalue"] and "rolled back" in reply["content"]["evalue"]
        assert kernel_tools.error_of(outputs)["ename"] == "FuelExhausted"
    finally:
        run("%limits reset")
    reply, outputs = run("state")
    assert outputs[-1]["content"]["data"]["text/plain"] == "[1, 2, 3]"


def test_output_limit(run) -> None:
    run("%limits output_bytes=4K")
    try:
        reply, outputs = run("for i in range(10000):\n    print('spam', i)")
    finally:
        run("%limits reset")
    assert reply["content"]["ename"] == "OutputLimitExceeded"
    printed = sum(len(m["content"]["text"]) for m in outputs if m["msg_type"] == "stream")
    assert 0 < printed <= 4096


def test_limits_magic_lowers_and_refuses_raising(run, kernel_tools) -> None:
    reply, outputs = run("%limits wall_seconds=5 memory_bytes=64M")
    assert reply["content"]["status"] == "ok"
    table = kernel_tools.stdout_of(outputs)
    assert "wall_seconds" in table and "5 s" in table and "64 MiB" in table
    try:
        reply, outputs = run("%limits wall_seconds=1e6")
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "UsageError"
        assert "can only lower" in reply["content"]["evalue"]
        assert "ceiling" in reply["content"]["evalue"]
        reply, _ = run("%limits bogus=1")
        assert reply["content"]["ename"] == "UsageError"
        reply, outputs = run("%limits")
        assert "5 s" in kernel_tools.stdout_of(outputs)  # the refused change left the limits alone
    finally:
        run("%limits reset")


# ----------------------------------------------------------------------------- magics and escapes


@pytest.mark.parametrize(
    "code", ["!ls", "%system ls", "%%bash\nls", "%%sh\nls", "%%script bash\nls", "x = 1\n!ls",
             "for i in range(1):\n    !ls"]
)
def test_shell_escapes_refused(run, code: str) -> None:
    reply, outputs = run(code)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "UsageError"
    assert "no shell" in reply["content"]["evalue"]


def test_unknown_magic_is_a_usage_error(run) -> None:
    reply, _ = run("%nosuchmagic 1")
    assert reply["content"]["ename"] == "UsageError"
    assert "%nosuchmagic" in reply["content"]["evalue"]


def test_time_and_timeit(run, kernel_tools) -> None:
    reply, outputs = run("%time sum(range(1000))")
    assert reply["content"]["status"] == "ok"
    assert "Wall time:" in kernel_tools.stdout_of(outputs) and "fuel used:" in kernel_tools.stdout_of(outputs)
    assert outputs[-1]["content"]["data"]["text/plain"] == "499500"
    reply, outputs = run("%%time\nsquares = [i * i for i in range(100)]\nlen(squares)")
    assert outputs[-1]["content"]["data"]["text/plain"] == "100"
    reply, outputs = run("%timeit -n 10 -r 3 sum(range(100))")
    report = kernel_tools.stdout_of(outputs)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert "per loop" in report and "3 runs, 10 loops each" in report and "best" in report
    reply, outputs = run("%%timeit -r 1\nsorted(range(50))")
    assert "1 run," in kernel_tools.stdout_of(outputs)  # loops chosen automatically
    reply, _ = run("%timeit 1/0")
    assert reply["content"]["ename"] == "ZeroDivisionError"


def test_who_whos_reset(run, kernel_tools) -> None:
    run("%reset -f")
    reply, outputs = run("%who")
    assert kernel_tools.stdout_of(outputs) == "Interactive namespace is empty.\n"
    run("alpha = 1\nbeta = 'b'")
    reply, outputs = run("%who")
    assert kernel_tools.stdout_of(outputs).split() == ["alpha", "beta"]
    reply, outputs = run("%whos")
    table = kernel_tools.stdout_of(outputs)
    assert "Variable" in table and "alpha" in table and "str" in table
    reply, outputs = run("%reset", stdin=lambda request: "n")
    assert kernel_tools.stdout_of(outputs) == "Nothing done.\n"
    reply, outputs = run("%reset\n%who", stdin=lambda request: "y")
    assert kernel_tools.stdout_of(outputs) == "Interactive namespace is empty.\n"


def test_magics_and_python_mixed_in_one_cell(run, kernel_tools) -> None:
    reply, outputs = run("a = 2\n%time b = a * 21\nprint(b)")
    assert reply["content"]["status"] == "ok"
    assert kernel_tools.stdout_of(outputs).endswith("42\n")
    reply, _ = run("for i in range(2):\n    %time i")
    assert reply["content"]["ename"] == "UsageError"


def test_help_requests(run) -> None:
    reply, _ = run("len?")
    assert reply["content"]["payload"][0]["source"] == "page"
    reply, _ = run("def documented():\n    'Says hi.'\n    return 'hi'\n")
    reply, _ = run("documented??")  # MicroPython keeps no docstrings or source: taken from the cell
    page = reply["content"]["payload"][0]["data"]["text/plain"]
    assert "Docstring:   Says hi." in page and "def documented():" in page
    reply, _ = run("documented?")
    assert "Says hi." in reply["content"]["payload"][0]["data"]["text/plain"]
    reply, _ = run("%limits?")
    assert "lower" in reply["content"]["payload"][0]["data"]["text/plain"]
    reply, outputs = run("no_such_name?")
    assert reply["content"]["payload"] == []
    assert "not found" in outputs[0]["content"]["text"]


# ----------------------------------------------------------------------------- protocol details


def test_streamed_output_arrives_before_the_cell_ends(run) -> None:
    """The kernel sends 'first' while the cell sleeps: the kernel's own send times (header dates)
    are compared, not when this client read the messages (a busy machine reads them late)."""
    reply, outputs = run("import time\nprint('first')\ntime.sleep(1.5)\nprint('second')")
    first = next(m for m in outputs if m["msg_type"] == "stream" and "first" in m["content"]["text"])
    assert (reply["header"]["date"] - first["header"]["date"]).total_seconds() > 0.7


def test_silent_execution_publishes_nothing(run) -> None:
    reply, outputs = run("print('hidden')\n42", silent=True)
    assert reply["content"]["status"] == "ok"
    assert outputs == []


def test_user_expressions(run) -> None:
    run("value = 20")
    reply, _ = run("value += 1", user_expressions={"double": "value * 2", "bad": "1/0"})
    expressions = reply["content"]["user_expressions"]
    assert expressions["double"] == {"status": "ok", "data": {"text/plain": "42"}, "metadata": {}}
    assert expressions["bad"]["status"] == "error" and expressions["bad"]["ename"] == "ZeroDivisionError"


def test_errors_stop_queued_cells(kernel, kernel_tools) -> None:
    """stop_on_error: the base class aborts requests queued behind a failing cell. The failing
    cell waits for input until the second request has been sent, so the second is queued behind
    it however busy the machine is (a cell that failed at once could finish before it arrived)."""
    _, kc = kernel
    first = kc.execute("input('go? ')\nraise RuntimeError('stop here')", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=30)["content"]["prompt"] == "go? "
    second = kc.execute("print('never')")
    kc.input("")
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=10)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]
    assert replies[first]["status"] == "error"
    assert replies[second]["status"] == "aborted"


def test_configuration_from_environment_and_command_line(kernel_tools, monkeypatch) -> None:
    """Admin ceilings: ``MPWASM_*`` environment defaults, overridden by traitlets config (argv)."""
    monkeypatch.setenv("MPWASM_FUEL", "2e9")
    monkeypatch.setenv("MPWASM_WALL_SECONDS", "9")
    km, kc = kernel_tools.start_kernel(
        extra_arguments=["--MicroPythonKernel.wall_seconds=4", "--disk-bytes=1M"]
    )
    try:
        reply, outputs = kernel_tools.execute(kc, "%limits")
        # rows: name -> the ceiling column's words
        rows = {
            line.split()[0]: line.split()[-2:] for line in kernel_tools.stdout_of(outputs).splitlines()[1:]
        }
        assert rows["fuel"][-1] == "2,000,000,000"
        assert rows["wall_seconds"] == ["4", "s"]
        assert rows["disk_bytes"] == ["1", "MiB"]
        reply, _ = kernel_tools.execute(kc, "%limits wall_seconds=5")
        assert "ceiling 4 s" in reply["content"]["evalue"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_kernel_info_does_not_import_the_debugger() -> None:
    """kernel_info is built without ipykernel's property, which imports ipykernel.debugger/debugpy."""
    code = (
        "import sys\n"
        "from ipykernel.kernelbase import Kernel\n"
        "from mpwasm_kernel.kernel import MicroPythonKernel\n"
        "kernel = MicroPythonKernel()\n"
        "info = kernel.kernel_info\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('ipykernel.debugger', 'debugpy')))\n"
        "expected = Kernel.kernel_info.fget(kernel)\n"
        "print(loaded, sorted(info) == sorted(expected), info['supported_features'],\n"
        "      info['protocol_version'] == expected['protocol_version'])\n"
    )
    assert _python_output(code).strip() == "[] True [] True"


def test_kernel_info_is_answered_before_the_sandbox_starts() -> None:
    """The kernel module loads neither wasmtime nor the interpreter host; the sandbox starts in a
    thread beside the kernel, kernel_info answers from the artifact lock at once, and the versions
    it gives are the ones the started sandbox reports."""
    code = (
        "import sys\n"
        "from mpwasm_kernel.kernel import MicroPythonKernel\n"
        "loaded = 'wasmtime' in sys.modules or 'mpwasm_kernel.sandbox.sandbox' in sys.modules\n"
        "kernel = MicroPythonKernel()\n"
        "early = kernel.kernel_info['language_info']['version'], kernel.banner\n"
        "print(kernel.sandbox.run('1 + 1').value)\n"
        "late = kernel.kernel_info['language_info']['version'], kernel.banner\n"
        "print(loaded, early == late, 'MicroPython v1.' in early[0])\n"
    )
    assert _python_output(code).split() == ["2", "False", "True", "True"]


def _python_output(code: str) -> str:
    """Standard output of `code` run by a fresh Python process (which must succeed)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_history_keeps_only_the_last_entries(kernel_tools) -> None:
    """With ``history_size=3`` only the last three cells are kept; tail/range/search still answer."""
    km, kc = kernel_tools.start_kernel(extra_arguments=["--MicroPythonKernel.history_size=3"])
    try:
        for k in range(5):
            reply, _ = kernel_tools.execute(kc, f"def f{k}():\n    'doc {k}'\nv = {k}\nv")
            assert reply["content"]["status"] == "ok"
        tail = kc.history(hist_access_type="tail", n=10, output=True, reply=True, timeout=TIMEOUT)["content"]
        assert [entry[1] for entry in tail["history"]] == [3, 4, 5]
        assert tail["history"][-1][2][1] == "4"
        ranged = kc.history(hist_access_type="range", start=1, stop=100, reply=True, timeout=TIMEOUT)["content"]
        assert [entry[1] for entry in ranged["history"]] == [3, 4, 5]
        found = kc.history(hist_access_type="search", pattern="*v = 0*", reply=True, timeout=TIMEOUT)["content"]
        assert found["history"] == []
        reply, _ = kernel_tools.execute(kc, "f0?")  # its cell was dropped: no docstring, still answered
        page = reply["content"]["payload"][0]["data"]["text/plain"]
        assert "doc 0" not in page
        reply, _ = kernel_tools.execute(kc, "f4?")
        assert "doc 4" in reply["content"]["payload"][0]["data"]["text/plain"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_history_memory_budget() -> None:
    """Beyond ``history_bytes`` the oldest entries go, but the latest one is always kept; wide
    Unicode text is charged at its real size."""
    from mpwasm_kernel.kernel import kernel as kernel_mod
    from mpwasm_kernel.kernel.history import HISTORY_SESSION, entry_bytes

    budget = 3 * entry_bytes("x" * 40, "y" * 5)
    kernel = kernel_mod.MicroPythonKernel(history_bytes=budget)
    try:
        for count in range(1, 6):
            kernel.history.add(count, "x" * 40, "y" * 5)
        assert [entry[0] for entry in kernel.history] == [3, 4, 5]
        kernel.history.add(6, "z" * 5000, None)
        assert [entry[0] for entry in kernel.history] == [6]
        assert kernel.history.bytes == entry_bytes("z" * 5000, None)
        reply = asyncio.run(kernel.do_history("tail", output=False, raw=True, n=5))
        assert reply["history"] == [(HISTORY_SESSION, 6, "z" * 5000)]
        kernel.history.add(7, "\U0001f600" * 40, None)  # 4 bytes a character
        assert kernel.history.bytes > 160 and [entry[0] for entry in kernel.history] == [7]
    finally:
        asyncio.run(kernel.do_shutdown(False))


def test_large_cells_are_not_parsed_on_the_host(monkeypatch) -> None:
    """Cells longer than SPLIT_MAX_CHARS never reach CPython's parser/compiler on the host."""
    import ast
    import codeop

    from mpwasm_kernel.kernel import source
    from mpwasm_kernel.runner import segments as magics
    from mpwasm_kernel.sandbox import SPLIT_MAX_CHARS

    big = "x = 1\n" + "#" * SPLIT_MAX_CHARS + "\n%time x\n"
    small = "x = 1\n%time x\n"

    def refuse(*args, **kwargs):
        raise AssertionError("host-side parse of a large cell")

    assert [s.kind for s in magics.split_cell(small)] == ["python", "line"]
    monkeypatch.setattr(ast, "parse", refuse)
    monkeypatch.setattr(codeop, "compile_command", refuse)
    assert magics.split_cell(big) == [magics.Segment("python", big)]
    assert magics.split_cell("%%time\n" + big)[0].kind == "cell"  # a leading cell magic still applies
    assert magics.parse_help_request(big + "?") is None
    assert source.is_complete(big) == {"status": "unknown"}
    big_def = "def f():\n    'doc'\n" + "#" * SPLIT_MAX_CHARS + "\n"
    assert source.definition_in_history([(1, big_def, None)], "f") is None


def test_large_cell_with_a_magic_line_is_plain_python(run) -> None:
    """Such a cell goes to the guest unsplit: the magic line is a SyntaxError there, quickly."""
    from mpwasm_kernel.sandbox import SPLIT_MAX_CHARS

    reply, _ = run("x = 1\n" + "#" * SPLIT_MAX_CHARS + "\n%time x\n")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "SyntaxError"
    reply, _ = run("x = 1\n%time x\n")
    assert reply["content"]["status"] == "ok"
