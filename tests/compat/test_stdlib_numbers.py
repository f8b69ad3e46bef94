"""fractions, statistics, decimal: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_fractions(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from fractions import Fraction
        a = Fraction(3, 4)
        b = Fraction('1/6')
        print(a + b, a - b, a * b, a / b, -a, abs(-a), a ** 2, a ** -1)
        print(repr(a), str(Fraction(6, 3)), Fraction(0.75), Fraction('2.5'), Fraction('-1.25e-1'))
        print(a + 1, 1 - a, a * 2, 2 / a, a + 0.5, a == 0.75, a < 1, a > Fraction(2, 3))
        print(Fraction(1, 3) + Fraction(1, 3) + Fraction(1, 3) == 1, sum([Fraction(1, n) for n in range(1, 6)]))
        print(float(a), int(Fraction(7, 2)), round(Fraction(7, 2)), round(Fraction(5, 2)), Fraction(22, 7).__round__(2))
        print(Fraction(3.14159).limit_denominator(1000), a.numerator, a.denominator, a.as_integer_ratio())
        print(hash(Fraction(1, 2)) == hash(0.5), sorted([Fraction(1, 2), Fraction(1, 3), 0.4]))
        try:
            Fraction(1, 0)
        except ZeroDivisionError as e:
            print(e)
    """)


def test_statistics(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import statistics as st
        grades = [88, 92, 79, 93, 85, 92, 70]
        print(st.mean(grades), st.median(grades), st.mode(grades), st.median([1, 2, 3, 4]))
        print(st.mean([1, 2, 3]), st.mean([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), st.fmean([1, 2, 4]))
        print(st.stdev(grades), st.pstdev(grades), st.variance(grades), st.pvariance(grades))
        print(st.stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), st.variance([0.1, 0.2, 0.3, 0.4]))
        print(st.median_low([1, 3, 5, 7]), st.median_high([1, 3, 5, 7]), st.multimode('aabbbcccd'), st.mode([1, 1, 2, 2]))
        print(st.quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], n=4), st.harmonic_mean([40, 60]))
        print(st.geometric_mean([54, 24, 36]) - 36 < 1e-9, st.linear_regression([1, 2, 3, 4], [2, 4, 6, 8.5]))
        from fractions import Fraction
        print(st.mean([Fraction(1, 2), Fraction(1, 3)]), st.variance([1, 2, 3, 4, 5]))
        try:
            st.mean([])
        except st.StatisticsError as e:
            print(e)
        try:
            st.stdev([1])
        except st.StatisticsError as e:
            print(e)
    """)


def test_decimal(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from decimal import Decimal, getcontext, localcontext, ROUND_HALF_UP, ROUND_DOWN, InvalidOperation
        a, b = Decimal('0.1'), Decimal('0.2')
        print(a + b, a + b == Decimal('0.3'), repr(a * 3), Decimal('1.10') + Decimal('2.205'), Decimal('10') - Decimal('0.001'))
        print(Decimal(1) / Decimal(7), Decimal(2) / Decimal(4), Decimal('1.0') / Decimal('0.1'), Decimal(10) / 4)
        print(Decimal(0.1), Decimal('1e-7'), Decimal('123E+3'), Decimal('-0.000001'), Decimal('1.23e-10'), Decimal(12345678))
        price = Decimal('19.99')
        print(price * 3, (price * Decimal('1.0825')).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))
        print(Decimal('2.675').quantize(Decimal('0.01')), Decimal('2.665').quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))
        print(Decimal('7.9').quantize(Decimal('1'), rounding=ROUND_DOWN), round(Decimal('2.5')), int(Decimal('-3.7')), float(Decimal('1.5')))
        print(Decimal('7') // Decimal('2'), Decimal('-7') // Decimal('2'), Decimal('-7') % Decimal('2'), Decimal('2') ** 10)
        print(sorted([Decimal('1.5'), Decimal('-2'), Decimal('0.25')]), max(Decimal('3'), Decimal('3.01')), Decimal('3') > 2)
        print(Decimal('2').sqrt(), Decimal('16').sqrt(), Decimal('100.00').normalize(), Decimal('1.20').as_tuple())
        print(hash(Decimal('0.5')) == hash(0.5), hash(Decimal(7)) == hash(7), Decimal('1.0') == 1, Decimal('0.1') == 0.1)
        getcontext().prec = 6
        print(Decimal(1) / Decimal(3), Decimal('123456789') + 0)
        with localcontext() as ctx:
            ctx.prec = 3
            print(Decimal(2) / Decimal(3))
        print(Decimal(2) / Decimal(3))
        getcontext().prec = 28
        try:
            Decimal(1) / Decimal(0)
        except ZeroDivisionError as e:
            print(type(e).__name__)
        try:
            Decimal('abc')
        except InvalidOperation:
            print('invalid')
        try:
            Decimal('1.5') + 1.5
        except TypeError as e:
            print(e)
        print(sum([Decimal('0.1')] * 10), Decimal('-0'), -Decimal('0'), Decimal('Infinity') > 10**100, Decimal('NaN'))
    """)


def test_statistics_spread_and_paired_errors(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import statistics as s
        from fractions import Fraction
        d = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        print(s.median_low(d), s.median_high(d), s.median_grouped(d), s.pvariance([1.5, 2.5, 4.0], 2.0))
        print(s.variance([Fraction(1, 3), Fraction(2, 5), Fraction(7, 2)]), s.stdev([1, 2, 4], 2))
        print(s.linear_regression(d, [2 * x + 1 for x in d]), s.linear_regression(d, d, proportional=True))
        calls = [(s.median, ([],)), (s.median_low, ([],)), (s.median_high, ([],)), (s.median_grouped, ([],)),
                 (s.variance, ([1],)), (s.stdev, ([1],)), (s.pvariance, ([],)), (s.pstdev, ([],)),
                 (s.covariance, ([1, 2], [1])), (s.covariance, ([1], [1])), (s.correlation, ([1, 2], [1])),
                 (s.correlation, ([1], [2])), (s.correlation, ([1, 1], [1, 2])), (s.linear_regression, ([1, 2], [1])),
                 (s.linear_regression, ([1], [1])), (s.linear_regression, ([1, 1], [1, 2]))]
        for f, args in calls:
            try:
                print(f(*args))
            except s.StatisticsError as e:
                print('StatisticsError:', e)
    """)
