# File operations of the MCP server, run inside the MicroPython sandbox (not on the host).
# The host executes this file with exec() in a private globals dict (never the user's
# namespace), sets ARGS there, and reads RESULT back as a literal. MicroPython built-ins only.
import binascii
import os

_DIR = 0x4000


def _join(base, name):
    return base + name if base.endswith("/") else base + "/" + name


def listdir(path):
    # [(name, "dir" | "file" | "other", size or -1), ...] sorted by name
    out = []
    for entry in os.ilistdir(path):
        name, kind = entry[0], entry[1]
        if kind == _DIR:
            out.append((name, "dir", -1))
        elif kind == 0x8000:
            out.append((name, "file", os.stat(_join(path, name))[6]))
        else:
            out.append((name, "other", -1))
    out.sort()
    return out


def walk(root, skip, limit):
    # [(path, size), ...] of the files under root (not under the `skip` paths), at most `limit`
    out = []
    todo = [root]
    while todo and len(out) < limit:
        here = todo.pop()
        for entry in os.ilistdir(here):
            path = _join(here, entry[0])
            if path in skip:
                continue
            if entry[1] == _DIR:
                todo.append(path)
            elif entry[1] == 0x8000:
                out.append((path, os.stat(path)[6]))
                if len(out) >= limit:
                    break
    out.sort()
    return out


def read(path, limit):
    # (base64 of the first `limit` bytes, total size)
    size = os.stat(path)[6]
    with open(path, "rb") as f:
        data = f.read(limit)
    return (binascii.b2a_base64(data), size)


def _mkdirs(path):
    parts = [p for p in path.split("/")[:-1] if p]
    here = "" if path.startswith("/") else "."
    for part in parts:
        here = here + "/" + part
        try:
            os.mkdir(here)
        except OSError as e:
            if e.args[0] != 17:  # EEXIST
                raise


def write(path, b64, append):
    _mkdirs(path)
    data = binascii.a2b_base64(b64.encode())
    with open(path, "ab" if append else "wb") as f:
        f.write(data)
    return (len(data), os.stat(path)[6])


RESULT = None
_op = ARGS[0]  # noqa: F821 - set by the host
if _op == "list":
    RESULT = listdir(ARGS[1])  # noqa: F821
elif _op == "walk":
    RESULT = walk(ARGS[1], ARGS[2], ARGS[3])  # noqa: F821
elif _op == "read":
    RESULT = read(ARGS[1], ARGS[2])  # noqa: F821
elif _op == "write":
    RESULT = write(ARGS[1], ARGS[2], ARGS[3])  # noqa: F821
