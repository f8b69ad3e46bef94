"""The MCP server (official `mcp` SDK, low-level `Server`): tools -> sessions -> sandbox.

One Python session per MCP session. Over stdio the process serves one client, so the process
holds one session (whichever protocol era the client speaks). Over streamable HTTP a session is
an ``Mcp-Session-Id``: the Python session lives in the SDK's per-connection state and is closed
when the client ends the MCP session or the SDK expires it. Either way it is also closed after
``idle_seconds`` without calls (the next call starts a fresh one and says so) and at shutdown.
HTTP sessions need the session-based protocol (the ``initialize`` handshake): in HTTP mode the
server does not answer the 2026-07-28 ``server/discover`` probe, so SDK clients in ``auto`` mode
fall back to the handshake, and stateless 2026-era requests are refused with a message saying so.
"""

from __future__ import annotations

import base64
import json
import logging
import mimetypes
import sys
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import anyio
import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from mcp.shared.message import SessionMessage
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    CallToolResult,
    ErrorData,
    ImageContent,
    JSONRPCError,
    TextContent,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import ValidationError

from .. import __version__
from .config import ServerSettings
from .engine import FileOperationError, PythonSession
from .render import IMAGE_FORMAT, Clipper, render_run
from .sessions import Session, SessionBusyError, SessionExpiredError, SessionLimitError, SessionManager
from .tools import (
    LIST_FILES,
    LIST_FUNCTIONS,
    READ_FILE,
    RESET,
    RUN,
    WRITE_FILE,
    BadArguments,
    no_args,
    path_arg,
    read_args,
    run_args,
    tool_list,
    write_args,
)

logger = logging.getLogger("mpwasm_kernel.mcp")
STATE_KEY = "mpwasm_kernel.session"
INSTRUCTIONS = (
    "This server gives you a persistent, sandboxed Python interpreter (MicroPython in WebAssembly) for this "
    f"conversation. Run code with {RUN}; state and files persist until {RESET}. Pass data in with {WRITE_FILE}, "
    f"look at results with {LIST_FILES}/{READ_FILE}. There is no network access. Every call has limits; a call "
    "stopped by a limit says which limit and what was kept.")
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}


def _text_result(text: str, structured: dict[str, Any] | None = None, *, error: bool = False) -> CallToolResult:
    return CallToolResult(content=[TextContent(text=text)], structured_content=structured, is_error=error)


