# Guest side, compiled on first use only: CPython's message in a caught built-in exception.
# A part of the lazily compiled CPython shims: the host appends this file to pycompat_lazy.py
# (PYCOMPAT_LAZY in boot.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - names are provided by the shims' namespace, not defined here

# @part _mpk_exc
# The source pass (cpython/transform.py) starts an `except ... as e:` body that reads `e` with
# `e = _mpk_exc(e)`. For a built-in exception with one str argument the host words the message as
# CPython does (cpython/messages.py: the same rules as the traceback, from the source line the
# exception was raised on) and a new exception of the same type carries it; `str(e)`,
# `print(e)` and `e.args` then read CPython's text. A KeyError becomes an instance of a subclass
# whose str() is the key's repr, as CPython's is. Anything else is returned as it is.
import builtins as _builtins
import io as _io

import _mpk_channel
import ujson

_WORDED = (TypeError, ValueError, NameError, ZeroDivisionError, ImportError, IndexError, AttributeError)


def _key_str(self):
    return repr(self.args[0]) if len(self.args) == 1 else _builtins.KeyError.__str__(self)


_KeyError = type("KeyError", (_builtins.KeyError,), {"__str__": _key_str})


# MicroPython's phrases that a rule of cpython/messages.py rewrites: other messages (most are
# CPython's already, "list index out of range") are not sent to the host.
_PHRASES = ("isn't", "doesn't", "unsupported type", "divide by zero", "can't", "invalid syntax for integer",
            "need more than", "empty sequence", "not in sequence", "char not in range", "must be >= 2",
            " takes ", "unexpected keyword", "no module named", "indices must be integers",
            "local variable referenced", "closed file", "format string", "unknown format code",
            "syntax for number")


def _local_wording(kind, text):
    # The rules of cpython/messages.py that need no source line, applied here (a host request
    # costs milliseconds: a loop catching thousands of errors must not pay it); None when the
    # message needs the host's rules.
    if kind is NameError and text.startswith("name '") and text.endswith("' isn't defined"):
        return text[:-15] + "' is not defined"
    if kind is TypeError:
        for tail in ("' object isn't callable", "' object isn't iterable", "' object isn't subscriptable",
                     "' object isn't an iterator"):
            if text.endswith(tail) and text[:1] == "'":
                return text[:len(text) - len(tail)] + tail.replace("isn't", "is not")
        for tail in ("' object doesn't support item assignment",):  # (3.11 keeps "doesn't" for deletion)
            if text.endswith(tail) and text[:1] == "'":
                return text[:len(text) - len(tail)] + tail.replace("doesn't", "does not")
        head, sep, other = text.partition(" indices must be integers, not ")
        if sep and head == "string":  # CPython 3.11 quotes the type for str and says no slices
            return "string indices must be integers, not '" + other + "'"
        if sep and head.isalpha():
            return head + " indices must be integers or slices, not " + other
        return None
    if kind is ValueError:
        if text.startswith("invalid syntax for integer with base "):
            return "invalid literal for int() with base " + text[37:]
        return {"slice step can't be zero": "slice step cannot be zero",
                "char not in range(0x110000)": "chr() arg not in range(0x110000)",
                "int() arg 2 must be >= 2 and <= 36": "int() base must be >= 2 and <= 36, or 0",
                "I/O operation on closed file": "I/O operation on closed file."}.get(text)
    if kind is ImportError and text.startswith("no module named '"):
        return "N" + text[1:]
    return None


def _ask(msg):
    # One request and its reply line, read in a few device reads (the host queues the whole reply
    # before the first read returns; readline would cost a host call per byte)
    _mpk_channel.send(msg)
    dev = _mpk_channel._open()
    data = dev.read(512)  # small reads: a read allocates a buffer of the size asked for
    while data and data[-1] != 10:
        more = dev.read(4096)
        if not more:
            break
        data += more
    return ujson.loads(data)


