"""Float output as CPython's shortest repr (print, repr, results), exact round(); containers of floats."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "prices": """
        prices = [19.99, 5.49, 3.2, 79.9, 8.2]
        total = 0
        for p in prices:
            total += p
            print(p, total)
        print(total, total * 1.08, round(total * 1.08, 2))
        print(prices, tuple(prices), {"sum": sum(prices)}, {8.2})
    """,
    "averages": """
        grades = {"ada": [90, 85, 77], "alan": [60, 75, 88], "grace": [100, 92, 95]}
        for name, g in grades.items():
            avg = sum(g) / len(g)
            print(name, avg, round(avg, 1), repr(avg))
        print(0.1 + 0.2, 1 / 3, 2 / 3, 1e-7, 1e22, 1e16, 123456789.123, -0.0, float("inf"))
    """,
    "many_floats": """
        xs = [round(i * 0.37 + 0.01, 2) for i in range(400)]
        print(xs)
        print([i / 7 for i in range(1, 60)])
        print([x * 1.1 for x in range(50)], sep="", end="\\n", flush=True)
    """,
    "exact_bits": """
        import struct
        for b in [4638355772470722560, 4619792287882969498, 1, 9218868437227405311, 4503599627370496,
                  4607182418800017408, 13830554455654793216, 4890909195324358656, 4372995238176751616]:
            print(repr(struct.unpack("<d", struct.pack("<Q", b))[0]))
    """,
    "ties_and_few_fraction_bits": """
        import random
        random.seed(3)
        xs = [2100916126572825.25, 1234567890.00390625, 0.999996185302734375, 2.0 ** 60 + 2 ** 8]
        xs += [random.getrandbits(53) / 2 ** random.randint(1, 26) for _ in range(40)]
        xs += [random.random() * 10 ** random.randint(-20, 20) for _ in range(200)]
        for x in xs:
            print(x, repr(-x), [x])
    """,
    "self_containing": """
        a = [1.5]
        a.append(a)
        print(a)
        d = {"x": 0.1 * 3}
        d["self"] = d
        print(d)
    """,
    # "%" with more significant digits than the build's float formatting gets right (15): the
    # guest's exact formatter (`_mpk_pctf`); below that, the build's own `%`
    "percent_many_digits": r"""
        x, y, big = 12345.678, 0.1, 2.0 ** 70
        print('%.25f' % 0.1, '%.20e' % 0.1, '%.30g' % (1 / 3), '%.19f' % y, '%.20g' % y)
        print('%.15f' % x, '%.15f' % (x,), '%.2f' % big, '%.2f' % 1e20, '%f' % (1e12 + 0.1), '%.20f' % 3)
        print('%s %.22f %d %%' % ('a', y, 7), '%(a).21f %(b)s' % {'a': y, 'b': [1.5]}, '%+.20e' % -y)
        print('%25.21f|%-25.21f|%025.20f|% .20f' % (y, y, 1.5, 1.5), '%#.20g' % 1.0, '%.30f' % 1e-5)
        print('%.20f' % float('inf'), '%.20f' % float('nan'), '%.25e' % 0.0, '%.20f' % -0.0, '%.50f' % 2.5e-10)
        print('%.2f' % x, '%.2f %s' % (x, [1.5]), '%.3f' % 123456789012345.678, '%.1e' % big, '%g' % big)
        for args in [(1, 2), (), ('a',)]:
            try:
                print('%.20f' % args)
            except TypeError as e:
                print('TypeError', e if len(args) != 1 else '')
    """,
    # 16 and 17 significant digits of floats just below (and at) a power of ten: past what the
    # build's `%` gets right there, so the exact formatter too
    "percent_near_powers_of_ten": r"""
        xs = [1e-07, 1e23, 1e-299, 1e22, 1e16, 1e-5, 9.999999999999999e22, 1e300]
        for x in xs + [-x for x in xs]:
            print('%.17g' % x, '%.16e' % x, '%.16g|%.15e' % (x, x), '%.1f' % x if abs(x) < 1e20 else '')
    """,
    "format_many_digits": r"""
        x = 0.1
        print(f'{x:.30f}', format(1 / 3, '.40g'), '{:.20e}'.format(x), f'{x:.19f}')
        print(f'{12345.678:.15f}', f'{123456789.123:.12f}', '{:.13f}'.format(2 / 3 * 1e5), f'{x:.2f}')
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_floats_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


def test_result_display_uses_shortest_repr(sandbox) -> None:  # noqa: ANN001 - the conftest fixture
    sandbox.reset()
    assert sandbox.run("79.9").value == repr(79.9)
    assert sandbox.run("[8.2, 0.1 * 3]").value == repr([8.2, 0.1 * 3])


def test_print_of_a_float_costs_about_what_str_does(sandbox) -> None:  # noqa: ANN001
    """print/repr of a float whose shortest form has 16-17 digits (random() values, 0.1 + 0.2) use the
    build's digits when no tie is possible: they once ran an exact big-integer search (~900 k fuel
    each). Fuel is deterministic: the extra cost of print(x) over print(str(x)) stays small."""
    sandbox.reset()
    assert sandbox.run("import random\nrandom.seed(1)\nx = random.random()\nprint(x)").error is None
    via_str = sandbox.run("print(str(x))").fuel_used
    direct = sandbox.run("print(x)").fuel_used
    assert direct - via_str < 100_000, (direct, via_str)
