"""`mpwasm-kernel mcp` over stdio: the SDK's real stdio client, and raw JSON-RPC lines for input no
well-behaved client sends (invalid UTF-8, malformed JSON, lone surrogates, unknown methods)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import anyio
import pytest
from conftest import REPO, server_env, wait_for
from mcp import Client

pytestmark = pytest.mark.timeout(600)


def test_session_state_tools_and_reset(stdio_params) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with Client(stdio_params("--wall-seconds", "7", "--max-output-chars", "5000")) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            assert set(tools) == {"run_python", "reset_session", "list_files", "read_file", "write_file",
                                  "list_host_functions"}
            description = tools["run_python"].description or ""
            assert "wall clock 7 s" in description and "never higher" in description
            assert tools["run_python"].input_schema["required"] == ["code"]
            r = await client.call_tool("run_python", {"code": "import json\ndata = {'a': [1, 2]}\nprint('ok')"})
            assert not r.is_error and r.structured_content["stdout"] == "ok\n"
            await client.call_tool("write_file", {"path": "/notes.txt", "content": "remember"})
            r = await client.call_tool("run_python", {"code": "json.dumps(data), open('/notes.txt').read()"})
            assert r.structured_content["result"] == "('{\"a\": [1, 2]}', 'remember')"
            r = await client.call_tool("reset_session", {})
            assert not r.is_error
            r = await client.call_tool("run_python", {"code": "data"})
            assert r.is_error and r.structured_content["error"]["type"] == "NameError"
            r = await client.call_tool("read_file", {"path": "/notes.txt"})
            assert r.is_error and "FileNotFoundError: [Errno 2] No such file or directory" in r.content[0].text

    anyio.run(main)


def test_cancellation_interrupts_and_keeps_state(stdio_params, marks: Path) -> None:  # type: ignore[no-untyped-def]
    flag = marks / "spin-stdio"

    async def main() -> None:
        params = stdio_params("--functions", "mark=mcp_hostfns:mark", "--wall-seconds", "600", "--fuel", "1e14")
        async with Client(params) as client:
            await client.call_tool("run_python", {"code": "n = 0"})
            got: list[object] = []
            async with anyio.create_task_group() as tg:
                async def spin() -> None:
                    got.append(await client.call_tool(
                        "run_python", {"code": "n += 1\nmark('spin-stdio')\nwhile True:\n    n += 1"}))

                tg.start_soon(spin)
                await anyio.to_thread.run_sync(wait_for, flag)
                tg.cancel_scope.cancel()
            assert not got
            r = await client.call_tool("run_python", {"code": "n > 0"})
            assert r.structured_content["result"] == "True", r.content[0].text

    anyio.run(main)


def test_idle_session_expires_and_the_next_call_says_so(stdio_params) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with Client(stdio_params("--idle-seconds", "0.2")) as client:
            await client.call_tool("run_python", {"code": "x = 1"})
            # Wait until the server has expired the session; every call that finds it alive
            # starts the idle clock again, so the loop ends only on the fresh-session note.
            for _ in range(200):
                await anyio.sleep(0.5)
                r = await client.call_tool("run_python", {"code": "'x' in globals()"})
                if "fresh session" in r.content[0].text:
                    break
                assert r.structured_content["result"] == "True"
            else:
                raise AssertionError("the idle session was never expired")
            assert r.structured_content["result"] == "False"

    anyio.run(main)


class RawServer:
    """The stdio server driven with raw bytes: one JSON-RPC message per line."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "mpwasm_kernel", "mcp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=server_env(Path("/")),
                                     cwd=REPO)
        self.lines: queue.Queue[bytes] = queue.Queue()
        self.skipped: list[dict] = []  # messages read while waiting for another reply
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def send(self, data: bytes | dict) -> None:
        assert self.proc.stdin is not None
        raw = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.proc.stdin.write(raw + b"\n")
        self.proc.stdin.flush()

    def reply(self, request_id: object) -> dict:
        while True:
            message = json.loads(self.lines.get(timeout=120))
            if message.get("id") == request_id:
                return message
            self.skipped.append(message)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _call(request_id: int, code: str) -> dict:
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
            "params": {"name": "run_python", "arguments": {"code": code}}}


def test_raw_bad_input_gets_errors_and_keeps_state() -> None:
    server = RawServer()
    try:
        server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}})
        assert server.reply(1)["result"]["serverInfo"]["name"] == "mpwasm-kernel"
        server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        server.send(_call(2, "kept = 'yes'"))
        assert server.reply(2)["result"]["isError"] is False
        server.send(b'\xff\xfe{"jsonrpc": "2.0", "id": 3, "method": "tools/list"}')  # invalid UTF-8
        server.send(b"{this is not json")
        server.send({"jsonrpc": "2.0", "id": 4, "method": "no/such/method"})
        assert server.reply(4)["error"]["code"] == -32601
        # a lone surrogate, escaped in JSON: the SDK cannot read it; the request still gets its error
        server.send(b'{"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "run_python", '
                    b'"arguments": {"code": "s = \'\\ud800\'"}}}')
        assert server.reply(5)["error"]["code"] == -32600
        server.send({"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": {"name": "run_python"}})
        assert "error" in server.reply(6)
        server.send({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                     "params": {"name": "run_python", "arguments": {"code": ["not", "a", "string"]}}})
        assert server.reply(7)["error"]["code"] == -32602
        server.send(_call(8, "kept"))
        assert server.reply(8)["result"]["structuredContent"]["result"] == "'yes'"
        # the two unreadable lines (invalid UTF-8, not JSON) were answered with parse errors
        assert [m["error"]["code"] for m in server.skipped if m.get("id") is None] == [-32700, -32700]
    finally:
        server.close()
