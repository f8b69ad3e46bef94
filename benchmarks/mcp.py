"""The MCP server (`mpwasm-kernel mcp`) beside the same calls made through the Python API.

    python -m benchmarks.mcp [--calls 40] [--cold 3] [--sessions 1,8,24]

- cold start to first result: a new process until ``1 + 1`` comes back — the SDK's stdio client
  starting the server, an HTTP server started and reached with the SDK's HTTP client, and a
  Python process doing ``RequestRunner(...).run(...)`` (the API the server drives);
- warm call latency: median over `calls` calls of a small cell (``x = x + 1``) on one session:
  over stdio, over HTTP, through the Python API in this process — and over HTTP while another
  session of the same server runs a busy loop (a runaway cell must not delay other sessions);
- sessions held in one process: resident memory (RSS) of the HTTP server holding N sessions (each
  ran a cell keeping a 1,000-element list), beside one Python process holding N `RequestRunner`s.

Writes `benchmarks/results/mcp.json` and `benchmarks/results/mcp.md`. Needs the `mcp` package.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

from benchmarks.machine import load_average, machine_info

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
SERVER = [sys.executable, "-m", "mpwasm_kernel", "mcp"]
API_COLD = ("import time; t = time.perf_counter()\n"
            "from mpwasm_kernel.runner import Request, RequestRunner\n"
            "r = RequestRunner()\n"
            "out = r.run(Request('1 + 1', magics=False, ipython=False))\n"
            "assert out.value == '2', out\n")
API_SESSIONS = ("import sys\n"
                "from mpwasm_kernel.runner import Request, RequestRunner\n"
                "runners = []\n"
                "for n in sys.argv[1:]:\n"
                "    for _ in range(int(n) - len(runners)):\n"
                "        r = RequestRunner()\n"
                "        r.run(Request('x = list(range(1000))', magics=False, ipython=False))\n"
                "        runners.append(r)\n"
                "    rss = [l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]\n"
                "    print(n, int(rss) * 1024, flush=True)\n")


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


class HttpServer:
    """`mpwasm-kernel mcp --transport http --port 0` as a subprocess."""

    def __init__(self, *options: str) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([*SERVER, "--transport", "http", "--port", "0", *options], env=ENV,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()
        match = re.search(r"at (http://\S+)", line)
        if match is None:
            self.close()
            raise RuntimeError(f"server did not start: {line}")
        self.url = match.group(1)

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


async def first_result(client: Client) -> None:
    r = await client.call_tool("run_python", {"code": "1 + 1"})
    assert r.structured_content["result"] == "2", r


async def cold_stdio() -> float:
    start = time.perf_counter()
    async with Client(StdioServerParameters(command=SERVER[0], args=SERVER[1:], env=ENV)) as client:
        await first_result(client)
        return time.perf_counter() - start


async def cold_http() -> float:
    server = HttpServer()
    try:
        async with Client(server.url) as client:
            await first_result(client)
            return time.perf_counter() - server.started
    finally:
        server.close()


def cold_api() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", API_COLD], env=ENV, check=True)
    return time.perf_counter() - start


async def warm(client: Client, calls: int) -> list[float]:
    await client.call_tool("run_python", {"code": "x = 0"})
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        r = await client.call_tool("run_python", {"code": "x = x + 1"})
        samples.append(time.perf_counter() - start)
        assert not r.is_error
    return samples


def warm_api(calls: int) -> list[float]:
    from mpwasm_kernel.runner import Request, RequestRunner

    with RequestRunner() as runner:
        runner.run(Request("x = 0", magics=False, ipython=False))
        samples = []
        for _ in range(calls):
            start = time.perf_counter()
            runner.run(Request("x = x + 1", magics=False, ipython=False))
            samples.append(time.perf_counter() - start)
    return samples


async def warm_http(calls: int) -> tuple[list[float], list[float]]:
    """(idle samples, samples while another session spins)."""
    server = HttpServer("--wall-seconds", "600", "--fuel", "1e14")
    try:
        async with Client(server.url) as a, Client(server.url) as b:
            idle = await warm(b, calls)
            async with anyio.create_task_group() as tg:
                async def spin() -> None:
                    await a.call_tool("run_python", {"code": "while True:\n    pass"})

                tg.start_soon(spin)
                await anyio.sleep(0.5)
                busy = await warm(b, calls)
                tg.cancel_scope.cancel()
            return idle, busy
    finally:
        server.close()


async def warm_stdio(calls: int) -> list[float]:
    async with Client(StdioServerParameters(command=SERVER[0], args=SERVER[1:], env=ENV)) as client:
        return await warm(client, calls)


async def sessions_http(levels: list[int]) -> dict[int, int]:
    server = HttpServer("--max-sessions", str(max(levels) + 1))
    clients: list[Client] = []
    out = {}
    try:
        for level in levels:
            while len(clients) < level:
                client = Client(server.url)
                await client.__aenter__()
                clients.append(client)
                await client.call_tool("run_python", {"code": "x = list(range(1000))"})
            out[level] = rss_bytes(server.proc.pid)
        return out
    finally:
        for client in reversed(clients):
            await client.__aexit__(None, None, None)
        server.close()


def sessions_api(levels: list[int]) -> dict[int, int]:
    done = subprocess.run([sys.executable, "-c", API_SESSIONS, *map(str, levels)], env=ENV, check=True,
                          capture_output=True, text=True)
    return {int(n): int(rss) for n, rss in (line.split() for line in done.stdout.splitlines())}


def per_session(rss: dict[int, int]) -> float | None:
    levels = sorted(rss)
    if len(levels) < 2:
        return None
    first, last = levels[0], levels[-1]
    return round((rss[last] - rss[first]) / (last - first) / 2**20, 2)


def table(data: dict) -> str:
    cold, warm_ms, sessions = data["cold_start_s"], data["warm_call_ms"], data["sessions_rss_mib"]
    lines = ["# MCP server beside the Python API", "",
             f"Machine: {data['machine'].get('cpu') or '?'}; median of {data['calls']} warm calls, "
             f"{data['cold']} cold starts.", "",
             "| measure | MCP stdio | MCP HTTP | Python API |", "|---|---|---|---|",
             f"| cold start to first result (s, median) | {cold['stdio']} | {cold['http']} | {cold['api']} |",
             f"| warm call `x = x + 1` (ms, median) | {warm_ms['stdio']} | {warm_ms['http']} | {warm_ms['api']} |",
             f"| warm call while another session spins (ms) | — | {warm_ms['http_other_session_busy']} | — |"]
    for level in sorted(sessions["http"], key=int):
        lines.append(f"| RSS with {level} sessions (MiB) | — | {sessions['http'][level]} | "
                     f"{sessions['api'][level]} |")
    lines.append(f"| RSS per extra session (MiB) | — | {sessions['per_session_http']} | "
                 f"{sessions['per_session_api']} |")
    return "\n".join(lines) + "\n"


async def measure_async(args: argparse.Namespace, levels: list[int]) -> dict:
    cold_stdio_s = [await cold_stdio() for _ in range(args.cold)]
    cold_http_s = [await cold_http() for _ in range(args.cold)]
    stdio_samples = await warm_stdio(args.calls)
    idle, busy = await warm_http(args.calls)
    http_rss = await sessions_http(levels)
    return {"cold_stdio": cold_stdio_s, "cold_http": cold_http_s, "stdio": stdio_samples, "http": idle,
            "busy": busy, "http_rss": http_rss}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--sessions", default="1,8,24")
    args = parser.parse_args(argv)
    levels = sorted({int(x) for x in args.sessions.split(",")})
    measured = anyio.run(measure_async, args, levels)
    cold_api_s = [cold_api() for _ in range(args.cold)]
    api_samples = warm_api(args.calls)
    api_rss = sessions_api(levels)
    mib = {k: round(v / 2**20, 1) for k, v in measured["http_rss"].items()}
    data = {
        "machine": {**machine_info(), "load_average": load_average()}, "calls": args.calls, "cold": args.cold,
        "cold_start_s": {"stdio": round(statistics.median(measured["cold_stdio"]), 3),
                         "http": round(statistics.median(measured["cold_http"]), 3),
                         "api": round(statistics.median(cold_api_s), 3)},
        "warm_call_ms": {"stdio": median_ms(measured["stdio"]), "http": median_ms(measured["http"]),
                         "api": median_ms(api_samples), "http_other_session_busy": median_ms(measured["busy"])},
        "sessions_rss_mib": {"http": mib, "api": {k: round(v / 2**20, 1) for k, v in api_rss.items()},
                             "per_session_http": per_session(measured["http_rss"]),
                             "per_session_api": per_session(api_rss)},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "mcp.json").write_text(json.dumps(data, indent=2) + "\n")
    text = table(data)
    (RESULTS / "mcp.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
