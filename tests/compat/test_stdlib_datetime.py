"""datetime: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_dates_and_arithmetic(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from datetime import date, datetime, timedelta, time
        d = date(2024, 3, 15)
        print(d, repr(d), d.weekday(), d.isoweekday(), d.isocalendar(), d.toordinal(), d.ctime())
        print(d + timedelta(days=20), d - date(2024, 1, 1), d - timedelta(weeks=3), date(2024, 2, 29).replace(year=2028))
        birthday = date(2000, 7, 4)
        print((date(2024, 7, 4) - birthday).days // 365, date.fromisoformat('2023-12-31'), date.fromordinal(738960))
        x = datetime(2024, 3, 15, 14, 30, 5)
        print(x, repr(x), repr(datetime(2024, 1, 1)), repr(datetime(2024, 1, 1, 9, 0, 7, 250)))
        print(x - timedelta(hours=30), x + timedelta(minutes=45, seconds=30), x.date(), x.time(), repr(x.time()))
        print(datetime(2024, 3, 16) - x, x - datetime(2024, 3, 16), (datetime(2024, 3, 16) - x).total_seconds())
        print(repr(timedelta(days=1, seconds=5)), timedelta(hours=36), timedelta(days=-1, seconds=5), repr(timedelta()))
        print(timedelta(minutes=90) / timedelta(hours=1), timedelta(hours=3) * 2, timedelta(hours=3) / 4, timedelta(seconds=1.5))
        print(timedelta(days=2) > timedelta(hours=47), sorted([date(2024, 5, 1), date(2023, 1, 9)]), x.isoformat())
        print(datetime.fromisoformat('2024-03-15T14:30:05'), datetime.combine(d, time(8, 15)), repr(time(8, 15, 30)))
        print(x.timestamp(), datetime.fromtimestamp(0), x.replace(hour=0), x > datetime(2024, 1, 1))
    """)


def test_strftime_strptime(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from datetime import datetime, date
        x = datetime(2024, 3, 5, 9, 7, 3, 120)
        print(x.strftime('%Y-%m-%d %H:%M:%S'), x.strftime('%A, %B %d, %Y'), x.strftime('%a %b %d %I:%M %p'))
        print(x.strftime('%j %U %W %w %y %f %%'), x.strftime('%c | %x | %X'), date(2024, 12, 25).strftime('%d/%m/%Y'))
        # f'{x:%Y}' needs __format__ in str formatting: the language layer's (issue 10)
        print(x.__format__('%Y/%m/%d'), date(2024, 1, 2).__format__('%b %d'))
        p = datetime.strptime('2023-07-04 18:45:00', '%Y-%m-%d %H:%M:%S')
        print(repr(p), datetime.strptime('04 Jul 2023', '%d %b %Y'), datetime.strptime('March 9, 2021 3:05 PM', '%B %d, %Y %I:%M %p'))
        try:
            datetime.strptime('2023/07/04', '%Y-%m-%d')
        except ValueError as e:
            print(e)
        try:
            datetime.strptime('2023-07-04 extra', '%Y-%m-%d')
        except ValueError as e:
            print(e)
    """)