def _mpk_exc(e):
    kind = type(e)
    args = e.args
    if kind is _builtins.KeyError:
        return _KeyError(*args) if len(args) == 1 else e
    if kind not in _WORDED or len(args) != 1 or type(args[0]) is not str or len(args[0]) > 4096:
        return e
    text = args[0]
    local = _local_wording(kind, text)
    if local is not None:
        return kind(local) if local != text else e
    for phrase in _PHRASES:
        if phrase in text:
            break
    else:
        return e
    buf = _io.StringIO()
    sys.print_exception(e, buf)
    file = line = func = None
    for text in buf.getvalue().split("\n"):
        text = text.strip()
        if text.startswith('File "') and '", line ' in text:  # the innermost frame comes last
            file, _, rest = text[6:].partition('", line ')
            line, _, func = rest.partition(", in ")
    if line is None or not line.isdigit():
        return e
    try:
        reply = _ask({"type": "message", "ename": kind.__name__, "evalue": args[0], "file": file,
                      "line": int(line), "function": func})
    except ValueError:  # not a reply (the device was used by other code): the text stays
        return e
    text = reply.get("evalue") if type(reply) is dict else None
    if type(text) is not str or text == args[0]:
        return e
    return kind(text)


# @part _mpk_doc
# `obj.__doc__` (the source pass sends the loads here) and the guest library's doctest/help: a
# function's docstring, which MicroPython drops, from the host's copy of the cell sources. Only a
# function bound under its own name in the user namespace (or a method in a class bound there)
# is looked up, so the text is that of its `def`; a builtin (`len`, `str`) gives the host CPython's
# documentation of the same name; anything else its own __doc__ or None.
def _mpk_doc(obj, where=False):
    # where=True: (docstring, its 0-based line in the cell or None), for doctest's reports
    if where:
        text = _mpk_doc(obj)
        entry = _lines.get(id(obj))
        return text, entry[1] if entry is not None and entry[0] is obj else None
    try:
        return obj.__doc__
    except AttributeError:
        pass
    import _mpk_channel

    name = getattr(obj, "__name__", None)
    qual = None
    if type(obj).__name__ in ("function", "closure", "generator") and type(name) is str:
        space = sys.modules["_mpk_runtime"].user_namespace()
        qual = name if space.get(name) is obj else None
        for key in () if qual else list(space):
            value = space[key]
            if type(value) is type and value.__dict__.get(name) is obj:
                qual = key + "." + name
                break
    elif type(obj).__name__ == "bound_method" and type(name) is str:
        qual = _method_of(obj, name)  # jyry.say_hi.__doc__: the method of a cell's class
    if qual is not None:
        reply = _mpk_channel.request({"type": "docstring", "name": qual})
    elif type(obj).__name__ == "function" or isinstance(obj, type) and \
            getattr(obj, "__module__", "builtins") == "builtins":
        found = get("builtin_name")(obj)  # len, math.sqrt, str: CPython's documentation of the name
        if found is None:
            return obj.__dict__.get("__doc__") if isinstance(obj, type) else None
        reply = _mpk_channel.request({"type": "docstring", "builtin": found})
    else:
        return obj.__dict__.get("__doc__") if isinstance(obj, type) else None
    text = reply.get("doc") if type(reply) is dict else None
    if qual is not None and type(reply.get("line")) is int:
        if len(_lines) > 256:
            _lines.clear()
        _lines[id(obj)] = (obj, reply["line"])
    return text if type(text) is str else None


def _method_of(method, name):
    # "Class.name" for a method bound to an instance in the user namespace whose class (a cell's)
    # defines `name` first in CPython's order; None when no such instance is found
    for value in list(sys.modules["_mpk_runtime"].user_namespace().values()):
        kind = type(value)
        if getattr(kind, "__module__", None) == "__main__" and hasattr(kind, name) and \
                getattr(value, name, None) == method:
            for cls in __import__("_mpk_mro").mro(kind):
                if name in getattr(cls, "__dict__", {}):
                    return cls.__name__ + "." + name if getattr(cls, "__module__", "") == "__main__" else None
    return None


_lines = {}  # id(function) -> (function, line of its docstring): the last lookups' (bounded)
