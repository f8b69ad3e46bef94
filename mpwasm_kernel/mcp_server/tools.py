"""The tools a model sees: their names, descriptions and input schemas, and argument checking.

Descriptions are written for a language model choosing and calling tools: what the tool does,
what persists, what comes back, and the limits that apply (the administrator's values are filled
in when the server starts).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from mcp_types import Tool, ToolAnnotations

from .config import CALL_LIMITS, ServerSettings

RUN = "run_python"
RESET = "reset_session"
LIST_FILES = "list_files"
READ_FILE = "read_file"
WRITE_FILE = "write_file"
LIST_FUNCTIONS = "list_host_functions"


class BadArguments(ValueError):
    """Tool arguments that do not fit the tool's schema (an MCP invalid-params error)."""


def _limits_text(settings: ServerSettings) -> str:
    lim = settings.limits
    fuel = f"{lim.fuel:,}" if lim.fuel is not None else "unmetered"
    return (f"Limits per call: wall clock {lim.wall_seconds:g} s, fuel {fuel} (about instructions), memory "
            f"{lim.memory_bytes // 2**20} MiB, printed output {lim.output_bytes // 1024} KiB; session disk "
            f"{lim.disk_bytes // 2**20} MiB. Text returned to you is cut to {settings.max_output_chars:,} "
            "characters per part (the cut is marked).")


def tool_list(settings: ServerSettings, image_format: str) -> list[Tool]:
    """The tools, with the administrator's settings in their descriptions."""
    functions = (f" Host functions the administrator exposed are callable by name: "
                 f"{', '.join(sorted(settings.functions))} (see {LIST_FUNCTIONS})."
                 if settings.functions else "")
    mounts = (f" Read-only folders: {', '.join(sorted(settings.mounts))}." if settings.mounts else "")
    numpy = ("`import numpy as np` works (ulab's numpy subset)" if settings.variant == "ulab"
             else "numpy is not available (matplotlib.pyplot is)")
    figure = ("pyplot figures (plt.show()) come back as PNG images" if image_format == "png"
              else "pyplot figures (plt.show()) come back as SVG documents")
    run_description = (
        "Run Python code in this conversation's persistent sandboxed interpreter (MicroPython 1.29 with a "
        "CPython-compatible standard library subset, compiled to WebAssembly) and return what it printed "
        "(stdout, stderr), the repr of a trailing expression (like a notebook cell), rich outputs and any "
        "error with its traceback. Variables, functions, imports and files persist between calls until "
        f"{RESET}. Use it for calculations, data reshaping, parsing and checking ideas. There is no network, "
        f"no subprocess and no host file system; pip install is not available; {numpy}. {figure}; "
        "IPython.display objects (HTML, Markdown, JSON) come back as embedded resources. If a limit stops "
        "the code, the error names the limit and says whether the call's changes were kept or rolled back. "
        + _limits_text(settings)
        + " You may pass lower limits for one call (fuel, wall_seconds, output_bytes), never higher ones."
        + functions + mounts)
    code_props: dict[str, Any] = {
        "code": {"type": "string", "description": "Python source: statements, optionally ending with an "
                 "expression whose repr is returned."},
        "wall_seconds": {"type": "number", "exclusiveMinimum": 0,
                         "description": "Optional lower wall-clock limit for this call, in seconds."},
        "fuel": {"type": "integer", "minimum": 1, "description": "Optional lower fuel limit for this call."},
        "output_bytes": {"type": "integer", "minimum": 1,
                         "description": "Optional lower cap on printed output for this call, in bytes."},
    }
    path = {"type": "string", "description": "Absolute path in the session's file system, e.g. /data/input.csv"}
    return [
        Tool(name=RUN, title="Run Python", description=run_description,
             input_schema={"type": "object", "properties": code_props, "required": ["code"],
                           "additionalProperties": False},
             annotations=ToolAnnotations(title="Run Python", read_only_hint=False, destructive_hint=False,
                                         idempotent_hint=False, open_world_hint=False)),
        Tool(name=RESET, title="Reset the Python session",
             description=("Discard everything in this conversation's Python session — variables, imports and "
                          "the files you wrote — and start a fresh interpreter. Read-only folders stay. Use it "
                          "when the state is confused or memory is exhausted."),
             input_schema={"type": "object", "properties": {}, "additionalProperties": False},
             annotations=ToolAnnotations(title="Reset session", destructive_hint=True, idempotent_hint=True,
                                         open_world_hint=False)),
        Tool(name=LIST_FILES, title="List files",
             description=("List a directory of this session's private file system (the one your Python code "
                          "sees with open()): name, kind (file/dir) and size in bytes. Start with '/'. "
                          "/lib holds the interpreter's own library; /dev its devices." + mounts),
             input_schema={"type": "object", "properties": {"path": {**path, "default": "/"}},
                           "additionalProperties": False},
             annotations=ToolAnnotations(title="List files", read_only_hint=True, open_world_hint=False)),
        Tool(name=READ_FILE, title="Read a file",
             description=("Read a file of this session's file system. Text (UTF-8) comes back as text; other "
                          f"bytes as base64. At most {settings.max_file_bytes:,} bytes are returned; the reply "
                          "says when the file is longer. PNG/JPEG files also come back as images."),
             input_schema={"type": "object", "properties": {
                 "path": path,
                 "encoding": {"type": "string", "enum": ["auto", "utf-8", "base64"], "default": "auto",
                              "description": "auto: text if the bytes are UTF-8, else base64."}},
                 "required": ["path"], "additionalProperties": False},
             annotations=ToolAnnotations(title="Read file", read_only_hint=True, open_world_hint=False)),
        Tool(name=WRITE_FILE, title="Write a file",
             description=("Create or overwrite (or append to) a file in this session's file system, creating "
                          "missing parent folders; your Python code can then open() it. Use it to pass data in "
                          f"instead of pasting it into code. At most {settings.max_file_bytes:,} bytes per call; "
                          f"the session's disk holds {settings.limits.disk_bytes // 2**20} MiB. Read-only "
                          "folders cannot be written."),
             input_schema={"type": "object", "properties": {
                 "path": path,
                 "content": {"type": "string", "description": "The file's content."},
                 "encoding": {"type": "string", "enum": ["utf-8", "base64"], "default": "utf-8",
                              "description": "How `content` is encoded: text (utf-8) or base64 for binary."},
                 "append": {"type": "boolean", "default": False, "description": "Append instead of overwrite."}},
                 "required": ["path", "content"], "additionalProperties": False},
             annotations=ToolAnnotations(title="Write file", read_only_hint=False, destructive_hint=True,
                                         open_world_hint=False)),
        Tool(name=LIST_FUNCTIONS, title="List host functions",
             description=("List the functions of the host application that the administrator exposed to "
                          "your Python code: their names, signatures and documentation. Call them from "
                          f"{RUN} by name, e.g. `rows = fetch_rows('t')`; arguments and results are JSON values "
                          "(None, bool, int, float, str, list, dict); a host error arrives as RuntimeError."),
             input_schema={"type": "object", "properties": {}, "additionalProperties": False},
             annotations=ToolAnnotations(title="List host functions", read_only_hint=True, open_world_hint=False)),
    ]


