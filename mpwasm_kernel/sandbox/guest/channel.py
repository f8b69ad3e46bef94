# Guest side: the guest -> host message channel.
#
# Messages are JSON objects, one per line, written to the device file /dev/mpk that the host
# serves. `request()` writes a message and reads the host's one-line JSON reply.
import json

_DEVICE = "/dev/mpk"
_device = None


def _open():
    global _device
    if _device is None:
        _device = open(_DEVICE, "r+b")
    return _device


def send(msg):
    """Write one message (a JSON-serialisable dict) to the host."""
    data = (json.dumps(msg) + "\n").encode()
    dev = _open()
    view = memoryview(data)
    while view:
        n = dev.write(view)
        if not n:
            raise OSError("host channel closed")
        view = view[n:]


def request(msg):
    """Send `msg` and return the host's reply (a dict)."""
    send(msg)
    line = _open().readline()
    if not line:
        raise EOFError("no reply from host")
    return json.loads(line)


def source(name):
    """The text of the guest runtime file `name` (e.g. "display"), served by the host.

    The host replies with a JSON line `{"size": n}` followed by n bytes of UTF-8 source, read
    with `read(n)` (readline would cost one host call per byte). Local names reuse identifiers
    that already exist, so this adds no run-time qstrs (see docs/speed.md).
    """
    reply = request({"type": "source", "name": name})
    size = reply.get("size")
    if not isinstance(size, int):
        raise ImportError("the host has no guest module %r" % name)
    data = b""
    while len(data) < size:
        view = _open().read(size - len(data))
        if not view:
            raise EOFError("guest module %r cut short" % name)
        data += view
    return data.decode()


def reset():
    """Forget the open device (the host has dropped its file descriptors)."""
    global _device
    _device = None
