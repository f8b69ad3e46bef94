# Guest library: `super().__getitem__` and the other special methods of a built-in base (the
# source pass writes `super().__X__` in a method of a class as
# `_mpk_super.sup(__class__, self, '__X__')`, cpython/transform).
#
# MicroPython's list, tuple and str have their operators only as C slots: `super().__getitem__`
# is an AttributeError there, and dict's `__getitem__` never calls `__missing__`. `sup` finds
# what CPython's `super(Class, self).__X__` finds: the first class after `Class` in the
# instance's order that defines it in Python, else the built-in base's operation, applied to
# the instance's built-in part (read through `super(builder, self)`, whose methods MicroPython
# binds to that part; a write to a list's part replaces its items).
import builtins as _b

from _mpk_mro import _order
from _mpk_native import _NATIVE, _SHIMS, _builder

_MISS = object()


def _value(obj, native):
    # a native copy of obj's built-in part
    part = super(_builder(type(obj), native), obj)
    if native is _b.list or native is _b.dict or native is _b.set:
        return part.copy()
    if native is _b.str:
        return part.strip("")
    return native(iter(obj))


def _replace(obj, native, items):
    part = super(_builder(type(obj), native), obj)
    part.clear()
    if native is _b.list:
        part.extend(items)
    else:
        part.update(items)


def _getitem(v, i):
    return v[i]


def _contains(v, x):
    return x in v


_READ = {
    "__getitem__": _getitem, "__len__": len, "__contains__": _contains, "__iter__": iter, "__repr__": repr,
    "__str__": _b.str, "__hash__": hash, "__reversed__": reversed,
    "__eq__": lambda v, o: v == o, "__ne__": lambda v, o: v != o, "__lt__": lambda v, o: v < o,
    "__le__": lambda v, o: v <= o, "__gt__": lambda v, o: v > o, "__ge__": lambda v, o: v >= o,
    "__add__": lambda v, o: v + o, "__mul__": lambda v, n: v * n, "__rmul__": lambda v, n: v * n,
    "__mod__": lambda v, o: v % o,
}


def _setitem(v, i, x):
    try:
        v[i] = x
    except IndexError:
        raise IndexError("list assignment index out of range")


def _delitem(v, i):
    try:
        del v[i]
    except IndexError:
        raise IndexError("list assignment index out of range")


_WRITE = {"__setitem__": _setitem, "__delitem__": _delitem}


def _dict_getitem(obj, part):
    def __getitem__(key):
        value = part.get(key, _MISS)
        if value is _MISS:
            missing = getattr(type(obj), "__missing__", None)
            if missing is not None:
                return missing(obj, key)
            raise KeyError(key)
        return value

    return __getitem__


def _native_op(obj, native, name):
    part = super(_builder(type(obj), native), obj)
    if native is _b.dict and name == "__getitem__":
        return _dict_getitem(obj, part)
    if name == "__iadd__" and native is _b.list:
        def __iadd__(other):
            part.extend(other)
            return obj
        return __iadd__
    read = _READ.get(name)
    if read is not None and (native is not _b.dict or not hasattr(part, name)):
        return lambda *args: read(_value(obj, native), *args)
    write = _WRITE.get(name)
    if write is not None and native is _b.list:
        def change(*args):
            items = _value(obj, native)
            write(items, *args)
            _replace(obj, native, items)
        return change
    return getattr(part, name)


# a built-in type, or the library's class standing for it, -> the built-in type
_NATIVE_OF = {kind: kind for kind in _NATIVE}
_NATIVE_OF.update((shim, shim.__bases__[0]) for shim in _SHIMS)


def sup(cls, obj, name):
    """What `super(cls, obj).<name>` is in CPython, for a special method `name`."""
    order = _order(type(obj))  # cached per class (MicroPython's classes never change their bases)
    prev = cls
    try:
        after = order[order.index(cls) + 1:]
    except ValueError:
        after = ()
    for kind in after:
        native = _NATIVE_OF.get(kind)  # (a dict: `in` a tuple of classes compares each, ~0.75 k fuel)
        if native is not None:
            return _native_op(obj, native, name)
        space = kind.__dict__
        if kind is not _b.object and "__module__" not in space and kind in prev.__bases__:
            # another built-in type (MicroPython's collections.OrderedDict under the library's):
            # its operation, reached through the class right above it (super() from the cell's
            # own class would find the cell's method again)
            try:
                return getattr(super(prev, obj), name)
            except AttributeError:
                break
        method = space.get(name)
        if method is not None:
            if type(method) is staticmethod or type(method) is classmethod:
                break
            return lambda *args, **kwargs: method(obj, *args, **kwargs)
        prev = kind
    else:
        # every class after `cls` is a Python class without `name` (MicroPython's `super()` looks
        # among them too): only MicroPython's object could have it, known per name
        if not _object_has(name):
            return _object_default(obj, name)
    return _object_op(cls, obj, name)


class _Probe:
    pass


_OBJECT_HAS = {}  # name -> does MicroPython's `super()` find it on object (`__repr__`, `__init__`)


def _object_has(name):
    has = _OBJECT_HAS.get(name)
    if has is None:
        try:
            getattr(super(_Probe, _Probe()), name)
            has = True
        except AttributeError:
            has = False
        if len(_OBJECT_HAS) < 64:
            _OBJECT_HAS[name] = has
    return has


def _object_op(cls, obj, name):
    # past every class of the order: MicroPython's `super()` when it has the name, else what
    # CPython's object (or BaseException) defines
    try:
        return getattr(super(cls, obj), name)
    except AttributeError:
        pass
    return _object_default(obj, name)


def _object_default(obj, name):
    if name == "__eq__":
        return lambda other: True if other is obj else NotImplemented
    if name == "__ne__":
        return lambda other: False if other is obj else NotImplemented
    args = obj.args if isinstance(obj, BaseException) else None
    if name == "__str__":
        if args is not None:
            return lambda: "" if not args else _b.str(args[0]) if len(args) == 1 else _b.str(args)
        return lambda: repr(obj)
    if name == "__repr__":
        kind = type(obj)
        if args is not None:
            return lambda: kind.__name__ + ("(%r)" % (args[0],) if len(args) == 1 else repr(args))
        return lambda: "<%s.%s object at 0x%x>" % (kind.__module__, getattr(kind, "__qualname__", kind.__name__),
                                                   id(obj))
    if name == "__hash__":
        return lambda: id(obj) >> 4
    raise AttributeError("'super' object has no attribute '%s'" % name)
