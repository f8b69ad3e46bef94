# Guest library: abc. MicroPython has no metaclasses: `class A(ABC)` and
# `class A(metaclass=ABCMeta)` are handled by a class-statement hook that records abstract
# methods, and instantiating a class that still has some raises TypeError as in CPython.
import _mpk_lib as _lib

_abstract = set()


def abstractmethod(funcobj):
    _abstract.add(id(funcobj))
    return funcobj


def _is_abstract(value):
    if isinstance(value, property):
        return any(id(f) in _abstract for f in (value.fget,) if f is not None) if hasattr(value, "fget") else False
    return id(value) in _abstract


def abstractproperty(func):
    _abstract.add(id(func))
    return property(func)


abstractclassmethod = classmethod
abstractstaticmethod = staticmethod


def _check_new(cls, *args, **kwargs):
    names = getattr(cls, "__abstractmethods__", ())
    if names:
        names = sorted(names)
        raise TypeError("Can't instantiate abstract class %s with abstract method%s %s" % (
            cls.__name__, "s" if len(names) > 1 else "", ", ".join(names)))
    return object.__new__(cls)


def _abstract_names(cls):
    names = set()
    lineage = _lib._lineage(cls)
    for klass in lineage:
        try:
            space = klass.__dict__
        except AttributeError:
            continue
        for name in space:
            if _is_abstract(space[name]):
                names.add(name)
    result = set()
    for name in names:
        for klass in lineage:
            space = getattr(klass, "__dict__", {})
            if name in space:
                if _is_abstract(space[name]):
                    result.add(name)
                break
    return frozenset(result)


def _make_abstract(cls, keywords):
    _lib._class_hooks[cls] = _make_abstract  # subclasses of a metaclass=ABCMeta class come here too
    cls.__abstractmethods__ = _abstract_names(cls)
    if "__new__" not in cls.__dict__ and not _has_native_base(cls):
        cls.__new__ = _check_new
    return cls


def _has_native_base(cls):
    for klass in _lib._lineage(cls):
        if klass in (int, str, float, tuple, list, dict, set, bytes, Exception):
            return True
    return False


class ABCMeta:
    def register(cls, subclass):
        return subclass


class ABC:
    __abstractmethods__ = frozenset()

    @classmethod
    def register(cls, subclass):
        return subclass


_lib.on_subclass(ABC, _make_abstract)
_lib.on_metaclass(ABCMeta, _make_abstract)


def get_cache_token():
    return 0


def update_abstractmethods(cls):
    cls.__abstractmethods__ = _abstract_names(cls)
    return cls
