"""`mpwasm-kernel mcp` options: the administrator's configuration from the command line and a TOML
file, and configurations that cannot start (exit status 2, one line naming the problem)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpwasm_kernel.cli import mcp as mcp_cli

HERE = Path(__file__).resolve().parent


def settings(argv: list[str]):  # type: ignore[no-untyped-def]
    return mcp_cli.settings_from(mcp_cli._merge_config(mcp_cli.parser().parse_args(argv)))


def test_options_become_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    s = settings(["--wall-seconds", "500ms", "--memory", "64M", "--fuel", "1e9", "--disk-bytes", "1M",
                  "--functions", "lookup=mcp_hostfns:lookup", "--mount", f"/data={HERE / 'fixtures'}",
                  "--max-sessions", "3", "--idle-seconds", "0", "--max-output-chars", "500", "--max-file-bytes", "2K"])
    assert (s.limits.wall_seconds, s.limits.memory_bytes, s.limits.fuel, s.limits.disk_bytes) == \
        (0.5, 64 << 20, 10**9, 1 << 20)
    assert s.functions["lookup"]("H")["name"] == "hydrogen" and s.function_targets == {"lookup": "mcp_hostfns:lookup"}
    assert s.mounts == {"/data": str(HERE / "fixtures")}
    assert (s.max_sessions, s.idle_seconds, s.max_output_chars, s.max_file_bytes) == (3, None, 500, 2048)


def test_config_file_and_command_line_wins(tmp_path: Path) -> None:
    config = tmp_path / "mcp.toml"
    config.write_text('wall_seconds = "2s"\nmemory = "48M"\nmax_pending = 2\nmount = ["/a=' + str(tmp_path) + '"]\n'
                      "[functions]\n")
    s = settings(["--config", str(config), "--wall-seconds", "3"])
    assert s.limits.wall_seconds == 3.0 and s.limits.memory_bytes == 48 << 20 and s.max_pending == 2
    assert s.mounts == {"/a": str(tmp_path)} and s.functions == {}
    nested = tmp_path / "nested.toml"
    nested.write_text("[mcp]\nmax_sessions = 5\n")
    assert settings(["--config", str(nested)]).max_sessions == 5


@pytest.mark.parametrize(("argv", "message"), [
    (["--functions", "x=no_such_module:f"], "host function 'x' ('no_such_module:f') could not be imported"),
    (["--functions", "bad"], "expected NAME=VALUE"),
    (["--wall-seconds", "soon"], "--wall-seconds"),
    (["--memory", "1M"], "memory_bytes must be at least"),
    (["--max-sessions", "0"], "max_sessions must be a positive whole number"),
    (["--mount", "/x=/no/such/dir"], "cannot start with this configuration"),
])
def test_bad_configuration_exits_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert mcp_cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mpwasm-kernel mcp: error: ") and message in err and err.count("\n") == 1


def test_unknown_config_key_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("fuel_limit = 5\n")
    assert mcp_cli.main(["--config", str(config)]) == 2
    assert "unknown option(s) fuel_limit" in capsys.readouterr().err
