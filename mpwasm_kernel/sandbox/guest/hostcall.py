# Guest side of host functions. The host loads this file only when it has functions, as module
# `_mpk_hostcall`, and calls `install()`, which creates the `host` module and one builtin per
# function. Wire format (see the host's sandbox/functions.py): a request is b"\x01", then
# b"<name> <length>\n", then <length> bytes of JSON {"args": [...], "kwargs": {...}}. The reply,
# read from the device: a 12-byte header (b"R" or b"L", ten digits of body length, b"\n") and the
# body, JSON {"ok": true, "value": ...} or {"ok": false, "error": "Type: message"}. (The host
# never writes into guest memory at an address a request names: any cell can write the device.)
import builtins
import sys

import _mpk_channel

try:
    # MicroPython's own (C) json module: the wire needs valid JSON, not CPython's exact text, which
    # the guest library's `json.dumps` makes in Python (~5,000 fuel a character of a str argument).
    # It writes tuples as lists, str as UTF-8 with `"`, `\` and control characters escaped.
    from _mpk_lib import builtin

    json = builtin("json")
except ImportError:  # no guest library: `json` is the C module
    import json

_cfg = {"bytes": 1 << 20, "depth": 32, "result": 256 << 10}


def _check(values):
    # JSON values only (None, bool, int, finite float, str, list/tuple, dict with str keys),
    # nested at most _cfg["depth"] deep. Iterative, so deep or cyclic data cannot recurse.
    limit = _cfg["depth"]
    stack = [(v, 0) for v in values]
    while stack:
        v, d = stack.pop()
        t = type(v)
        if v is None or t is bool or t is int or t is str:
            continue
        if t is float:
            if v - v != 0.0:
                raise ValueError("host function arguments must be finite numbers, got %r" % v)
            continue
        if d >= limit:
            raise ValueError("host function arguments are nested more than %d levels deep" % limit)
        if t is list or t is tuple:
            for x in v:
                stack.append((x, d + 1))
        elif t is dict:
            for k in v:
                if type(k) is not str:
                    raise TypeError("host function arguments: dict keys must be str, not %s" % type(k).__name__)
                stack.append((v[k], d + 1))
        else:
            raise TypeError("host function arguments must be JSON values (None, bool, int, float, "
                            "str, list, tuple, dict), not %s" % t.__name__)


def _read(dev, n):
    parts = []
    while n > 0:
        chunk = dev.read(n)
        if not chunk:
            raise RuntimeError("the host did not answer the host call")
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def call(name, payload):
    """host.call(name, payload_json) -> str: call host function `name` with a JSON payload
    {"args": [...], "kwargs": {...}}; return the host's JSON reply {"ok": ..., "value"/"error": ...}."""
    if type(name) is not str or type(payload) is not str:
        raise TypeError("host.call(name, payload_json) takes two str arguments")
    data = payload.encode()
    if len(data) > _cfg["bytes"]:
        raise ValueError("host function arguments too large (%d bytes; the limit is %d)" % (len(data), _cfg["bytes"]))
    dev = _mpk_channel._open()
    msg = b"\x01" + ("%s %d\n" % (name, len(data))).encode() + data
    view = memoryview(msg)
    while view:
        n = dev.write(view)
        if not n:
            raise OSError("host channel closed")
        view = view[n:]
    head = dev.read(4096)  # one device read for a small reply: header and body together
    if len(head) < 12:
        head += _read(dev, 12 - len(head))
    kind, n = head[0], int(head[1:11])
    body = head[12:12 + n]
    if len(body) < n:
        body += _read(dev, n - len(body))
    if kind == 76:  # b"L"
        raise ValueError("host callback result too large")
    return body.decode()


class HostFunction:
    def __init__(self, name):
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        _check(args)
        _check(kwargs.values())
        reply = json.loads(call(self.__name__, json.dumps({"args": args, "kwargs": kwargs})))
        if not reply.get("ok"):
            error = reply.get("error", "host function failed")
            if error == "KeyboardInterrupt":
                raise KeyboardInterrupt
            raise RuntimeError(error)
        return reply.get("value")

    def __repr__(self):
        return "<host function %s>" % self.__name__


def install(spec_json):
    """Install the `host` module and a builtin per function name; called by the host."""
    spec = json.loads(spec_json)
    _cfg["bytes"] = int(spec["bytes"])
    _cfg["depth"] = int(spec["depth"])
    _cfg["result"] = int(spec["result"])
    ns = {"call": call}
    for name in spec["names"]:
        fn = HostFunction(name)
        ns[name] = fn
        setattr(builtins, name, fn)
    sys.modules["host"] = sys.modules["_mpk_boot"].Namespace("host", ns)
    return "ok"
