# Guest library: fractions.Fraction with CPython's API, arithmetic, reprs and rounding.
import math as _math

_HASH_MODULUS = (1 << 61) - 1
_HASH_INF = 314159


def _gcd(a, b):
    a = abs(a)
    b = abs(b)
    while b:
        a, b = b, a % b
    return a


def _float_ratio(x):
    if x != x:
        raise ValueError("cannot convert NaN to integer ratio")
    if x in (_math.inf, -_math.inf):
        raise OverflowError("cannot convert Infinity to integer ratio")
    if x == 0:
        return 0, 1
    m, e = _math.frexp(x)
    num = int(m * 9007199254740992.0)
    e -= 53
    if e >= 0:
        return num << e, 1
    den = 1 << -e
    g = _gcd(num, den)
    return num // g, den // g


def _bits(n):
    return len(bin(n)) - 2 if n > 0 else (0 if n == 0 else len(bin(n)) - 3)


def _int_to_float(n):
    """float(n) correctly rounded (half to even) for any int."""
    if -9007199254740992 <= n <= 9007199254740992:
        return float(n)
    sign = -1.0 if n < 0 else 1.0
    n = abs(n)
    shift = _bits(n) - 53
    q = n >> shift
    r = n - (q << shift)
    half = 1 << (shift - 1)
    if r > half or (r == half and q & 1):
        q += 1
    return sign * _math.ldexp(float(q), shift)


def _ratio_to_float(n, d):
    """n / d correctly rounded, as CPython's int true division."""
    if d < 0:
        n, d = -n, -d
    if n == 0:
        return 0.0
    sign = -1.0 if n < 0 else 1.0
    n = abs(n)
    if n <= 9007199254740992 and d <= 9007199254740992:
        return sign * (n / d)
    shift = _bits(n) - _bits(d) - 55
    if shift >= 0:
        q, r = divmod(n, d << shift)
    else:
        q, r = divmod(n << -shift, d)
    if r:
        q |= 1
    return sign * _math.ldexp(_int_to_float(q), shift)


def _parse(text):
    s = text.strip().replace("_", "")
    if not s:
        raise ValueError("Invalid literal for Fraction: %r" % text)
    if "/" in s:
        num, _, den = s.partition("/")
        num = num.strip()
        den = den.strip()
        if not _is_int_text(num) or not den.isdigit():
            raise ValueError("Invalid literal for Fraction: %r" % text)
        return int(num), int(den)
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    exp = 0
    lower = s.lower()
    if "e" in lower:
        mant, _, e = lower.partition("e")
        if not _is_int_text(e):
            raise ValueError("Invalid literal for Fraction: %r" % text)
        exp = int(e)
        s = mant
    if "." in s:
        whole, _, frac = s.partition(".")
    else:
        whole, frac = s, ""
    if not (whole or frac) or (whole and not whole.isdigit()) or (frac and not frac.isdigit()):
        raise ValueError("Invalid literal for Fraction: %r" % text)
    num = int(whole + frac) if (whole + frac) else 0
    den = 10 ** len(frac)
    if exp >= 0:
        num *= 10 ** exp
    else:
        den *= 10 ** -exp
    return sign * num, den


def _is_int_text(s):
    if s[:1] in "+-":
        s = s[1:]
    return s.isdigit()


