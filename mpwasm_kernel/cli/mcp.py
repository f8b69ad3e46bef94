"""``mpwasm-kernel mcp``: serve the sandbox to AI agents over the Model Context Protocol.

Over stdio (the default: an MCP client starts this command) or streamable HTTP (bound to
127.0.0.1 unless ``--host`` says otherwise). Every option is the administrator's: a model can
lower the limits of one call, nothing else. Options may also come from ``--config FILE.toml``
(keys are the long option names with ``_``); options on the command line win. Exit status 2 for
bad options or a configuration that cannot start (bad mount, host function that does not import).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from .session import LIMIT_OPTIONS, UsageFailure

PROG = "mpwasm-kernel mcp"
EXTRA_LIMITS = (
    ("--disk-bytes", "disk_bytes", "private file system quota per session (32M)"),
    ("--host-calls", "host_calls", "host-function calls per run (10000)"),
    ("--host-result-bytes", "host_result_bytes", "largest host-function result (256K)"),
    ("--host-argument-bytes", "host_argument_bytes", "largest host-function arguments (1M)"),
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Serve the MicroPython WebAssembly sandbox as an MCP server "
                                "(one persistent Python session per MCP session).")
    p.add_argument("--transport", choices=("stdio", "http"), default=None,
                   help="stdio (default; the client starts this command) or http (streamable HTTP)")
    p.add_argument("--host", default=None, help="HTTP: address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", default=None, type=int, help="HTTP: port (default 8000; 0 picks a free one)")
    p.add_argument("--path", default=None, help="HTTP: endpoint path (default /mcp)")
    p.add_argument("--config", default=None, metavar="FILE", help="TOML file with any of these options")
    for option, _field, text in (*LIMIT_OPTIONS, *EXTRA_LIMITS):
        p.add_argument(option, metavar="N", default=None, help=text + " — a ceiling: a call may ask for less")
    p.add_argument("--mount", action="append", default=None, metavar="GUEST=HOST",
                   help="host directory HOST visible read-only at guest path GUEST in every session (repeatable)")
    p.add_argument("--functions", action="append", default=None, metavar="NAME=module:attr",
                   help="expose host callable module:attr to guest code as NAME (repeatable)")
    p.add_argument("--variant", choices=("micropython", "ulab"), default=None,
                   help="interpreter build (ulab adds ulab.numpy)")
    p.add_argument("--deterministic", action="store_true", default=None,
                   help="fixed clock and random seed in the guest")
    p.add_argument("--max-sessions", metavar="N", default=None, help="sessions held at once (16)")
    p.add_argument("--max-pending", metavar="N", default=None, help="calls queued per session (4)")
    p.add_argument("--idle-seconds", metavar="S", default=None,
                   help="close a session after S seconds without calls (1800; 0: never)")
    p.add_argument("--max-output-chars", metavar="N", default=None,
                   help="characters of each output part returned to the model; the cut is marked (20000)")
    p.add_argument("--max-code-chars", metavar="N", default=None, help="longest code accepted per call (200000)")
    p.add_argument("--max-file-bytes", metavar="N", default=None, help="bytes per read_file/write_file call (1M)")
    return p


def _merge_config(args: argparse.Namespace) -> dict[str, Any]:
    """Option values: the config file's, overridden by the command line's."""
    values: dict[str, Any] = {}
    if args.config:
        from ..mcp_server.config import read_config_file

        try:
            values.update(read_config_file(args.config))
        except (OSError, ValueError) as err:
            raise UsageFailure(f"--config {args.config}: {err}") from None
    known = set(vars(args))
    unknown = sorted(k for k in values if k.replace("-", "_") not in known or k == "config")
    if unknown:
        raise UsageFailure(f"--config {args.config}: unknown option(s) {', '.join(unknown)}")
    values = {k.replace("-", "_"): v for k, v in values.items()}
    for key, value in vars(args).items():
        if value is not None:
            values[key] = value
    return values


def _pairs(value: Any, option: str) -> dict[str, str]:
    """``["A=B", ...]`` or a TOML table ``{A = "B"}`` -> dict."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    if isinstance(value, str):
        value = [value]
    out = {}
    for entry in value or []:
        left, sep, right = str(entry).partition("=")
        if not sep or not left or not right:
            raise UsageFailure(f"--{option} {entry!r}: expected NAME=VALUE")
        out[left.strip()] = right.strip()
    return out


