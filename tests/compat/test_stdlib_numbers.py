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
