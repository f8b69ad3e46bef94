"""``mpwasm-kernel`` (``python -m mpwasm_kernel``): the top-level help and usage errors.

An unknown subcommand is reported as argparse reports an invalid subcommand choice (the same
``PROG: error: ...`` line, exit status 2) instead of starting a kernel that waits for a
connection; ``-f CONNECTION_FILE`` (how Jupyter starts the kernel) is covered by every kernel test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys

import pytest

from mpwasm_kernel import __main__ as entry
from mpwasm_kernel import cli

ALL_SUBCOMMANDS = (*entry.SUBCOMMANDS, *cli.SUBCOMMANDS)


def _argparse_error(argv: list[str]) -> tuple[int, str]:
    """Exit status and last stderr line of an argparse program with the same subcommands."""
    parser = argparse.ArgumentParser(prog="mpwasm-kernel")
    commands = parser.add_subparsers(dest="command")
    for name in ALL_SUBCOMMANDS:
        commands.add_parser(name)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as stop:
        parser.parse_args(argv)
    return int(stop.value.code), stderr.getvalue().strip().splitlines()[-1]


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--help"]) == 0
    text = capsys.readouterr().out
    for name in ALL_SUBCOMMANDS:
        if name != "uninstall":  # an alias of remove, named in its line
            assert f"\n  {name} " in text, name
    assert "-f CONNECTION_FILE" in text


@pytest.mark.parametrize("argv", [["anything"], ["exec"], ["notebook.ipynb", "-f", "x.json"]])
def test_unknown_subcommand_is_a_usage_error_as_argparse(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "mpwasm_kernel", *argv], capture_output=True, text=True,
                          timeout=120)
    assert (proc.returncode, proc.stderr.strip().splitlines()[-1]) == _argparse_error(argv)
    assert proc.stdout == ""


def test_no_arguments_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "mpwasm-kernel: error:" in captured.err and "usage:" in captured.err