# ---------------------------------------------------------------------------- argument checks


@dataclass(frozen=True)
class RunArgs:
    code: str
    limits: dict[str, float]


def _only(arguments: dict[str, Any], allowed: set[str], tool: str) -> None:
    extra = sorted(set(arguments) - allowed)
    if extra:
        raise BadArguments(f"{tool}: unknown argument(s) {', '.join(map(repr, extra))}; "
                           f"it takes {', '.join(sorted(allowed)) or 'no arguments'}")


def _string(arguments: dict[str, Any], name: str, tool: str, default: str | None = None) -> str:
    value = arguments.get(name, default)
    if value is None:
        raise BadArguments(f"{tool}: missing required argument {name!r}")
    if not isinstance(value, str):
        raise BadArguments(f"{tool}: {name!r} must be a string, not {type(value).__name__}")
    return value


def run_args(arguments: dict[str, Any], settings: ServerSettings) -> RunArgs:
    _only(arguments, {"code", *CALL_LIMITS}, RUN)
    code = _string(arguments, "code", RUN)
    if len(code) > settings.max_code_chars:
        raise BadArguments(f"{RUN}: the code is {len(code):,} characters; this server accepts at most "
                           f"{settings.max_code_chars:,} (max_code_chars). Write large data with {WRITE_FILE} "
                           "and read it from the code.")
    limits: dict[str, float] = {}
    for name in CALL_LIMITS:
        value = arguments.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0 or value != value:
            raise BadArguments(f"{RUN}: {name!r} must be a positive number, got {value!r}")
        limits[name] = value
    return RunArgs(code, limits)


def path_arg(arguments: dict[str, Any], tool: str, allowed: set[str], default: str | None = None) -> str:
    _only(arguments, allowed, tool)
    return _string(arguments, "path", tool, default)


def write_args(arguments: dict[str, Any], settings: ServerSettings) -> tuple[str, bytes, bool]:
    path = path_arg(arguments, WRITE_FILE, {"path", "content", "encoding", "append"})
    content = _string(arguments, "content", WRITE_FILE)
    encoding = _string(arguments, "encoding", WRITE_FILE, "utf-8")
    append = arguments.get("append", False)
    if not isinstance(append, bool):
        raise BadArguments(f"{WRITE_FILE}: 'append' must be true or false")
    if encoding == "utf-8":
        try:
            data = content.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BadArguments(f"{WRITE_FILE}: content is not valid Unicode ({exc.reason} at {exc.start})") from None
    elif encoding == "base64":
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BadArguments(f"{WRITE_FILE}: content is not valid base64 ({exc})") from None
    else:
        raise BadArguments(f"{WRITE_FILE}: encoding must be 'utf-8' or 'base64', not {encoding!r}")
    if len(data) > settings.max_file_bytes:
        raise BadArguments(f"{WRITE_FILE}: {len(data):,} bytes is more than this server accepts per call "
                           f"({settings.max_file_bytes:,}, max_file_bytes); append in parts")
    return path, data, append


def read_args(arguments: dict[str, Any]) -> tuple[str, str]:
    path = path_arg(arguments, READ_FILE, {"path", "encoding"})
    encoding = _string(arguments, "encoding", READ_FILE, "auto")
    if encoding not in ("auto", "utf-8", "base64"):
        raise BadArguments(f"{READ_FILE}: encoding must be 'auto', 'utf-8' or 'base64', not {encoding!r}")
    return path, encoding


def no_args(arguments: dict[str, Any], tool: str) -> None:
    _only(arguments, set(), tool)
