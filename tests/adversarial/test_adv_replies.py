"""Class 1 of the outside review: every request gets a reply.

Guest strings with lone surrogates (possible once a cell teaches the guest runtime to emit JSON
escapes) must never reach message packing; host-side parsing of hostile cells (deep nesting that
makes CPython's parser raise MemoryError or RecursionError) must never leave a request unanswered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hostile_support import Hostile, install_lying_runtime

from mpwasm_kernel import Sandbox

pytest.importorskip("mpwasm_kernel.kernel", reason="the kernel module does not import yet")

BOUND = 15.0
ARGS = ["--wall-seconds=3", "--memory-bytes=64M", "--output-bytes=65536"]

#: Teaches the guest runtime to turn "XX" into the JSON escape of a lone surrogate in every
#: result it sends to the host (run results, errors, helper calls such as %who).
TAMPER_JSON = """\
import json
class _LyingJson:
    loads = json.loads
    def dumps(o):
        return json.dumps(o).replace('XX', '\\\\ud800')
import _mpk_runtime
_mpk_runtime.run_cell.__globals__['json'] = _LyingJson
del _LyingJson
"""


def _encodes(value: Any) -> None:
    json.dumps(value, ensure_ascii=False).encode("utf-8")


def test_lone_surrogates_from_a_lying_runtime_are_replaced(hostile: Hostile) -> None:
    """Run results, errors and helper results carry no lone surrogate after the runtime lies."""
    with Sandbox() as sb:
        assert sb.run(TAMPER_JSON).error is None
        install_lying_runtime(sb)
        err = sb.run("raise ValueError('XX')").error
        assert err is not None and err.ename == "ValueError"
        _encodes([err.evalue, err.traceback])
        value = sb.run("'XX'")
        _encodes([value.value, value.data])
        sb.run("XX = 1")
        _encodes(sb.call("who"))
        assert "\ufffd" in err.evalue


@pytest.fixture(scope="module")
def reply_kernel(kernel_tools: Any) -> Iterator[tuple[Any, Any]]:
    km, kc = kernel_tools.start_kernel(extra_arguments=ARGS)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def _shell_reply(kc: Any, msg_id: str) -> dict:
    while True:
        msg = kc.get_shell_msg(timeout=BOUND)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def test_surrogates_through_the_kernel(reply_kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    """The error reply, the execute_result and %who output all arrive (U+FFFD in place of the
    surrogate), and later cells still stream output."""
    _, kc = reply_kernel
    reply, _ = kernel_tools.execute(kc, TAMPER_JSON, timeout=BOUND)
    assert reply["content"]["status"] == "ok"
    reply, outputs = kernel_tools.execute(kc, "raise ValueError('XX')", timeout=BOUND)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "ValueError"
    # run_cell's encoder is bound when the runtime loads (issue 25): only the helpers still lie
    assert reply["content"]["evalue"] == "XX"
    reply, outputs = kernel_tools.execute(kc, "XX = 'XX'\nXX", timeout=BOUND)
    assert reply["content"]["status"] == "ok"
    reply, outputs = kernel_tools.execute(kc, "%who", timeout=BOUND)
    assert reply["content"]["status"] == "ok"
    assert "\ufffd" in kernel_tools.stdout_of(outputs)
    reply, outputs = kernel_tools.execute(kc, "print('still streaming')", timeout=BOUND)
    assert kernel_tools.stdout_of(outputs) == "still streaming\n"


@pytest.mark.parametrize("code", ["x = " + "-" * 100000 + "1\n%who",
                                  "x = " + "(" * 50000 + "1" + ")" * 50000 + "\n%who",
                                  "y = [" * 30000 + "\n%lsmagic"],
                         ids=["unary_minus", "parentheses", "brackets"])
def test_host_parse_of_hostile_cells_replies(reply_kernel: tuple[Any, Any], kernel_tools: Any, code: str) -> None:
    """Cells that make CPython's parser raise MemoryError/RecursionError in the magic splitter
    still get an execute_reply, and the kernel keeps answering."""
    _, kc = reply_kernel
    reply, _ = kernel_tools.execute(kc, code, timeout=BOUND)
    assert reply["content"]["status"] in ("ok", "error")
    reply, outputs = kernel_tools.execute(kc, "6 * 7", timeout=BOUND)
    assert reply["content"]["status"] == "ok"


def test_deep_history_cell_does_not_break_inspection(reply_kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    """A history cell that makes `ast.parse` recurse too deep: `f?`, shift-tab and completion on
    `f` still reply."""
    _, kc = reply_kernel
    kernel_tools.execute(kc, "def f():\n    'doc of f'\n    return 1", timeout=BOUND)
    reply, _ = kernel_tools.execute(kc, "# f\n1" + "+1" * 20000, timeout=BOUND)
    assert reply["content"]["status"] in ("ok", "error")
    reply, _ = kernel_tools.execute(kc, "f?", timeout=BOUND)
    assert reply["content"]["status"] == "ok"
    reply = _shell_reply(kc, kc.inspect("f", 1))
    assert reply["msg_type"] == "inspect_reply"
    reply = _shell_reply(kc, kc.complete("f", 1))
    assert reply["msg_type"] == "complete_reply"
