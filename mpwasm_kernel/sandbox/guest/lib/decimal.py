# Guest library: decimal (the common subset): exact decimal arithmetic with a context
# (precision, rounding, traps), CPython's str/repr, quantize, comparisons, hashing equal to
# int/float/Fraction, from_float, sqrt. Not available: ln/exp/log10 and other transcendental
# functions, signal flags beyond the traps, Emax/Emin clamping.
import _mpk_lib as _lib

ROUND_DOWN = "ROUND_DOWN"
ROUND_HALF_UP = "ROUND_HALF_UP"
ROUND_HALF_EVEN = "ROUND_HALF_EVEN"
ROUND_CEILING = "ROUND_CEILING"
ROUND_FLOOR = "ROUND_FLOOR"
ROUND_UP = "ROUND_UP"
ROUND_HALF_DOWN = "ROUND_HALF_DOWN"
ROUND_05UP = "ROUND_05UP"
MAX_PREC = 999999999999999999
MAX_EMAX = 999999999999999999
MIN_EMIN = -999999999999999999
_HASH_MODULUS = (1 << 61) - 1


class DecimalException(ArithmeticError):
    pass


class InvalidOperation(DecimalException):
    pass


class DivisionByZero(ZeroDivisionError):  # MicroPython: one native base per class
    pass


class Inexact(DecimalException):
    pass


class Rounded(DecimalException):
    pass


class Overflow(Inexact):
    pass


class Underflow(Inexact):
    pass


class Subnormal(DecimalException):
    pass


class Clamped(DecimalException):
    pass


class FloatOperation(DecimalException):
    pass


class DivisionImpossible(InvalidOperation):
    pass


class DivisionUndefined(InvalidOperation):
    pass


class ConversionSyntax(InvalidOperation):
    pass


class Context:
    def __init__(self, prec=None, rounding=None, Emin=None, Emax=None, capitals=None, clamp=None, flags=None,
                 traps=None):
        self.prec = 28 if prec is None else prec
        self.rounding = ROUND_HALF_EVEN if rounding is None else rounding
        self.Emin = -999999 if Emin is None else Emin
        self.Emax = 999999 if Emax is None else Emax
        self.capitals = 1 if capitals is None else capitals
        self.clamp = 0 if clamp is None else clamp
        self.flags = dict((s, 0) for s in _SIGNALS) if flags is None else _signal_dict(flags)
        default_traps = [DivisionByZero, Overflow, InvalidOperation]
        self.traps = _signal_dict(default_traps if traps is None else traps)

    def copy(self):
        return Context(self.prec, self.rounding, self.Emin, self.Emax, self.capitals, self.clamp,
                       dict(self.flags), dict(self.traps))

    __copy__ = copy

    def _raise(self, signal, message):
        self.flags[signal] = 1
        if self.traps.get(signal):
            raise signal(message)

    def create_decimal(self, num="0"):
        return Decimal(num)._fix(self)

    def create_decimal_from_float(self, f):
        return Decimal.from_float(f)._fix(self)

    def clear_flags(self):
        for key in self.flags:
            self.flags[key] = 0

    def clear_traps(self):
        for key in self.traps:
            self.traps[key] = 0

    def Etiny(self):
        return self.Emin - self.prec + 1

    def Etop(self):
        return self.Emax - self.prec + 1

    def __repr__(self):
        flags = [s.__name__ for s in _SIGNALS if self.flags.get(s)]
        traps = [s.__name__ for s in _SIGNALS if self.traps.get(s)]
        return ("Context(prec=%d, rounding=%s, Emin=%d, Emax=%d, capitals=%d, clamp=%d, flags=[%s], traps=[%s])" %
                (self.prec, self.rounding, self.Emin, self.Emax, self.capitals, self.clamp, ", ".join(flags),
                 ", ".join(traps)))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_SIGNALS = [Clamped, DivisionByZero, Inexact, Overflow, Rounded, Underflow, InvalidOperation, Subnormal,
            FloatOperation]