class MCPFrontEnd:
    """The MCP front end of the sandbox: protocol in, `SessionManager` calls out."""

    def __init__(self, settings: ServerSettings, transport: str = "stdio") -> None:
        if transport not in ("stdio", "http"):
            raise ValueError(f"transport must be 'stdio' or 'http', not {transport!r}")
        self.settings = settings
        self.transport = transport
        self._process_session: Session | None = None  # stdio: the one client's session
        self.manager = SessionManager(settings.engine, max_sessions=settings.max_sessions,
                                      max_pending=settings.max_pending, idle_seconds=settings.idle_seconds)
        self.tools = tool_list(settings, IMAGE_FORMAT)
        self.server: Server[Any] = Server("mpwasm-kernel", version=__version__, title="Python sandbox (MicroPython)",
                                          instructions=INSTRUCTIONS, on_list_tools=self._list_tools,
                                          on_call_tool=self._call_tool, on_list_resources=self._list_resources,
                                          on_read_resource=self._read_resource)
        if transport == "http":  # no stateless 2026-07-28 era: a session needs a connection (module docstring)
            self.server.add_request_handler("server/discover", types.RequestParams, self._no_discover)

    # ------------------------------------------------------------------ protocol handlers
    async def _no_discover(self, ctx: Any, params: Any) -> Any:
        raise MCPError(code=METHOD_NOT_FOUND, message="server/discover is not served: this server keeps a Python "
                       "session per connection; connect with the initialize handshake")

    async def _list_tools(self, ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=self.tools)

    async def _list_resources(self, ctx: Any, params: Any) -> types.ListResourcesResult:
        """The session's files (not /lib, /dev) as resources ``mpwasm:///PATH``, at most 500."""
        session, _note = self._session_or_error(ctx)
        try:
            files = await self.manager.call(session, lambda python: python.walk_files())
        except (FileOperationError, SessionBusyError, SessionExpiredError) as exc:
            raise MCPError(code=INTERNAL_ERROR, message=f"could not list the session's files: {exc}") from None
        return types.ListResourcesResult(resources=[
            types.Resource(uri=file_uri(path), name=path, mime_type=mimetypes.guess_type(path)[0], size=size,
                           description="a file in this session's sandbox file system")
            for path, size in files])

    async def _read_resource(self, ctx: Any, params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        path = path_of_uri(str(params.uri))
        session, _note = self._session_or_error(ctx)
        limit = self.settings.max_file_bytes
        try:
            data, size = await self.manager.call(session, lambda python: python.read_file(path, limit))
        except FileOperationError as exc:
            raise MCPError(code=INVALID_PARAMS, message=f"cannot read {path}: {exc}") from None
        except (SessionBusyError, SessionExpiredError) as exc:
            raise MCPError(code=INTERNAL_ERROR, message=f"cannot read {path} now: {exc}") from None
        if size > len(data):
            raise MCPError(code=INVALID_PARAMS, message=(
                f"{path} has {size:,} bytes, more than max_file_bytes={limit:,}; use read_file for its beginning"))
        uri, mime = file_uri(path), mimetypes.guess_type(path)[0]
        try:
            contents: Any = types.TextResourceContents(uri=uri, mime_type=mime or "text/plain", text=data.decode())
        except UnicodeDecodeError:
            contents = types.BlobResourceContents(uri=uri, mime_type=mime or "application/octet-stream",
                                                  blob=base64.b64encode(data).decode("ascii"))
        return types.ReadResourceResult(contents=[contents])

    def _session_or_error(self, ctx: Any) -> tuple[Session, str]:
        try:
            return self._session_for(ctx)
        except SessionLimitError as exc:
            raise MCPError(code=INTERNAL_ERROR, message=str(exc)) from None

    def _session_for(self, ctx: Any) -> tuple[Session, str]:
        """This connection's session (opened on first use), and a note if an earlier one expired."""
        connection = None
        if self.transport == "stdio":
            session = self._process_session
        else:
            if ctx.protocol_version in MODERN_PROTOCOL_VERSIONS:
                raise MCPError(code=INVALID_REQUEST, message=(
                    "this server keeps one Python session per MCP session, which the stateless 2026-07-28 "
                    "protocol does not have; connect with the initialize handshake (protocol 2025-11-25 or "
                    "earlier)"))
            connection = getattr(ctx.session, "_connection", None)  # the SDK's per-connection object
            if connection is None:
                raise MCPError(code=INTERNAL_ERROR, message="no connection state for this request")
            session = connection.state.get(STATE_KEY)
        note = ""
        if session is not None and session.closed:
            if session.expired:
                note = (f"Note: the previous Python session was closed after {self.settings.idle_seconds:g} s "
                        "without calls; this is a fresh session (variables and files are gone).\n\n")
            session = None
        if session is None:
            session = self.manager.open()
            if connection is None:
                self._process_session = session
            else:
                connection.state[STATE_KEY] = session
                connection.exit_stack.callback(self.manager.close, session)
        return session, note

    async def _call_tool(self, ctx: Any, params: types.CallToolRequestParams) -> CallToolResult:
        name, arguments = params.name, params.arguments or {}
        if name not in self._handlers:
            raise MCPError(code=INVALID_PARAMS, message=(
                f"unknown tool {name!r}; this server's tools are {', '.join(self._handlers)}"))
        if not isinstance(arguments, dict):
            raise MCPError(code=INVALID_PARAMS, message=f"{name}: arguments must be a JSON object")
        try:
            if name == LIST_FUNCTIONS:  # needs no interpreter
                no_args(arguments, name)
                return self._list_functions()
            session, note = self._session_for(ctx)
            result = await self._handlers[name](self, session, arguments)
        except BadArguments as exc:
            raise MCPError(code=INVALID_PARAMS, message=str(exc)) from None
        except (SessionBusyError, SessionLimitError, SessionExpiredError) as exc:
            return _text_result(f"{name} was not run: {exc}", {"error": {"type": type(exc).__name__,
                                                                          "message": str(exc)}}, error=True)
        except FileOperationError as exc:
            return _text_result(f"{name} failed: {exc}", {"error": {"type": "OSError", "message": str(exc)}},
                                error=True)
        if note and result.content and isinstance(result.content[0], TextContent):
            result.content[0] = TextContent(text=note + result.content[0].text)
        return result

    # ------------------------------------------------------------------ tools
    async def _run(self, session: Session, arguments: dict[str, Any]) -> CallToolResult:
        args = run_args(arguments, self.settings)
        try:
            limits = self.settings.limits.lowered(**args.limits)
        except ValueError as exc:
            raise BadArguments(f"{RUN}: {exc}") from None
        outcome = await self.manager.call(session, lambda python: python.run(args.code, limits))
        content, summary = render_run(outcome, self.settings.max_output_chars)
        return CallToolResult(content=content, structured_content=summary, is_error=outcome.error is not None)

    async def _reset(self, session: Session, arguments: dict[str, Any]) -> CallToolResult:
        no_args(arguments, RESET)
        await self.manager.call(session, PythonSession.reset, interruptible=False)
        return _text_result("The Python session was reset: a fresh interpreter with no variables, imports or "
                            "files of yours (read-only folders stay).", {"reset": True})

    async def _list_files(self, session: Session, arguments: dict[str, Any]) -> CallToolResult:
        path = path_arg(arguments, LIST_FILES, {"path"}, "/")
        entries = await self.manager.call(session, lambda python: python.list_files(path))
        clip = Clipper(self.settings.max_output_chars)
        lines = [f"{e.name}/" if e.kind == "dir" else (f"{e.name}  ({e.size:,} bytes)" if e.kind == "file"
                                                        else f"{e.name}  (device)") for e in entries]
        text = clip("listing", f"{path} ({len(entries)} entries):\n" + "\n".join(lines) if lines
                    else f"{path} is empty")
        structured = {"path": path, "entries": [{"name": e.name, "kind": e.kind, "size": e.size}
                                                for e in entries[:1000]], "count": len(entries)}
        return _text_result(text, structured)

    async def _read_file(self, session: Session, arguments: dict[str, Any]) -> CallToolResult:
        path, encoding = read_args(arguments)
        limit = self.settings.max_file_bytes
        data, size = await self.manager.call(session, lambda python: python.read_file(path, limit))
        cut = f" (first {len(data):,} of {size:,} bytes; max_file_bytes={limit:,})" if size > len(data) else ""
        structured: dict[str, Any] = {"path": path, "size": size, "returned_bytes": len(data)}
        blocks: list[Any] = []
        text: str | None = None
        if encoding in ("auto", "utf-8"):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if encoding == "utf-8":
                    if size > len(data) and exc.start >= len(data) - 3:  # a character cut by the limit
                        text = data[:exc.start].decode("utf-8")
                    else:
                        return _text_result(f"{READ_FILE} failed: {path} is not UTF-8 text (byte {exc.start}); "
                                            "read it with encoding 'base64'", error=True)
                elif size > len(data) and exc.start >= len(data) - 3:
                    text = data[:exc.start].decode("utf-8", "replace")
        if text is not None:
            clip = Clipper(self.settings.max_output_chars)
            structured["encoding"] = "utf-8"
            blocks.append(TextContent(text=f"{path}{cut}:\n" + clip("content", text)))
            structured["truncated"] = clip.cut
        else:
            b64 = base64.b64encode(data).decode("ascii")
            structured["encoding"] = "base64"
            mime = next((m for magic, m in _IMAGE_MAGIC.items() if data.startswith(magic)), None)
            blocks.append(TextContent(text=f"{path}{cut}: {len(data):,} bytes of binary data, base64:\n{b64}"
                                      if mime is None or cut else f"{path}: {mime} image, {size:,} bytes"))
            if mime is not None and not cut:
                blocks.append(ImageContent(data=b64, mime_type=mime))
        return CallToolResult(content=blocks, structured_content=structured, is_error=False)

    async def _write_file(self, session: Session, arguments: dict[str, Any]) -> CallToolResult:
        path, data, append = write_args(arguments, self.settings)
        size = await self.manager.call(session, lambda python: python.write_file(path, data, append))
        verb = "appended" if append else "wrote"
        return _text_result(f"{verb} {len(data):,} bytes to {path} (the file now has {size:,} bytes)",
                            {"path": path, "written": len(data), "size": size})

    def _list_functions(self) -> CallToolResult:
        from ..runner.magics import describe_function as describe

        functions = self.settings.functions
        if not functions:
            return _text_result("No host functions are exposed on this server.", {"functions": []})
        lines = [describe(name, fn, None) for name, fn in sorted(functions.items())]
        structured = {"functions": [{"name": name, "description": line}
                                    for name, line in zip(sorted(functions), lines, strict=True)]}
        return _text_result("Host functions (call them by name in run_python, or as host.NAME after "
                            "`import host`):\n" + "\n".join(lines), structured)

    _handlers = {RUN: _run, RESET: _reset, LIST_FILES: _list_files, READ_FILE: _read_file,
                 WRITE_FILE: _write_file, LIST_FUNCTIONS: None}

    # ------------------------------------------------------------------ serving
    async def _reap(self) -> None:
        """Close idle sessions now and then."""
        if self.settings.idle_seconds is None:
            return
        period = max(0.05, min(self.settings.idle_seconds / 4, 30.0))
        while True:
            await anyio.sleep(period)
            for session in self.manager.expire_idle():
                logger.info("closed idle session %d", session.number)

    async def serve_stdio(self) -> None:
        from mcp.server.stdio import stdio_server

        try:
            async with stdio_server() as (read_stream, write_stream), anyio.create_task_group() as tg:
                checked_send, checked_receive = anyio.create_memory_object_stream[Any](0)
                tg.start_soon(self._reap)
                tg.start_soon(_answer_unreadable_lines, read_stream, checked_send, write_stream)
                await self.server.run(checked_receive, write_stream, self.server.create_initialization_options())
                tg.cancel_scope.cancel()
        finally:
            self.manager.close_all()

    async def serve_http(self, host: str, port: int, path: str = "/mcp") -> None:
        import uvicorn

        body_limit = max(4 << 20, self.settings.max_code_chars * 4 + (1 << 20),
                         self.settings.max_file_bytes * 2 + (1 << 20))
        app = self.server.streamable_http_app(
            streamable_http_path=path, host=host, max_sessions=self.settings.max_sessions,
            session_idle_timeout=self.settings.idle_seconds, max_request_body_size=body_limit)
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
        server = uvicorn.Server(config)

        async def announce() -> None:
            while not server.started:
                await anyio.sleep(0.02)
            sockets = [s for srv in server.servers for s in srv.sockets]
            bound = sockets[0].getsockname()[1] if sockets else port
            shown = f"[{host}]" if ":" in host else host
            print(f"mpwasm-kernel mcp: serving MCP (streamable HTTP) at http://{shown}:{bound}{path}",
                  file=sys.stderr, flush=True)

        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._reap)
                tg.start_soon(announce)
                await server.serve()
                tg.cancel_scope.cancel()
        finally:
            self.manager.close_all()


