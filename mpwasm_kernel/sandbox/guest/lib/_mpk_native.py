# Guest library: the bases the source pass gives a cell's `class X(list)` (also dict, set, tuple,
# str, frozenset; cpython/transform), and what it reads for `tuple.__new__` / `list.__init__`.
#
# CPython builds the built-in part of such an instance in `__new__`, before `__init__` runs:
# an `__init__` that uses `self` first (`self.append(x)`, `len(self)`, `self["n"] = 0`) sees an
# empty list/dict, and a `__new__` builds a tuple or str with `super().__new__(cls, value)`.
# MicroPython builds it only when `__init__` calls `super().__init__(...)` or after it returns,
# and has no `tuple.__new__`. These classes, named and shown as the built-in type, build it in
# `__new__` as CPython does: `object.__new__(cls)` makes the instance with the part unbuilt and
# `super(base, self).__init__(...)` (MicroPython's native-base initialiser) builds it. Their
# `__init__` is the built-in type's in CPython's terms: list's and set's replace the content,
# dict's updates it, the immutable types' ignore their arguments (`__new__` used them).
import builtins as _b

from _mpk_mro import mro as _mro  # CPython's C3 order (MicroPython classes have no __mro__)

_MUTABLE = (_b.list, _b.dict, _b.set)
_object_new = _b.object.__new__
_NATIVE = (_b.list, _b.dict, _b.set, _b.tuple, _b.str, _b.frozenset)
_direct = {}  # class -> its class whose base is the native type (for a class not based on these)


def _builder(kind, native):
    """The class of `kind`'s hierarchy one of whose direct bases is a native type (or one of the
    classes below): `super(that, self).__init__(...)` reaches MicroPython's native initialiser."""
    found = _direct.get(kind)
    if found is None:
        stack = [kind]
        while stack:
            cls = stack.pop()
            bases = cls.__bases__
            if any(b in _NATIVE or b in _SHIMS for b in bases):
                found = cls
                break
            stack.extend(reversed(bases))
        if found is None:
            raise TypeError("%s.__new__(%s): %s is not a subtype of %s" % (
                native.__name__, kind.__name__, kind.__name__, native.__name__))
        _direct[kind] = found
    return found


_plan = {}  # class -> the class `super(that, self).__init__` builds through (first instance)


def _new(shim, native):
    mutable = native in _MUTABLE

    def __new__(cls, *args, **kwargs):
        base = _plan.get(cls)
        if base is None:
            if not isinstance(cls, type):
                raise TypeError("%s.__new__(X): X is not a type object (%s)" % (native.__name__, type(cls).__name__))
            if cls is native:  # tuple.__new__(tuple, ...)
                return native(*args, **kwargs)
            base = _plan[cls] = shim if issubclass(cls, shim) else _builder(cls, native)
        self = _object_new(cls)
        if mutable:  # CPython's list/dict/set __new__ ignores the arguments: __init__ fills it
            super(base, self).__init__()
        else:
            super(base, self).__init__(*args, **kwargs)
        return self

    return staticmethod(__new__)


_EMPTY = ()


def _list_init(self, iterable=_EMPTY, *more, **kwargs):
    if more or kwargs:
        raise TypeError("list expected at most 1 argument, got %d" % (1 + len(more) + len(kwargs)))
    if iterable is _EMPTY and not self:
        return
    items = _b.list(iterable)
    self.clear()
    self.extend(items)


def _set_init(self, iterable=_EMPTY, *more, **kwargs):
    if more or kwargs:
        raise TypeError("set expected at most 1 argument, got %d" % (1 + len(more) + len(kwargs)))
    if iterable is _EMPTY and not self:
        return
    items = _b.list(iterable)
    self.clear()
    self.update(items)


def _dict_init(self, *args, **kwargs):
    if len(args) > 1:
        raise TypeError("dict expected at most 1 argument, got %d" % len(args))
    if args:
        source = args[0]
        if hasattr(source, "keys"):  # any mapping, as CPython's dict()
            for key in source.keys():
                self[key] = source[key]
        else:
            self.update(source)
    if kwargs:
        self.update(kwargs)


_after = {}  # class -> the __init__ CPython's order calls after its tuple/str/frozenset (or None)


def _ignore_init(self, *args, **kwargs):
    # tuple, str and frozenset have object's __init__ (their __new__ used the arguments): CPython
    # looks __init__ up past them in the class's order (`class C(tuple, Base)` calls Base's)
    kind = type(self)
    init = _after.get(kind, _after)
    if init is _after:
        init = _after[kind] = _init_after(kind, self)
    if init is not None:
        init(self, *args, **kwargs)


def _init_after(kind, self):
    for shim in (tuple, str, frozenset):
        if isinstance(self, shim):
            break
    else:
        return None
    order = _mro(kind)
    for cls in order[order.index(shim) + 1 if shim in order else len(order):]:
        if cls is _b.object:
            break
        if cls in _NATIVE:  # (no __init__ of their own in CPython's terms)
            continue
        if "__init__" in cls.__dict__:
            return cls.__dict__["__init__"]
    return None


def _concat(native):
    # `"hi " + name`, `[1] + stack`: MicroPython's str/list/tuple `+` takes only its exact type on
    # the right; CPython concatenates a subclass's value (the result is the plain type)
    def __radd__(self, other):
        if type(other) is native:
            return other + native(self)
        return NotImplemented

    return __radd__


def _newargs(native):
    # what copy and pickle pass to __new__ to make a copy: the built-in value (as CPython's types)
    def __getnewargs__(self):
        return (native(self),)

    return __getnewargs__


def _str(self):
    # CPython's list/tuple/dict/set have object's __str__, which calls repr(): a subclass's own
    # __repr__ also serves str() and print() (MicroPython's print would use the built-in part's).
    # The __repr__ is the first in CPython's order (a plain mixin's default_repr, which the source
    # pass adds, is not CPython's: it is passed over); none before the built-in type: its repr.
    for cls in _mro(type(self)):
        if cls in _SHIMS or cls in _NATIVE:
            native = cls.__bases__[0] if cls in _SHIMS else cls
            part = super(_builder(type(self), native), self)
            return repr(part.copy() if native in _MUTABLE else native(iter(self)))
        method = cls.__dict__.get("__repr__")
        if method is not None and getattr(method, "__name__", None) != "default_repr":
            return method(self)
    return repr(self)


class list(_b.list):  # noqa: A001 - the names CPython shows for the bases
    __module__ = "builtins"
    __init__ = _list_init
    __radd__ = _concat(_b.list)
    __str__ = _str


class dict(_b.dict):  # noqa: A001
    __module__ = "builtins"
    __init__ = _dict_init
    __str__ = _str


class set(_b.set):  # noqa: A001
    __module__ = "builtins"
    __init__ = _set_init
    __str__ = _str


class tuple(_b.tuple):  # noqa: A001
    __module__ = "builtins"
    __init__ = _ignore_init
    __str__ = _str
    __radd__ = _concat(_b.tuple)
    __getnewargs__ = _newargs(_b.tuple)


class str(_b.str):  # noqa: A001
    __module__ = "builtins"
    __init__ = _ignore_init
    __radd__ = _concat(_b.str)
    __getnewargs__ = _newargs(_b.str)


class frozenset(_b.frozenset):  # noqa: A001
    __module__ = "builtins"
    __init__ = _ignore_init
    __str__ = _str
    __getnewargs__ = _newargs(_b.frozenset)


_SHIMS = (list, dict, set, tuple, str, frozenset)
for _shim, _native in zip(_SHIMS, _NATIVE):
    _shim.__new__ = _new(_shim, _native)
del _shim, _native
