# Guest library: `dir(x)` as CPython lists it, and `vars(x)` (the source pass sends one-argument calls here,
# cpython/transform.py). MicroPython lists what its objects hold: a library module's private
# helpers (`_lib`, `_sqrt`) and `__class__`/`__dict__`, and only the methods MicroPython's str or
# list has. For a standard module or a built-in type the host gives CPython's names
# (cpython/docs.py, `dir_reply`): the module's dunders, its other names that exist here, and every
# public name it has here; a built-in type or value shows CPython's list for its type (the
# compatibility shims answer most of those names). Anything else: the sorted names.
import builtins

import _mpk_channel

_cache = {}


def dir(obj=None):
    names = sorted(builtins.dir(obj))
    kind = type(obj)
    if kind is type(builtins):
        module = getattr(obj, "__name__", "")
        cpython = _ask("module", module)
        if cpython is None:
            return names
        here = set(names)
        shown = [n for n in cpython if (n[:2] == "__" and n[-2:] == "__") or n in here]
        shown += [n for n in names if n[:1] != "_" and n not in cpython]
        return sorted(shown)
    name = obj.__name__ if kind is type and obj in _TYPES else kind.__name__ if kind in _TYPES else None
    if name is not None:
        cpython = _ask("type", name)
        if cpython is not None:
            return cpython
    elif kind.__name__ in _FILES and hasattr(obj, "read") and hasattr(obj, "write"):
        cpython = _ask("file", kind.__name__)  # a text file or an in-memory stream: CPython's names
        if cpython is not None:
            return cpython
    elif _plain(obj if kind is type else kind):
        cpython = _ask("class", "object")  # what every class without __slots__ has in CPython
        if cpython is not None:
            hidden = _CLASS_ONLY if kind is type else ("__qualname__",)
            return sorted(set([n for n in names if n not in hidden] + cpython))
    return names


# MicroPython's dir() of a class lists these type attributes; CPython's lists none of them.
_CLASS_ONLY = ("__bases__", "__name__", "__qualname__")


def _plain(cls, depth=0):
    """Is `cls` a class defined in Python without `__slots__` whose bases are too (or `object`)?
    CPython's dir() of it, or of its instances, adds object's attributes and `__dict__`,
    `__doc__`, `__module__`, `__weakref__` to the names MicroPython lists."""
    if type(cls) is not type or depth > 50 or getattr(cls, "__module__", None) is None or \
            hasattr(cls, "__slots__"):
        return False
    for base in cls.__bases__:
        if base is not object and not _plain(base, depth + 1):
            return False
    return True


# Text files (MicroPython's, and the guest's reading wrapper) and in-memory streams: their dir()
# is CPython's io.TextIOWrapper's (with the instance's `mode`), io.StringIO's, io.BytesIO's.
_FILES = ("TextIOWrapper", "StringIO", "BytesIO")


_TYPES = (str, bytes, list, dict, tuple, set, int, float, bool, complex)


def _ask(kind, name):
    key = (kind, name)
    if key not in _cache:
        reply = _mpk_channel.request({"type": "dir", "kind": kind, "name": name})
        names = reply.get("names") if type(reply) is dict else None
        _cache[key] = list(names) if type(names) is list else None
    found = _cache[key]
    return list(found) if found is not None else None


def vars(obj):
    # `vars(x)` (MicroPython has no vars builtin; the source pass sends one-argument calls here)
    try:
        if hasattr(type(obj), "__slots__"):  # no __dict__ when every class declares __slots__
            return __import__("_mpk_slots").instance_dict(obj)
        return obj.__dict__
    except AttributeError:
        raise TypeError("vars() argument must have __dict__ attribute") from None
