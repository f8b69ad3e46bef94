# Guest library: statistics with CPython's exact algorithms (sums as fractions, correctly
# rounded square roots), so results print as CPython's.
import math as _math
from fractions import Fraction, _bits, _ratio_to_float


class StatisticsError(ValueError):
    pass


def _exact_ratio(x):
    if isinstance(x, int):
        return x, 1
    if isinstance(x, float):
        if x != x or x in (_math.inf, -_math.inf):
            return x, None
        f = Fraction(x)
        return f.numerator, f.denominator
    if isinstance(x, Fraction):
        return x.numerator, x.denominator
    try:
        return x.as_integer_ratio()
    except AttributeError:
        raise TypeError("can't convert type '%s' to numerator/denominator" % type(x).__name__)


def _coerce(T, S):
    if T is S:
        return T
    if S is int or S is bool:
        return T
    if T is int:
        return S
    if issubclass(S, T):
        return S
    if issubclass(T, S):
        return T
    if issubclass(T, int):
        return S
    if issubclass(S, int):
        return T
    if T is Fraction and S is float:
        return S
    if T is float and S is Fraction:
        return T
    raise TypeError("can't convert type '%s' to '%s'" % (T.__name__, S.__name__))


def _sum(data):
    count = 0
    T = int
    num_total = 0
    den_total = 1
    special = None
    for x in data:
        count += 1
        T = _coerce(T, type(x))
        n, d = _exact_ratio(x)
        if d is None:
            special = n if special is None else special + n
            continue
        num_total = num_total * d + n * den_total
        den_total *= d
    if special is not None:
        return T, special, count
    return T, Fraction(num_total, den_total), count


def _convert(value, T):
    if type(value) is T:
        return value
    if isinstance(value, float):
        return value
    if issubclass(T, int) and value.denominator != 1:
        T = float
    if T is float:
        return _ratio_to_float(value.numerator, value.denominator)
    if T is int:
        return value.numerator
    try:
        return T(value)
    except TypeError:
        if issubclass(T, Fraction):
            return T(value.numerator, value.denominator)
        raise


def _ss(data, c=None):
    data = list(data)
    T, total, n = _sum(data)
    if c is None:
        if isinstance(total, float):
            return T, total, total, n
        c = total / n if n else Fraction(0)
    else:
        c = Fraction(c) if not isinstance(c, Fraction) else c
    ssd = Fraction(0)
    for x in data:
        n_, d_ = _exact_ratio(x)
        if d_ is None:
            return T, x, x, n
        diff = Fraction(n_, d_) - c
        ssd += diff * diff
    return T, ssd, c, n


def _isqrt(n):
    from math import isqrt

    return isqrt(n)


