# Guest side, compiled on first use only: the operator methods of built-in values.
# A part of the lazily compiled CPython shims: the host appends this file to pycompat_lazy.py
# (PYCOMPAT_LAZY in boot.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - names are provided by the shims' namespace, not defined here

# @part _mpk_dunder
# `(5).__add__(3)`, `int.__mul__(2, 4)`, `"ab".__len__()`, `[1].__contains__(1)`: MicroPython's
# built-in types have no such attributes. The source pass sends loads of these names to
# `_mpk_ga` (cpython/transform.py, MISSING_ATTRIBUTES), which asks here when the object has no
# real attribute. A number's binary method returns NotImplemented for an operand of another
# kind, as CPython's does (int with int or bool; float with int, bool or float).
_BINARY = {
    "__add__": lambda a, b: a + b, "__sub__": lambda a, b: a - b, "__mul__": lambda a, b: a * b,
    "__truediv__": lambda a, b: a / b, "__floordiv__": lambda a, b: a // b, "__mod__": lambda a, b: a % b,
    "__pow__": lambda a, b: a ** b, "__divmod__": lambda a, b: divmod(a, b),
    "__and__": lambda a, b: a & b, "__or__": lambda a, b: a | b, "__xor__": lambda a, b: a ^ b,
    "__lshift__": lambda a, b: a << b, "__rshift__": lambda a, b: a >> b,
    "__lt__": lambda a, b: a < b, "__le__": lambda a, b: a <= b, "__gt__": lambda a, b: a > b,
    "__ge__": lambda a, b: a >= b, "__eq__": lambda a, b: a == b, "__ne__": lambda a, b: a != b,
}
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "divmod", "and", "or", "xor",
              "lshift", "rshift"):
    _BINARY["__r%s__" % _name] = (lambda op: lambda a, b: op(b, a))(_BINARY["__%s__" % _name])
_UNARY = {
    "__neg__": lambda a: -a, "__pos__": lambda a: +a, "__abs__": abs, "__invert__": lambda a: ~a,
    "__bool__": bool, "__int__": int, "__float__": float, "__hash__": hash, "__str__": str,
    "__repr__": repr, "__len__": len, "__iter__": iter, "__index__": int,
}
_OTHER = {
    "__contains__": lambda a, b: b in a, "__getitem__": lambda a, k: a[k], "__round__": round,
    "__format__": lambda a, spec: get("format")(a, spec),
}
_NUMBERS = {int: (int, bool), bool: (int, bool), float: (int, bool, float), complex: (int, bool, float, complex)}
_BUILTIN = (int, bool, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, range)
_NUMERIC_ONLY = ("__neg__", "__pos__", "__abs__", "__invert__", "__int__", "__float__", "__index__", "__round__")
_CONTAINER_ONLY = ("__len__", "__contains__", "__getitem__", "__iter__")
_COMPARE = ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__")


def _method(kind, name):
    # The function behind `kind.name` (self first), or None when CPython's type has no such method.
    numeric = kind in _NUMBERS
    if numeric and name in _CONTAINER_ONLY or not numeric and name in _NUMERIC_ONLY and kind is not bool:
        return None
    if name in _UNARY:
        return _UNARY[name]
    op = _BINARY.get(name)
    if op is not None:
        if numeric:
            accepted = _NUMBERS[kind]
            return lambda a, b: op(a, b) if type(b) in accepted else NotImplemented
        if name in _COMPARE:  # "a".__eq__(1): NotImplemented, as CPython's
            return lambda a, b: op(a, b) if isinstance(b, kind) else NotImplemented
        return op
    return _OTHER.get(name)


def _mpk_dunder(obj, name):
    if type(obj) is type and obj in _BUILTIN:
        func = _method(obj, name)
        if func is not None:
            return func  # int.__add__(2, 3): the unbound method
    elif type(obj) in _BUILTIN:
        func = _method(type(obj), name)
        if func is not None:
            return lambda *args: func(obj, *args)
    return getattr(obj, name)  # raises AttributeError with CPython's words
