# Guest library: numbers. MicroPython has no __instancecheck__, so each ABC is a tuple of the
# concrete types that CPython registers (isinstance(x, numbers.Real) works; subclassing them
# does not). Decimal is included when the decimal module has been imported.
import sys as _sys


def _extra(name, attr):
    module = _sys.modules.get(name)
    return (getattr(module, attr),) if module is not None and hasattr(module, attr) else ()


from fractions import Fraction as _Fraction  # noqa: E402

Integral = (int, bool)
Rational = Integral + (_Fraction,)
Real = Rational + (float,)
Complex = Real + (complex,)
Number = Complex + _extra("decimal", "Decimal")