class Fraction:
    def __init__(self, numerator=0, denominator=None, *, _normalize=True):
        if denominator is None:
            if isinstance(numerator, int):
                num, den = int(numerator), 1
            elif isinstance(numerator, Fraction):
                num, den = numerator._numerator, numerator._denominator
            elif isinstance(numerator, float):
                num, den = _float_ratio(numerator)
            elif isinstance(numerator, str):
                num, den = _parse(numerator)
            elif hasattr(numerator, "as_integer_ratio"):
                num, den = numerator.as_integer_ratio()
            else:
                raise TypeError("argument should be a string or a Rational instance")
        else:
            if isinstance(numerator, int) and isinstance(denominator, int):
                num, den = int(numerator), int(denominator)
            elif isinstance(numerator, (int, Fraction)) and isinstance(denominator, (int, Fraction)):
                a = Fraction(numerator)
                b = Fraction(denominator)
                num, den = a._numerator * b._denominator, a._denominator * b._numerator
            else:
                raise TypeError("both arguments should be Rational instances")
        if den == 0:
            raise ZeroDivisionError("Fraction(%s, 0)" % num)
        if _normalize:
            g = _gcd(num, den)
            if den < 0:
                g = -g
            num //= g
            den //= g
        self._numerator = num
        self._denominator = den

    @classmethod
    def from_float(cls, f):
        if isinstance(f, int):
            return cls(f)
        if not isinstance(f, float):
            raise TypeError("%s.from_float() only takes floats, not %r (%s)" % (cls.__name__, f, type(f).__name__))
        return cls(*_float_ratio(f))

    @classmethod
    def from_decimal(cls, dec):
        return cls(str(dec))

    @property
    def numerator(self):
        return self._numerator

    @property
    def denominator(self):
        return self._denominator

    def as_integer_ratio(self):
        return self._numerator, self._denominator

    def is_integer(self):
        return self._denominator == 1

    def limit_denominator(self, max_denominator=1000000):
        if max_denominator < 1:
            raise ValueError("max_denominator should be at least 1")
        if self._denominator <= max_denominator:
            return Fraction(self)
        p0, q0, p1, q1 = 0, 1, 1, 0
        n, d = self._numerator, self._denominator
        while True:
            a = n // d
            q2 = q0 + a * q1
            if q2 > max_denominator:
                break
            p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
            n, d = d, n - a * d
        k = (max_denominator - q0) // q1
        if 2 * d * (q0 + k * q1) <= self._denominator:
            return Fraction(p1, q1)
        return Fraction(p0 + k * p1, q0 + k * q1)

    def __repr__(self):
        return "Fraction(%s, %s)" % (self._numerator, self._denominator)

    def __str__(self):
        if self._denominator == 1:
            return str(self._numerator)
        return "%s/%s" % (self._numerator, self._denominator)

    def __format__(self, spec):
        if not spec:
            return str(self)
        return format(float(self), spec)

    # arithmetic
    def _coerce(self, other):
        if isinstance(other, Fraction):
            return other
        if isinstance(other, int):
            return Fraction(other)
        return None

    def _operate(self, other, fraction_op, float_op):
        o = self._coerce(other)
        if o is not None:
            return fraction_op(self, o)
        if isinstance(other, float):
            return float_op(float(self), other)
        if isinstance(other, complex):
            return float_op(complex(float(self)), other)
        return NotImplemented

    def _roperate(self, other, fraction_op, float_op):
        o = self._coerce(other)
        if o is not None:
            return fraction_op(o, self)
        if isinstance(other, float):
            return float_op(other, float(self))
        if isinstance(other, complex):
            return float_op(other, complex(float(self)))
        return NotImplemented

    def __add__(self, other):
        return self._operate(other, _add, _fadd)

    def __radd__(self, other):
        return self._roperate(other, _add, _fadd)

    def __sub__(self, other):
        return self._operate(other, _sub, _fsub)

    def __rsub__(self, other):
        return self._roperate(other, _sub, _fsub)

    def __mul__(self, other):
        return self._operate(other, _mul, _fmul)

    def __rmul__(self, other):
        return self._roperate(other, _mul, _fmul)

    def __truediv__(self, other):
        return self._operate(other, _div, _fdiv)

    def __rtruediv__(self, other):
        return self._roperate(other, _div, _fdiv)

    def __floordiv__(self, other):
        return self._operate(other, lambda a, b: (a._numerator * b._denominator) // (a._denominator * b._numerator),
                             lambda a, b: a // b)

    def __rfloordiv__(self, other):
        return self._roperate(other, lambda a, b: (a._numerator * b._denominator) // (a._denominator * b._numerator),
                              lambda a, b: a // b)

    def __mod__(self, other):
        return self._operate(other, _mod, lambda a, b: a % b)

    def __rmod__(self, other):
        return self._roperate(other, _mod, lambda a, b: a % b)

    def __divmod__(self, other):
        return (self // other, self % other)

    def __pow__(self, other):
        if isinstance(other, int) or (isinstance(other, Fraction) and other._denominator == 1):
            power = int(other) if isinstance(other, int) else other._numerator
            if power >= 0:
                return Fraction(self._numerator ** power, self._denominator ** power, _normalize=False)
            if self._numerator == 0:
                raise ZeroDivisionError("Fraction(%s, 0)" % (self._denominator ** -power))
            num, den = self._denominator ** -power, self._numerator ** -power
            if den < 0:
                num, den = -num, -den
            return Fraction(num, den, _normalize=False)
        return float(self) ** (float(other) if isinstance(other, Fraction) else other)

    def __rpow__(self, other):
        if self._denominator == 1 and self._numerator >= 0:
            return other ** self._numerator
        return other ** float(self)

    def __pos__(self):
        return Fraction(self._numerator, self._denominator, _normalize=False)

    def __neg__(self):
        return Fraction(-self._numerator, self._denominator, _normalize=False)

    def __abs__(self):
        return Fraction(abs(self._numerator), self._denominator, _normalize=False)

    def __int__(self):
        if self._numerator < 0:
            return -(-self._numerator // self._denominator)
        return self._numerator // self._denominator

    __trunc__ = __int__

    def __floor__(self):
        return self._numerator // self._denominator

    def __ceil__(self):
        return -(-self._numerator // self._denominator)

    def __round__(self, ndigits=None):
        if ndigits is None:
            floor, remainder = divmod(self._numerator, self._denominator)
            if remainder * 2 < self._denominator:
                return floor
            if remainder * 2 > self._denominator:
                return floor + 1
            return floor if floor % 2 == 0 else floor + 1
        shift = 10 ** abs(ndigits)
        if ndigits > 0:
            return Fraction((self * shift).__round__(), shift)
        return Fraction((self / shift).__round__() * shift)

    def __float__(self):
        return _ratio_to_float(self._numerator, self._denominator)

    def __bool__(self):
        return self._numerator != 0

    def __hash__(self):
        dinv = pow(self._denominator, _HASH_MODULUS - 2, _HASH_MODULUS)
        if not dinv:
            result = _HASH_INF
        else:
            result = abs(self._numerator) * dinv % _HASH_MODULUS
        result = result if self._numerator >= 0 else -result
        return -2 if result == -1 else result

    def _cmp_value(self, other):
        if isinstance(other, float):
            if other != other or other in (_math.inf, -_math.inf):
                return None
            return Fraction(other)
        return self._coerce(other)

    def __eq__(self, other):
        if isinstance(other, float) and (other != other or other in (_math.inf, -_math.inf)):
            return False
        o = self._cmp_value(other)
        if o is None:
            return NotImplemented
        return self._numerator == o._numerator and self._denominator == o._denominator

    def _compare(self, other, op):
        if isinstance(other, float) and (other != other or other in (_math.inf, -_math.inf)):
            return op(0.0, other)
        o = self._cmp_value(other)
        if o is None:
            return NotImplemented
        return op(self._numerator * o._denominator, o._numerator * self._denominator)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _add(a, b):
    return Fraction(a._numerator * b._denominator + b._numerator * a._denominator, a._denominator * b._denominator)


def _sub(a, b):
    return Fraction(a._numerator * b._denominator - b._numerator * a._denominator, a._denominator * b._denominator)


def _mul(a, b):
    return Fraction(a._numerator * b._numerator, a._denominator * b._denominator)


def _div(a, b):
    if b._numerator == 0:
        raise ZeroDivisionError("Fraction(%s, 0)" % (a._numerator * b._denominator))
    return Fraction(a._numerator * b._denominator, a._denominator * b._numerator)


def _mod(a, b):
    da, db = a._denominator, b._denominator
    return Fraction((a._numerator * db) % (b._numerator * da), da * db)


def _fadd(a, b):
    return a + b


def _fsub(a, b):
    return a - b


def _fmul(a, b):
    return a * b


def _fdiv(a, b):
    return a / b
