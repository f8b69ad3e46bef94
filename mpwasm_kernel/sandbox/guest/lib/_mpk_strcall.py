# Guest library: str method calls this build runs otherwise, sent here by the source pass
# (cpython/transform) as `_mpk_strcall.call(x, 'split', ...)`:
#
# * `x.split(sep=..., maxsplit=...)` / `x.rsplit(...)` with keyword arguments: MicroPython's
#   split takes positional arguments only (a call without keywords stays native);
# * `x.replace('', new[, count])`: MicroPython inserts `new` between the bytes of a multi-byte
#   character (invalid text); CPython inserts it between characters.
#
# A bytes' split gets its arguments by position; anything else but a str (or a str subclass
# keeping str's method) gets its own method, called with the arguments as written.
import builtins as _b

_str = _b.str


def _split(s, sep=None, maxsplit=-1):
    return s.split(sep, maxsplit)


def _rsplit(s, sep=None, maxsplit=-1):
    # the guest's shim (pycompat_str.py): MicroPython's rsplit has no whitespace split with a limit
    return _mpk_ga(s, "rsplit", ..., sep, maxsplit)  # noqa: F821 - a builtin of the guest


def _replace(s, old, new, count=-1):
    if old or type(new) is not _str or type(count) is not int:
        return s.replace(old, new, count)  # the native method (its errors)
    if count < 0 or count > len(s):
        count = len(s) + 1
    # `new` in front of each of the first `count` characters, and at the end when there are
    # more insertions than characters
    head = "".join([new + c for c in s[:count]])
    return head + (new if count > len(s) else s[count:])


_CALLS = {"split": _split, "rsplit": _rsplit, "replace": _replace}


def call(obj, name, *args, **kwargs):
    """`obj.<name>(*args, **kwargs)` as CPython's str runs it when `obj` is a str."""
    if obj is _str:  # str.split(s, sep=",")
        return _CALLS[name](*args, **kwargs)
    kind = obj.__class__
    if kind is _str or isinstance(obj, _str) and not _defines(kind, name):
        return _CALLS[name](obj, *args, **kwargs)
    if kind is bytes and name != "replace":
        return _bytes_split(obj, name, *args, **kwargs)
    return getattr(obj, name)(*args, **kwargs)


def _defines(kind, name):
    # does a class of the str subclass `kind` (along first bases, up to the built-in str) define `name`?
    while kind is not _str and kind is not object:
        if name in kind.__dict__:
            return True
        kind = kind.__bases__[0] if kind.__bases__ else object
    return False


def _bytes_split(b, name, sep=None, maxsplit=-1):
    # (this build's bytes.rsplit has no whitespace split with a limit: NotImplementedError)
    return getattr(b, name)(sep, maxsplit)