def unreadable_line_reply(exc: Exception) -> JSONRPCError:
    """The JSON-RPC error for a stdio line the SDK could not read as a message (the SDK drops such
    lines silently, so a request with, say, a lone surrogate in a string would never be answered).
    When the line is JSON with an ``id`` (Python's json reads what the SDK's parser refuses), the
    error answers that request; else it carries ``id: null`` (JSON-RPC's parse error)."""
    raw = None
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        raw = errors[0].get("input") if errors else None
    request_id = None
    code, message = PARSE_ERROR, "Parse error: the line is not a JSON-RPC message"
    if isinstance(raw, str):
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if isinstance(data, dict):
            code, message = INVALID_REQUEST, ("Invalid request: the message could not be read (for example a "
                                              "string with an unpaired surrogate or a field of the wrong type)")
            candidate = data.get("id")
            if isinstance(candidate, str) or (isinstance(candidate, int) and not isinstance(candidate, bool)):
                request_id = candidate
    return JSONRPCError(jsonrpc="2.0", id=request_id, error=ErrorData(code=code, message=message))


async def _answer_unreadable_lines(source: Any, sink: Any, write_stream: Any) -> None:
    """Relay the stdio read stream to the server, answering unreadable lines with an error."""
    async with sink:
        async for item in source:
            if isinstance(item, Exception):
                await write_stream.send(SessionMessage(unreadable_line_reply(item)))
            else:
                await sink.send(item)


def file_uri(path: str) -> str:
    """The resource URI of a sandbox file: ``mpwasm:///data/in.csv``."""
    return "mpwasm://" + quote(path if path.startswith("/") else "/" + path)


def path_of_uri(uri: str) -> str:
    """The sandbox path of an ``mpwasm:///PATH`` URI (invalid params otherwise)."""
    parts = urlsplit(uri)
    if parts.scheme != "mpwasm" or parts.netloc or not parts.path.startswith("/"):
        raise MCPError(code=INVALID_PARAMS, message=f"not a file of this server: {uri!r} (expected mpwasm:///PATH)")
    return unquote(parts.path)
