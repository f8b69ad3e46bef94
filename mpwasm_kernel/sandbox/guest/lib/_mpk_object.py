# Guest library: the base the source pass gives a cell's class that names no base (or `object`)
# and defines no `__init__`/`__new__` (cpython/transform.py). MicroPython creates instances of
# such a class from any arguments; CPython raises "Account() takes no arguments". This class is
# named and shown as `object` (`Account.__bases__` prints `(<class 'object'>,)`); its `__repr__`
# is CPython's default, so `str(x)` and f-strings show `<__main__.Account object at 0x...>`.
#
# MicroPython looks methods up depth first: in `class C(A, B)` with A based here and B defining
# `__init__`, this `__init__` is found before B's, where CPython's order (C, A, B, object) finds
# B's. So for a class that is not based here directly, the `__init__` CPython would call is looked
# for first (see _next_init).

import builtins as _builtins


class object:  # noqa: A001 - the name CPython shows for the base
    __module__ = "builtins"

    def __repr__(self):
        # CPython's default text, also for str(x), f"{x}" and "%s" % x (MicroPython's object
        # repr is "<A object at b46f0>"); the display treats it as the default repr
        kind = type(self)
        return "<%s.%s object at 0x%x>" % (kind.__module__, getattr(kind, "__qualname__", kind.__name__), id(self))

    def __init__(self, *args, **kwargs):
        kind = type(self)
        if kind.__bases__ != _BASES:
            init = _next_init(kind)
            if init is not None:
                return init(self, *args, **kwargs)
        if args or kwargs:
            raise TypeError("%s() takes no arguments" % kind.__name__)


_BASES = (object,)


def _next_init(kind):
    # MicroPython's order (depth first): a class before this one that defines __init__ means this
    # __init__ was reached through super() (act as object's); else the first __init__ after it
    # is the one CPython's order calls first.
    seen = []
    stack = [kind]
    passed = False
    while stack:
        cls = stack.pop()
        if cls in seen or cls is _builtins.object:
            continue
        if cls is object:
            passed = True
            continue
        seen.append(cls)
        init = cls.__dict__.get("__init__")
        if init is not None:
            return init if passed else None
        stack.extend(reversed(cls.__bases__))
    return None
