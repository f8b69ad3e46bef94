# Guest library: the base the source pass gives a cell's `class X(int)` (cpython/transform.py).
# MicroPython's int does not answer reflected operators for a subclass on the right
# (`7 + v` raises "unsupported types for __radd__: 'int', 'int'") and `float(v)` needs
# `__float__`: this int subclass defines them on the plain value, as CPython's int does. It is
# named and shown as `int` (`X.__bases__` prints `(<class 'int'>,)`); a class's own methods win.

_NUMBERS = (int, float, complex)  # the builtins (the class below takes the module's name `int`)


def _reflected(op):
    def method(self, o):
        if isinstance(o, _NUMBERS):
            return op(o, self >> 0)
        return NotImplemented

    return method


class int(int):  # noqa: A001 - the name CPython shows for the base
    __module__ = "builtins"
    __radd__ = _reflected(lambda a, b: a + b)
    __rsub__ = _reflected(lambda a, b: a - b)
    __rmul__ = _reflected(lambda a, b: a * b)
    __rtruediv__ = _reflected(lambda a, b: a / b)
    __rfloordiv__ = _reflected(lambda a, b: a // b)
    __rmod__ = _reflected(lambda a, b: a % b)
    __rpow__ = _reflected(lambda a, b: a ** b)
    __rlshift__ = _reflected(lambda a, b: a << b)
    __rrshift__ = _reflected(lambda a, b: a >> b)
    __rand__ = _reflected(lambda a, b: a & b)
    __ror__ = _reflected(lambda a, b: a | b)
    __rxor__ = _reflected(lambda a, b: a ^ b)

    def __float__(self):
        return float(self >> 0)
