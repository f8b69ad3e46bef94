# Guest library: `__slots__` (the source pass puts `__setattr__ = _mpk_slots.setattr` in front of
# a class body's `__slots__ = ...`, cpython/transform). MicroPython ignores `__slots__` and gives
# every instance a dict; CPython's instances of a class whose whole order declares `__slots__`
# (without "__dict__") accept only those attribute names: "'P' object has no attribute 'z'".
import builtins as _b

from _mpk_native import _mro

_allowed = {}  # class -> the names its instances may set (None: any)


def _names(kind):
    found = _allowed.get(kind, _allowed)
    if found is not _allowed:
        return found
    names = _b.set()
    for cls in _mro(kind):
        if cls is _b.object or getattr(cls, "__module__", "builtins") == "builtins":  # built-in types, stand-ins
            continue
        slots = cls.__dict__.get("__slots__")
        if slots is None:
            names = None  # a class without __slots__ gives its instances a __dict__
            break
        names.update((slots,) if isinstance(slots, str) else slots)
    if names is not None and "__dict__" in names:
        names = None
    _allowed[kind] = names
    return names


def setattr(self, name, value):  # noqa: A001 - installed as __setattr__
    """CPython's object.__setattr__ for an instance of a class with __slots__."""
    names = _names(type(self))
    if names is not None and name not in names:
        kind = type(self)
        if any(name in cls.__dict__ for cls in _mro(kind)):
            raise AttributeError("'%s' object attribute '%s' is read-only" % (kind.__name__, name))
        raise AttributeError("'%s' object has no attribute '%s'" % (kind.__name__, name))
    _b.object.__setattr__(self, name, value)


def instance_dict(obj):
    """`obj.__dict__` (the source pass sends it here when `type(obj)` has `__slots__`): CPython's
    AttributeError when the instance has no `__dict__` (every class in its order declares
    `__slots__` without "__dict__"; MicroPython gives every instance one)."""
    if _names(type(obj)) is not None:
        raise AttributeError("'%s' object has no attribute '__dict__'" % type(obj).__name__)
    return obj.__dict__
