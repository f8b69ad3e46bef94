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

_WORDED = (TypeError, ValueError, NameError, ZeroDivisionError, ImportError, IndexError, AttributeError)


def _key_str(self):
    return repr(self.args[0]) if len(self.args) == 1 else _builtins.KeyError.__str__(self)


_KeyError = type("KeyError", (_builtins.KeyError,), {"__str__": _key_str})


def _mpk_exc(e):
    kind = type(e)
    args = e.args
    if kind is _builtins.KeyError:
        return _KeyError(*args) if len(args) == 1 else e
    if kind not in _WORDED or len(args) != 1 or type(args[0]) is not str or len(args[0]) > 4096:
        return e
    import io

    import _mpk_channel

    buf = io.StringIO()
    sys.print_exception(e, buf)
    file = line = None
    for text in buf.getvalue().split("\n"):
        text = text.strip()
        if text.startswith('File "') and '", line ' in text:  # the innermost frame comes last
            file, _, rest = text[6:].partition('", line ')
            line = rest.split(",")[0]
    if line is None or not line.isdigit():
        return e
    reply = _mpk_channel.request({"type": "message", "ename": kind.__name__, "evalue": args[0],
                                  "file": file, "line": int(line)})
    text = reply.get("evalue") if type(reply) is dict else None
    if type(text) is not str or text == args[0]:
        return e
    return kind(text)
