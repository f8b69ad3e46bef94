"""``mpwasm-kernel repl`` through a pseudo-terminal (pexpect): state, blocks, values, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

REPO = Path(__file__).resolve().parents[2]
PROMPT = ">>> "


@pytest.fixture
def repl() -> Iterator[pexpect.spawn]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "dumb"}
    child = pexpect.spawn(sys.executable, ["-m", "mpwasm_kernel", "repl", "--wall-seconds", "60"], env=env,
                          encoding="utf-8", timeout=60, echo=False)
    child.expect("Ctrl-D exits")
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def send(child: pexpect.spawn, line: str) -> str:
    """Send one line; return what was printed before the next primary prompt."""
    child.sendline(line)
    child.expect_exact(PROMPT)
    return child.before.replace("\r\n", "\n")


def test_state_values_and_errors(repl: pexpect.spawn) -> None:
    assert send(repl, "x = 6 * 7").strip() == ""
    assert send(repl, "x").strip() == "42"
    assert send(repl, "print('hi'); None").strip() == "hi"
    out = send(repl, "1 / 0")
    assert "ZeroDivisionError" in out
    assert send(repl, "x + 1").strip() == "43"


def test_multiline_block(repl: pexpect.spawn) -> None:
    repl.sendline("def square(n):")
    repl.expect_exact("... ")
    repl.sendline("    return n * n")
    repl.expect_exact("... ")
    assert send(repl, "").strip() == ""
    assert send(repl, "square(12)").strip() == "144"


def test_ctrl_c_interrupts_running_code_and_keeps_state(repl: pexpect.spawn) -> None:
    send(repl, "n = 0")
    repl.sendline("while True: n += 1; n == 1 and print('loop' + 'ing')")
    repl.expect_exact("... ")
    repl.sendline("")
    repl.expect_exact("looping")  # explicit synchronisation: the loop runs
    repl.sendintr()
    repl.expect_exact(PROMPT)
    assert "KeyboardInterrupt" in repl.before
    assert int(send(repl, "n").strip()) > 0


def test_ctrl_c_at_the_prompt_drops_the_entry(repl: pexpect.spawn) -> None:
    repl.sendline("if True:")
    repl.expect_exact("... ")
    repl.sendintr()
    repl.expect_exact(PROMPT)
    assert "KeyboardInterrupt" in repl.before
    assert send(repl, "2 + 2").strip() == "4"


def test_ctrl_d_exits_with_status_0(repl: pexpect.spawn) -> None:
    repl.sendeof()
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 0


def test_exit_and_sys_exit(repl: pexpect.spawn) -> None:
    repl.sendline("import sys; sys.exit(4)")
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 4


def test_quit(repl: pexpect.spawn) -> None:
    repl.sendline("quit()")
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 0