def _signal_dict(value):
    if isinstance(value, dict):
        return dict(value)
    result = dict((s, 0) for s in _SIGNALS)
    for s in value:
        result[s] = 1
    return result


DefaultContext = Context()
BasicContext = Context(prec=9, rounding=ROUND_HALF_UP, traps=[DivisionByZero, Overflow, InvalidOperation,
                                                             Clamped, Underflow])
ExtendedContext = Context(prec=9, rounding=ROUND_HALF_EVEN, traps=[])
_current = [DefaultContext.copy()]


def getcontext():
    return _current[0]


def setcontext(context):
    if context in (DefaultContext, BasicContext, ExtendedContext):
        context = context.copy()
    _current[0] = context


class _LocalContext:
    def __init__(self, ctx):
        self.new_context = ctx
        self.saved = None

    def __enter__(self):
        self.saved = getcontext()
        setcontext(self.new_context)
        return self.new_context

    def __exit__(self, *exc):
        setcontext(self.saved)
        return False


def localcontext(ctx=None, **kwargs):
    ctx = (ctx or getcontext()).copy()
    for key, value in kwargs.items():
        setattr(ctx, key, value)
    return _LocalContext(ctx)


class DecimalTuple(tuple):
    def __init__(self, sign, digits, exponent):
        super().__init__((sign, digits, exponent))

    sign = property(lambda self: self[0])
    digits = property(lambda self: self[1])
    exponent = property(lambda self: self[2])

    def __repr__(self):
        return "DecimalTuple(sign=%r, digits=%r, exponent=%r)" % tuple(self)

    __str__ = __repr__


def _bits(n):
    return len(bin(n)) - 2 if n > 0 else 0


def _parse(text):
    s = text.strip().replace("_", "")
    sign = 0
    if s[:1] in "+-":
        sign = 1 if s[0] == "-" else 0
        s = s[1:]
    low = s.lower()
    if low in ("inf", "infinity"):
        return sign, 0, "F"
    if low in ("nan", "snan") or (low.startswith("nan") and low[3:].isdigit()):
        return sign, 0, "n"
    exp = 0
    if "e" in low:
        mant, _, e = low.partition("e")
        if not e or not (e.lstrip("+-").isdigit()) or e.count("+") + e.count("-") > 1 or \
                (e[0] not in "+-" and not e[0].isdigit()):
            return None
        exp = int(e)
        s = mant
    else:
        s = low
    whole, dot, frac = s.partition(".")
    if not (whole + frac) or not (whole + frac).isdigit():
        return None
    return sign, int(whole + frac), exp - len(frac)


