# Guest library: CPython's `__init__` and `__repr__` of `object` for a cell's class that names no
# base (or `object`) and defines no `__init__`/`__new__` (the source pass, cpython/transform.py).
# MicroPython creates instances of such a class from any arguments, where CPython raises
# "Account() takes no arguments", and its default text is "<Account object at b46f0>", where
# CPython's is "<__main__.Account object at 0x...>" also in `str(x)` and f-strings.
#
# The source pass puts `__init__, __repr__ = __import__('_mpk_object').methods(); ` in front of
# the class body's first statement when that is a simple statement (the class keeps `object` as
# its base); otherwise it bases the class on `object` below (shown as `object`).
#
# MicroPython looks methods up depth first: in `class C(A, B)` with A plain and B defining
# `__init__`, A's `__init__` (this one) is found before B's, where CPython's order (C, A, B,
# object) finds B's. So for a class that is not plain itself, the `__init__` CPython would call is
# looked for first (see _next_init).
import builtins as _builtins


def default_repr(self):
    kind = type(self)
    method = cpython_repr(kind)
    if method is not None and id(self) not in _active:
        _active.add(id(self))
        try:
            return method(self)
        finally:
            _active.discard(id(self))
    return "<%s.%s object at 0x%x>" % (kind.__module__, getattr(kind, "__qualname__", kind.__name__), id(self))


def cpython_repr(kind):
    # The __repr__ CPython's order (C3) finds for `kind` when MicroPython's depth-first lookup
    # found this default first: in `class C(A, B)` with A based on a plain class and B defining
    # __repr__, CPython's order (C, A, B, plain, object) finds B's. None: CPython's is the default
    # too. Cached per class; a __repr__ that calls super().__repr__() for the same object gets the
    # default (`_active`), as CPython's object.__repr__.
    found = _reprs.get(kind, _reprs)
    if found is _reprs:
        found = _c3_repr(kind)
        if len(_reprs) > 512:
            _reprs.clear()
        _reprs[kind] = found
    return found


def _c3_repr(kind):
    if not _joins(kind):
        return None  # single inheritance all the way up: both orders agree (the common case)
    for cls in __import__("_mpk_mro").mro(kind):
        if cls is _builtins.object or cls is object or cls is repr_object:
            continue
        if getattr(cls, "__module__", "builtins") == "builtins":
            return None  # a built-in type's own repr: MicroPython's lookup is left alone
        method = cls.__dict__.get("__repr__")
        if method is not None:
            return None if method is default_repr else method
    return None


def _joins(kind):
    # does any class from `kind` up have two or more bases?
    stack = [kind]
    while stack:
        bases = getattr(stack.pop(), "__bases__", ())
        if len(bases) > 1:
            return True
        stack.extend(bases)
    return False


_reprs = {}  # class -> the __repr__ CPython's order finds (None: the default)
_active = set()  # ids of the objects whose repr is being delegated


def default_init(self, *args, **kwargs):
    kind = type(self)
    init = _found.get(kind, _found)
    if init is _found:  # first instance of this class: where its __init__ comes from, kept
        init = _found[kind] = _next_init(kind)
    if init is not None:
        return init(self, *args, **kwargs)
    if args or kwargs:
        raise TypeError("%s() takes no arguments" % kind.__name__)


_found = {}  # class -> the __init__ CPython's order would call instead of object's (or None)


def methods():
    return default_init, default_repr


class object:  # noqa: A001 - the name CPython shows for the base
    __module__ = "builtins"
    __init__ = default_init
    __repr__ = default_repr


def _repr_base():
    class object:  # noqa: A001 - the name CPython shows for the base
        __module__ = "builtins"
        __repr__ = default_repr

    return object


# The base the source pass gives a cell's class that has its own __init__ but no __repr__ or
# __str__: CPython's default text (<__main__.Rocket object at 0x...>) in str() and f-strings too.
repr_object = _repr_base()


def _next_init(kind):
    # MicroPython's order (depth first): a class before the plain one that defines __init__ means
    # default_init was reached through super() (act as object's); else the first __init__ after
    # it is the one CPython's order calls first.
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
        if init is default_init:
            passed = True
        elif init is not None:
            return init if passed else None
        stack.extend(reversed(cls.__bases__))
    return None