def _integer_sqrt_of_frac_rto(n, m):
    a = _isqrt(n // m)
    return a | (a * a * m != n)


def _float_sqrt_of_frac(n, m):
    q = (_bits(n) - _bits(m) - 109) // 2
    if q >= 0:
        numerator = _integer_sqrt_of_frac_rto(n, m << 2 * q) << q
        denominator = 1
    else:
        numerator = _integer_sqrt_of_frac_rto(n << -2 * q, m)
        denominator = 1 << -q
    return _ratio_to_float(numerator, denominator)


def mean(data):
    data = list(data)
    T, total, n = _sum(data)
    if n < 1:
        raise StatisticsError("mean requires at least one data point")
    if isinstance(total, float):
        return total
    return _convert(total / n, T)


def fmean(data, weights=None):
    data = list(data)
    if weights is None:
        n = len(data)
        if not n:
            raise StatisticsError("fmean requires at least one data point")
        return _math.fsum(data) / n
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError("data and weights must be the same length")
    total = _math.fsum(weights)
    if not total:
        raise StatisticsError("sum of weights must be non-zero")
    return _math.fsum(x * w for x, w in zip(data, weights)) / total


def geometric_mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("geometric mean requires a non-empty dataset containing positive numbers")
    try:
        return _math.exp(fmean([_math.log(x) for x in data]))
    except ValueError:
        raise StatisticsError("geometric mean requires a non-empty dataset containing positive numbers")


def harmonic_mean(data, weights=None):
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("harmonic_mean requires at least one data point")
    if n == 1 and weights is None:
        x = data[0]
        if isinstance(x, (int, float, Fraction)):
            if x < 0:
                raise StatisticsError("harmonic mean does not support negative values")
            return x
    if weights is None:
        weights = [1] * n
        sum_weights = n
    else:
        weights = list(weights)
        sum_weights = sum(weights)
    for x in data:
        if x < 0:
            raise StatisticsError("harmonic mean does not support negative values")
    if any(x == 0 for x in data):
        return 0
    T, total, count = _sum(w / x if w else 0 for w, x in zip(weights, data))
    if total <= 0:
        raise StatisticsError("Weighted sum must be positive")
    return _convert(sum_weights / total, T)


def _sorted_for_median(data):
    """The data sorted, and its length; StatisticsError when it is empty."""
    data = sorted(data)
    if not data:
        raise StatisticsError("no median for empty data")
    return data, len(data)


def median(data):
    data, n = _sorted_for_median(data)
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data, n = _sorted_for_median(data)
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    data, n = _sorted_for_median(data)
    return data[n // 2]


def median_grouped(data, interval=1):
    data, n = _sorted_for_median(data)
    x = data[n // 2]
    i = data.index(x)
    j = n - 1 - data[::-1].index(x) + 1
    L = float(x) - float(interval) / 2
    cf = i
    f = j - i
    return L + interval * (n / 2 - cf) / f


def _counts_in_order(data):
    counts = {}
    order = []
    for x in data:
        if x in counts:
            counts[x] += 1
        else:
            counts[x] = 1
            order.append(x)
    return counts, order


def mode(data):
    counts, order = _counts_in_order(data)
    if not order:
        raise StatisticsError("no mode for empty data")
    best = max(counts.values())
    for x in order:
        if counts[x] == best:
            return x


def multimode(data):
    counts, order = _counts_in_order(data)
    if not order:
        return []
    best = max(counts.values())
    return [x for x in order if counts[x] == best]


def _deviations(data, centre, sample, name):
    """(T, ss, divisor) for the variance-like function `name`: the type and the sum of squared
    deviations of data about centre (its mean when None), and n - 1 for a sample (sample=1) or
    n for a population (sample=0); StatisticsError when there are too few data points."""
    T, ss, c, n = _ss(data, centre)
    if n < 1 + sample:
        raise StatisticsError("%s requires at least %s" % (name, "two data points" if sample else "one data point"))
    return T, ss, n - sample


def variance(data, xbar=None):
    T, ss, divisor = _deviations(data, xbar, 1, "variance")
    if isinstance(ss, float):
        return ss
    return _convert(ss / divisor, T)


def pvariance(data, mu=None):
    T, ss, divisor = _deviations(data, mu, 0, "pvariance")
    if isinstance(ss, float):
        return ss
    return _convert(ss / divisor, T)


def stdev(data, xbar=None):
    T, ss, divisor = _deviations(data, xbar, 1, "stdev")
    if isinstance(ss, float):
        return ss
    mss = ss / divisor
    return _float_sqrt_of_frac(mss.numerator, mss.denominator)


def pstdev(data, mu=None):
    T, ss, divisor = _deviations(data, mu, 0, "pstdev")
    if isinstance(ss, float):
        return ss
    mss = ss / divisor
    return _float_sqrt_of_frac(mss.numerator, mss.denominator)


def quantiles(data, *, n=4, method="exclusive"):
    if n < 1:
        raise StatisticsError("n must be at least 1")
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    result = []
    if method == "inclusive":
        m = ld - 1
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            interpolated = (data[j] * (n - delta) + data[j + 1] * delta) / n
            result.append(interpolated)
        return result
    if method == "exclusive":
        m = ld + 1
        for i in range(1, n):
            j = i * m // n
            j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
            delta = i * m - j * n
            interpolated = (data[j - 1] * (n - delta) + data[j] * delta) / n
            result.append(interpolated)
        return result
    raise ValueError("Unknown method: %r" % (method,))


def _paired(x, y, name):
    """len(x) after checking x and y as paired data for `name` (same length, at least two)."""
    n = len(x)
    if len(y) != n:
        raise StatisticsError("%s requires that both inputs have same number of data points" % name)
    if n < 2:
        raise StatisticsError("%s requires at least two data points" % name)
    return n


def _centred_product(x, y):
    """(xbar, ybar, sxy): the means and the sum of products of deviations from them."""
    xbar = fsum_mean(x)
    ybar = fsum_mean(y)
    return xbar, ybar, _math.fsum((xi - xbar) * (yi - ybar) for xi, yi in zip(x, y))


def covariance(x, y):
    n = _paired(x, y, "covariance")
    xbar, ybar, sxy = _centred_product(x, y)
    return sxy / (n - 1)


def fsum_mean(values):
    return _math.fsum(values) / len(values)


def correlation(x, y):
    _paired(x, y, "correlation")
    xbar, ybar, sxy = _centred_product(x, y)
    sxx = _math.fsum((xi - xbar) ** 2 for xi in x)
    syy = _math.fsum((yi - ybar) ** 2 for yi in y)
    try:
        return sxy / _math.sqrt(sxx * syy)
    except ZeroDivisionError:
        raise StatisticsError("at least one of the inputs is constant")


class LinearRegression(tuple):
    def __init__(self, slope, intercept):
        super().__init__((slope, intercept))

    slope = property(lambda self: self[0])
    intercept = property(lambda self: self[1])

    def __repr__(self):
        return "LinearRegression(slope=%r, intercept=%r)" % tuple(self)

    __str__ = __repr__


def linear_regression(x, y, *, proportional=False):
    _paired(x, y, "linear regression")
    if proportional:
        sxy = _math.fsum(xi * yi for xi, yi in zip(x, y))
        sxx = _math.fsum(xi * xi for xi in x)
    else:
        xbar, ybar, sxy = _centred_product(x, y)
        sxx = _math.fsum((xi - xbar) ** 2.0 for xi in x)
    try:
        slope = sxy / sxx
    except ZeroDivisionError:
        raise StatisticsError("x is constant")
    intercept = 0.0 if proportional else ybar - slope * xbar
    return LinearRegression(slope, intercept)


class NormalDist:
    def __init__(self, mu=0.0, sigma=1.0):
        if sigma < 0.0:
            raise StatisticsError("sigma must be non-negative")
        self._mu = float(mu)
        self._sigma = float(sigma)

    @classmethod
    def from_samples(cls, data):
        data = list(data)
        return cls(fmean(data), stdev(data))

    mean = property(lambda self: self._mu)
    median = property(lambda self: self._mu)
    mode = property(lambda self: self._mu)
    stdev = property(lambda self: self._sigma)
    variance = property(lambda self: self._sigma ** 2.0)

    def pdf(self, x):
        variance = self._sigma ** 2.0
        if not variance:
            raise StatisticsError("pdf() not defined when sigma is zero")
        diff = x - self._mu
        return _math.exp(diff * diff / (-2.0 * variance)) / _math.sqrt(2.0 * _math.pi * variance)

    def cdf(self, x):
        if not self._sigma:
            raise StatisticsError("cdf() not defined when sigma is zero")
        return 0.5 * (1.0 + _math.erf((x - self._mu) / (self._sigma * _math.sqrt(2.0))))

    def zscore(self, x):
        if not self._sigma:
            raise StatisticsError("zscore() not defined when sigma is zero")
        return (x - self._mu) / self._sigma

    def __repr__(self):
        return "NormalDist(mu=%r, sigma=%r)" % (self._mu, self._sigma)