def settings_from(values: dict[str, Any]) -> Any:
    """`ServerSettings` from merged option values (imports and checks host functions)."""
    from ..kernel.functions import FunctionImportError, resolve_all
    from ..mcp_server.config import ServerSettings
    from ..runner.limit_text import parse_limit_value
    from ..sandbox.limits import Limits

    changes: dict[str, Any] = {}
    for option, field, _text in (*LIMIT_OPTIONS, *EXTRA_LIMITS):
        text = values.get(field if field in values else option.lstrip("-").replace("-", "_"))
        if text is not None:
            try:
                changes[field] = parse_limit_value(field, str(text))
            except ValueError as err:
                raise UsageFailure(f"{option}: {err}") from None
    try:
        limits = dataclasses.replace(Limits(), **changes)
    except ValueError as err:
        raise UsageFailure(str(err)) from None
    targets = _pairs(values.get("functions"), "functions")
    try:
        functions = resolve_all(targets)
    except FunctionImportError as err:
        raise UsageFailure(str(err)) from None
    server: dict[str, Any] = {}
    for name in ("max_sessions", "max_pending", "max_output_chars", "max_code_chars"):
        if values.get(name) is not None:
            try:
                server[name] = int(str(values[name]).replace("_", ""))
            except ValueError:
                raise UsageFailure(f"--{name.replace('_', '-')}: expected a whole number, got {values[name]!r}") \
                    from None
    if values.get("max_file_bytes") is not None:
        try:
            server["max_file_bytes"] = int(parse_limit_value("max_file_bytes", str(values["max_file_bytes"])))
        except ValueError as err:
            raise UsageFailure(f"--max-file-bytes: {err}") from None
    if values.get("idle_seconds") is not None:
        try:
            idle = float(parse_limit_value("wall_seconds", str(values["idle_seconds"]))) \
                if str(values["idle_seconds"]).strip() not in ("0", "0.0") else None
        except ValueError as err:
            raise UsageFailure(f"--idle-seconds: {err}") from None
        server["idle_seconds"] = idle
    try:
        return ServerSettings(limits=limits, variant=values.get("variant") or "micropython",
                              mounts=_pairs(values.get("mount"), "mount"), functions=functions,
                              function_targets=targets, deterministic=bool(values.get("deterministic")), **server)
    except ValueError as err:
        raise UsageFailure(str(err)) from None


def _first_interpreter(settings: Any) -> Any:
    """Start the first session's interpreter now, so a bad mount or build fails at start-up, not
    in the first call (and the first call does not wait for it)."""
    from ..mcp_server.engine import PythonSession

    try:
        return PythonSession(settings.engine)
    except (ValueError, OSError) as err:
        raise UsageFailure(f"the sandbox cannot start with this configuration: {err}") from None


def main(argv: list[str]) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        import mcp  # noqa: F401
    except ImportError:
        print(f"{PROG}: error: the MCP server needs the 'mcp' package: pip install 'mpwasm-kernel[mcp]'",
              file=sys.stderr)
        return 2
    try:
        values = _merge_config(args)
        settings = settings_from(values)
        first = _first_interpreter(settings)
    except UsageFailure as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    import anyio

    from ..mcp_server.server import MCPFrontEnd

    transport = values.get("transport") or "stdio"
    front = MCPFrontEnd(settings, transport)
    front.manager.add_spare(first)
    try:
        if transport == "http":
            host = values.get("host") or "127.0.0.1"
            if host not in ("127.0.0.1", "localhost", "::1"):
                print(f"{PROG}: warning: serving on {host}: anyone who can reach it can run code in the sandbox "
                      "and call the host functions (there is no authentication)", file=sys.stderr)
            port = values.get("port")
            anyio.run(front.serve_http, host, 8000 if port is None else int(port), values.get("path") or "/mcp")
        else:
            anyio.run(front.serve_stdio)
    except KeyboardInterrupt:
        return 0
    return 0