class Decimal:
    def __init__(self, value="0", context=None):
        self._special = None  # None, "F" (infinity), "n" (NaN)
        if isinstance(value, Decimal):
            self._sign, self._int, self._exp, self._special = value._sign, value._int, value._exp, value._special
        elif isinstance(value, bool) or isinstance(value, int):
            value = int(value)
            self._sign = 1 if value < 0 else 0
            self._int = abs(value)
            self._exp = 0
        elif isinstance(value, str):
            parsed = _parse(value)
            if parsed is None:
                (context or getcontext())._raise(InvalidOperation, "[<class 'decimal.ConversionSyntax'>]")
                parsed = (0, 0, "n")
            self._sign, self._int, exp = parsed
            if exp in ("F", "n"):
                self._special = exp
                self._exp = 0
            else:
                self._exp = exp
        elif isinstance(value, float):
            d = Decimal.from_float(value)
            self._sign, self._int, self._exp, self._special = d._sign, d._int, d._exp, d._special
        elif isinstance(value, (tuple, list)) or isinstance(value, DecimalTuple):
            sign, digits, exp = value
            self._sign = sign
            self._int = int("".join(str(d) for d in digits) or "0")
            if exp == "F" or exp == "n" or exp == "N":
                self._special = "F" if exp == "F" else "n"
                self._exp = 0
            else:
                self._exp = exp
        else:
            raise TypeError("conversion from %s to Decimal is not supported" % type(value).__name__)

    @classmethod
    def from_float(cls, f):
        if isinstance(f, int):
            return cls(f)
        if f != f:
            return cls("NaN")
        if f in (float("inf"), float("-inf")):
            return cls("-Infinity" if f < 0 else "Infinity")
        sign = 1 if (f < 0 or (f == 0 and str(f).startswith("-"))) else 0
        from fractions import _float_ratio

        num, den = _float_ratio(abs(f))
        k = _bits(den) - 1  # den is a power of two
        coeff = num * 5 ** k
        d = cls((sign, tuple(int(c) for c in str(coeff)), -k))
        return d

    @classmethod
    def from_number(cls, number):
        return cls(number)

    # --- representation ---
    def _digits(self):
        return str(self._int)

    def __str__(self):
        return self._to_string(True)

    def to_eng_string(self, context=None):
        return self._to_string(True, eng=True)

    def _to_string(self, sci, eng=False):
        sign = "-" if self._sign else ""
        if self._special == "F":
            return sign + "Infinity"
        if self._special == "n":
            return sign + "NaN"
        digits = self._digits()
        exp = self._exp
        leftdigits = exp + len(digits)
        if exp <= 0 and leftdigits > -6:
            dotplace = leftdigits
        elif not eng:
            dotplace = 1
        elif self._int == 0:
            dotplace = (leftdigits + 1) % 3 - 1
        else:
            dotplace = (leftdigits - 1) % 3 + 1
        if dotplace <= 0:
            intpart = "0"
            fracpart = "." + "0" * (-dotplace) + digits
        elif dotplace >= len(digits):
            intpart = digits + "0" * (dotplace - len(digits))
            fracpart = ""
        else:
            intpart = digits[:dotplace]
            fracpart = "." + digits[dotplace:]
        if leftdigits == dotplace:
            expstr = ""
        else:
            e = leftdigits - dotplace
            expstr = "E%+d" % e
        return sign + intpart + fracpart + expstr

    def __repr__(self):
        return "Decimal('%s')" % self

    def __format__(self, spec):
        if not spec:
            return str(self)
        kind = spec[-1] if spec[-1] in "eEfFgG%" else ""
        body = spec[:-1] if kind else spec
        comma = "," in body
        body = body.replace(",", "")
        precision = None
        if "." in body:
            body, _, p = body.partition(".")
            precision = int(p)
        value = self
        if kind == "%":
            value = self * 100
        if kind in ("f", "F", "%"):
            places = 6 if precision is None else precision
            q = value.quantize(Decimal((0, (1,), -places)), rounding=getcontext().rounding)
            text = q._plain()
        elif kind in ("e", "E"):
            _lib.unavailable("Decimal formatting with 'e'")
        else:
            text = str(value) if precision is None else str(Context(prec=precision).create_decimal(value))
        if comma:
            sign = "-" if text.startswith("-") else ""
            text = text.lstrip("-")
            whole, dot, frac = text.partition(".")
            groups = []
            while len(whole) > 3:
                groups.insert(0, whole[-3:])
                whole = whole[:-3]
            groups.insert(0, whole)
            text = sign + ",".join(groups) + dot + frac
        if kind == "%":
            text += "%"
        width = "".join(c for c in body if c.isdigit())
        if width:
            fill_right = body.startswith("<")
            pad = int(width) - len(text)
            if pad > 0:
                text = text + " " * pad if fill_right else " " * pad + text
        return text

    def _plain(self):
        digits = self._digits()
        sign = "-" if self._sign else ""
        if self._exp >= 0:
            return sign + digits + "0" * self._exp
        n = -self._exp
        digits = "0" * max(n + 1 - len(digits), 0) + digits
        return sign + digits[:-n] + "." + digits[-n:]

    # --- predicates and accessors ---
    def is_nan(self):
        return self._special == "n"

    def is_snan(self):
        return False

    def is_qnan(self):
        return self._special == "n"

    def is_infinite(self):
        return self._special == "F"

    def is_finite(self):
        return self._special is None

    def is_zero(self):
        return self._special is None and self._int == 0

    def is_signed(self):
        return self._sign == 1

    def is_normal(self, context=None):
        return self._special is None and self._int != 0

    def is_subnormal(self, context=None):
        return False

    def is_canonical(self):
        return True

    def adjusted(self):
        if self._special:
            return 0
        return self._exp + len(self._digits()) - 1

    def as_tuple(self):
        if self._special:
            return DecimalTuple(self._sign, (0,) if self._special == "F" else (), self._special)
        return DecimalTuple(self._sign, tuple(int(c) for c in self._digits()), self._exp)

    def as_integer_ratio(self):
        if self._special:
            raise (OverflowError if self._special == "F" else ValueError)("cannot convert to integer ratio")
        num = self._int * (10 ** self._exp if self._exp > 0 else 1)
        den = 10 ** -self._exp if self._exp < 0 else 1
        from fractions import _gcd

        g = _gcd(num, den) or 1
        num //= g
        den //= g
        return (-num if self._sign else num), den

    def copy_abs(self):
        return _make(0, self._int, self._exp, self._special)

    def copy_negate(self):
        return _make(1 - self._sign, self._int, self._exp, self._special)

    def copy_sign(self, other):
        return _make(_convert(other)._sign, self._int, self._exp, self._special)

    @property
    def real(self):
        return self

    @property
    def imag(self):
        return Decimal(0)

    def conjugate(self):
        return self

    # --- rounding ---
    def _fix(self, context=None):
        context = context or getcontext()
        if self._special:
            return self
        digits = len(self._digits())
        excess = digits - context.prec
        if excess <= 0:
            return self
        return self._rescale(self._exp + excess, context.rounding, context)

    def _rescale(self, exp, rounding, context=None):
        if self._special:
            return self
        if exp <= self._exp:
            return _make(self._sign, self._int * 10 ** (self._exp - exp), exp)
        shift = exp - self._exp
        div = 10 ** shift
        q, r = divmod(self._int, div)
        if r:
            if context is not None:
                context._raise(Inexact, "inexact")
            if _round_up(rounding, self._sign, q, r, div):
                q += 1
        result = _make(self._sign, q, exp)
        if context is not None and len(result._digits()) > context.prec and q:
            return result._fix(context)
        return result

    def quantize(self, exp, rounding=None, context=None):
        context = context or getcontext()
        exp = _convert(exp)
        if self._special or exp._special:
            if self._special == exp._special == "F":
                return self
            context._raise(InvalidOperation, "quantize with one INF")
            return Decimal("NaN")
        result = self._rescale(exp._exp, rounding or context.rounding)
        if len(result._digits()) > context.prec and result._int:
            context._raise(InvalidOperation, "quantize result has too many digits for current context")
            return Decimal("NaN")
        return result

    def to_integral_value(self, rounding=None, context=None):
        if self._special or self._exp >= 0:
            return self
        return self._rescale(0, rounding or (context or getcontext()).rounding)

    to_integral = to_integral_value

    def to_integral_exact(self, rounding=None, context=None):
        return self.to_integral_value(rounding, context)

    def normalize(self, context=None):
        context = context or getcontext()
        if self._special:
            return self
        d = self._fix(context)
        if d._int == 0:
            return _make(d._sign, 0, 0)
        coeff, exp = d._int, d._exp
        while coeff % 10 == 0:
            coeff //= 10
            exp += 1
        return _make(d._sign, coeff, exp)

    def __round__(self, n=None):
        if n is None:
            if self._special:
                raise (OverflowError if self._special == "F" else ValueError)("cannot round a NaN or infinity")
            return int(self._rescale(0, ROUND_HALF_EVEN))
        return self.quantize(Decimal((0, (1,), -n)), ROUND_HALF_EVEN)

    def __floor__(self):
        return int(self._rescale(0, ROUND_FLOOR))

    def __ceil__(self):
        return int(self._rescale(0, ROUND_CEILING))

    # --- conversions ---
    def __int__(self):
        if self._special:
            raise (OverflowError if self._special == "F" else ValueError)(
                "cannot convert %s to integer" % ("Infinity" if self._special == "F" else "NaN"))
        value = self._int * 10 ** self._exp if self._exp >= 0 else self._int // 10 ** -self._exp
        return -value if self._sign else value

    __trunc__ = __int__

    def __float__(self):
        if self._special == "n":
            return float("nan")
        if self._special == "F":
            return float("-inf") if self._sign else float("inf")
        return float(str(self))

    def __bool__(self):
        return bool(self._special) or self._int != 0

    def __hash__(self):
        if self._special == "n":
            return 0
        if self._special == "F":
            return -314159 if self._sign else 314159
        if self._exp >= 0:
            value = pow(10, self._exp, _HASH_MODULUS)
        else:
            value = pow(pow(10, -self._exp, _HASH_MODULUS), _HASH_MODULUS - 2, _HASH_MODULUS)
        result = self._int * value % _HASH_MODULUS
        result = -result if self._sign else result
        return -2 if result == -1 else result

    # --- arithmetic ---
    def __neg__(self):
        return _make(1 - self._sign if (self._int or self._special) else 0, self._int, self._exp, self._special)._fix()

    def __pos__(self):
        return _make(self._sign if (self._int or self._special) else 0, self._int, self._exp, self._special)._fix()

    def __abs__(self):
        return _make(0, self._int, self._exp, self._special)._fix()

    def _aligned(self, other):
        exp = min(self._exp, other._exp)
        a = self._int * 10 ** (self._exp - exp)
        b = other._int * 10 ** (other._exp - exp)
        return (-a if self._sign else a), (-b if other._sign else b), exp

    def __add__(self, other, context=None):
        other = _convert(other, "+", self)
        if other is NotImplemented:
            return other
        special = _special_add(self, other)
        if special is not None:
            return special
        a, b, exp = self._aligned(other)
        total = a + b
        sign = 1 if total < 0 else 0
        if total == 0:
            sign = 1 if (self._sign and other._sign) or (
                (self._sign or other._sign) and (context or getcontext()).rounding == ROUND_FLOOR) else 0
        return _make(sign, abs(total), exp)._fix(context)

    __radd__ = __add__

    def __sub__(self, other, context=None):
        other = _convert(other, "-", self)
        if other is NotImplemented:
            return other
        return self.__add__(other.copy_negate(), context)

    def __rsub__(self, other):
        other = _convert(other, "-", self, True)
        if other is NotImplemented:
            return other
        return other.__sub__(self)

    def __mul__(self, other, context=None):
        other = _convert(other, "*", self)
        if other is NotImplemented:
            return other
        sign = self._sign ^ other._sign
        if self._special or other._special:
            if self._special == "n" or other._special == "n":
                return Decimal("NaN")
            if (self._special == "F" and other.is_zero()) or (other._special == "F" and self.is_zero()):
                (context or getcontext())._raise(InvalidOperation, "(+-)INF * 0")
                return Decimal("NaN")
            return _make(sign, 0, 0, "F")
        return _make(sign, self._int * other._int, self._exp + other._exp)._fix(context)

    __rmul__ = __mul__

    def __truediv__(self, other, context=None):
        other = _convert(other, "/", self)
        if other is NotImplemented:
            return other
        context = context or getcontext()
        sign = self._sign ^ other._sign
        if self._special or other._special:
            if self._special == "n" or other._special == "n":
                return Decimal("NaN")
            if self._special == "F" and other._special == "F":
                context._raise(InvalidOperation, "(+-)INF/(+-)INF")
                return Decimal("NaN")
            if self._special == "F":
                return _make(sign, 0, 0, "F")
            return _make(sign, 0, context.Etiny())
        if other._int == 0:
            if self._int == 0:
                context._raise(DivisionUndefined, "[<class 'decimal.DivisionUndefined'>]")
                return Decimal("NaN")
            context._raise(DivisionByZero, "[<class 'decimal.DivisionByZero'>]")
            return _make(sign, 0, 0, "F")
        if self._int == 0:
            return _make(sign, 0, self._exp - other._exp)
        shift = len(other._digits()) - len(self._digits()) + context.prec + 1
        exp = self._exp - other._exp - shift
        if shift >= 0:
            coeff, remainder = divmod(self._int * 10 ** shift, other._int)
        else:
            coeff, remainder = divmod(self._int, other._int * 10 ** -shift)
        if remainder:
            if coeff % 5 == 0:
                coeff += 1
        else:
            ideal = self._exp - other._exp
            while exp < ideal and coeff % 10 == 0:
                coeff //= 10
                exp += 1
        return _make(sign, coeff, exp)._fix(context)

    def __rtruediv__(self, other):
        other = _convert(other, "/", self, True)
        if other is NotImplemented:
            return other
        return other.__truediv__(self)

    def _divide_integer(self, other):
        if other._int == 0:
            getcontext()._raise(DivisionByZero if self._int else DivisionUndefined, "division by zero")
        a, b, _ = self._aligned(other)
        q = abs(a) // abs(b)
        return (self._sign ^ other._sign), q

    def __floordiv__(self, other):
        other = _convert(other, "//", self)
        if other is NotImplemented:
            return other
        sign, q = self._divide_integer(other)
        return _make(sign if q else 0, q, 0)

    def __rfloordiv__(self, other):
        other = _convert(other, "//", self, True)
        if other is NotImplemented:
            return other
        return other.__floordiv__(self)

    def __mod__(self, other):
        other = _convert(other, "%", self)
        if other is NotImplemented:
            return other
        sign, q = self._divide_integer(other)
        quotient = _make(sign, q, 0)
        return (self - quotient * other)._fix()

    def __rmod__(self, other):
        other = _convert(other, "%", self, True)
        if other is NotImplemented:
            return other
        return other.__mod__(self)

    def __divmod__(self, other):
        return self // other, self % other

    def __pow__(self, other, modulo=None):
        other = _convert(other, "**", self)
        if other is NotImplemented:
            return other
        if other._special or self._special:
            raise NotImplementedError("Decimal powers of infinities/NaNs are not available in the sandbox")
        if other._exp >= 0 or other.to_integral_value() == other:
            n = int(other)
            if n >= 0:
                result = _make(self._sign if n % 2 else 0, self._int ** n, self._exp * n)
                return result._fix()
            return Decimal(1).__truediv__(_make(self._sign if n % 2 else 0, self._int ** -n, self._exp * -n))
        if other == Decimal("0.5"):
            return self.sqrt()
        raise NotImplementedError("non-integer Decimal powers are not available in the sandbox")

    def sqrt(self, context=None):
        context = context or getcontext()
        if self._special:
            if self._special == "F" and not self._sign:
                return self
            return Decimal("NaN")
        if self._int == 0:
            return _make(self._sign, 0, self._exp // 2)
        if self._sign:
            context._raise(InvalidOperation, "sqrt(-x), x > 0")
            return Decimal("NaN")
        prec = context.prec + 1
        e = self._exp >> 1
        c = self._int
        if self._exp & 1:
            c *= 10
            length = (len(self._digits()) >> 1) + 1
        else:
            length = (len(self._digits()) + 1) >> 1
        shift = prec - length
        if shift >= 0:
            c *= 100 ** shift
            exact = True
        else:
            c, remainder = divmod(c, 100 ** -shift)
            exact = not remainder
        e -= shift
        from math import isqrt

        n = isqrt(c)
        exact = exact and n * n == c
        if exact:
            if shift >= 0:
                n //= 10 ** shift
            else:
                n *= 10 ** -shift
            e += shift
        elif n % 5 == 0:
            n += 1
        ans = _make(0, n, e)
        return ans._rescale(ans._exp, context.rounding)._fix(context) if exact else ans._fix(context)

    def exp(self, context=None):
        _lib.unavailable("Decimal.exp()")

    def ln(self, context=None):
        _lib.unavailable("Decimal.ln()")

    def log10(self, context=None):
        _lib.unavailable("Decimal.log10()")

    def fma(self, other, third, context=None):
        return self * other + third

    # --- comparisons ---
    def _cmp(self, other):
        if self._special or other._special:
            a = _order_value(self)
            b = _order_value(other)
            return (a > b) - (a < b)
        if not self._int and not other._int:
            return 0
        a, b, _ = self._aligned(other)
        return (a > b) - (a < b)

    def _compare_to(self, other):
        if isinstance(other, float):
            if other != other:
                return None
            other = Decimal.from_float(other)
        other = _convert(other, "<", self)
        if other is NotImplemented or self._special == "n" or other._special == "n":
            return None
        return self._cmp(other)

    def __eq__(self, other):
        c = self._compare_to(other) if isinstance(other, (Decimal, int, float)) else None
        return c == 0 if c is not None else False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        c = self._compare_to(other)
        if c is None:
            return _unorderable(self, other, "<")
        return c < 0

    def __le__(self, other):
        c = self._compare_to(other)
        if c is None:
            return _unorderable(self, other, "<=")
        return c <= 0

    def __gt__(self, other):
        c = self._compare_to(other)
        if c is None:
            return _unorderable(self, other, ">")
        return c > 0

    def __ge__(self, other):
        c = self._compare_to(other)
        if c is None:
            return _unorderable(self, other, ">=")
        return c >= 0

    def compare(self, other, context=None):
        other = _convert(other)
        if self._special == "n" or other._special == "n":
            return Decimal("NaN")
        return Decimal(self._cmp(other))

    def max(self, other, context=None):
        other = _convert(other)
        return other if self._cmp(other) < 0 else self

    def min(self, other, context=None):
        other = _convert(other)
        return other if self._cmp(other) > 0 else self

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _unorderable(a, b, op):
    if isinstance(b, (Decimal, int, float)):
        getcontext()._raise(InvalidOperation, "comparison involving NaN")
        return False
    raise TypeError("'%s' not supported between instances of 'decimal.Decimal' and '%s'" % (op, type(b).__name__))


def _order_value(d):
    if d._special == "F":
        return float("-inf") if d._sign else float("inf")
    return float(d) if d._int else 0.0


def _make(sign, coeff, exp, special=None):
    d = object.__new__(Decimal)
    d._sign = sign
    d._int = coeff
    d._exp = exp
    d._special = special
    return d


def _convert(other, op=None, this=None, reflected=False):
    if isinstance(other, Decimal):
        return other
    if isinstance(other, int):
        return Decimal(other)
    if op is None:
        raise TypeError("conversion from %s to Decimal is not supported" % type(other).__name__)
    if isinstance(other, float) and op in ("<",):
        return Decimal.from_float(other)
    a, b = ("decimal.Decimal", type(other).__name__)
    if reflected:
        a, b = b, a
    raise TypeError("unsupported operand type(s) for %s: '%s' and '%s'" % (op, a, b))


def _special_add(a, b):
    if a._special == "n" or b._special == "n":
        return Decimal("NaN")
    if a._special == "F" or b._special == "F":
        if a._special == "F" and b._special == "F" and a._sign != b._sign:
            getcontext()._raise(InvalidOperation, "-INF + INF")
            return Decimal("NaN")
        return a if a._special == "F" else b
    return None


def _round_up(rounding, sign, q, r, div):
    """Whether dropping remainder r (0 < r < div) rounds the magnitude q up."""
    if rounding == ROUND_DOWN:
        return False
    if rounding == ROUND_UP:
        return True
    if rounding == ROUND_CEILING:
        return not sign
    if rounding == ROUND_FLOOR:
        return bool(sign)
    if rounding == ROUND_05UP:
        return q % 10 in (0, 5)
    twice = 2 * r
    if twice > div:
        return True
    if twice < div:
        return False
    if rounding == ROUND_HALF_UP:
        return True
    if rounding == ROUND_HALF_DOWN:
        return False
    return q % 2 == 1
