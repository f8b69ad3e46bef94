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


def test_timezones_and_offsets(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from datetime import datetime, time, timedelta, timezone
        zones = [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8)),
                 timezone(timedelta(hours=1, seconds=7)), timezone(-timedelta(minutes=3, seconds=2, microseconds=5)),
                 timezone(timedelta(0), 'Z0')]
        for tz in zones:
            d = datetime(2024, 3, 5, 6, 7, 8, 9, tzinfo=tz)
            print(repr(tz), str(tz), tz.tzname(None), d.isoformat(), d.strftime('%z|%Z|%c'), str(d), repr(d))
            t = time(1, 2, 3, tzinfo=tz)
            print(t.isoformat(), t.strftime('%H %z'), repr(t), t.utcoffset(), d.astimezone(timezone.utc))
        print(datetime.fromisoformat('2024-01-02T03:04:05+05:30'), time.fromisoformat('10:11:12.5-02:00'))
        print(datetime.strptime('2024-01-02 +0130', '%Y-%m-%d %z'))
    """)


def test_ordering_and_fields(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from datetime import datetime, time, timedelta, timezone
        a, b = timedelta(1), timedelta(hours=3)
        print(a < b, a <= b, a > b, a >= b, b < a, a == a, a != b, bool(timedelta(0)), hash(a) == hash(timedelta(hours=24)))
        print(time(1) < time(2), time(3) >= time(2), time(1) <= time(1), time(1) > time(1), time(1) == time(1, 0))
        x = datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
        print(x.hour, x.minute, x.second, x.microsecond, x.tzinfo, x.fold, time(4, 5).hour, time(4, 5, fold=1).fold)
        print(sorted([timedelta(3), timedelta(-1), timedelta(0)]), sorted([time(3), time(1), time(2, 30)]))
    """)


def test_module_surface(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import datetime
        from datetime import date, datetime as dt, timedelta, timezone, tzinfo
        print(datetime.MINYEAR, datetime.MAXYEAR, datetime.UTC, datetime.timezone.utc is datetime.UTC)
        for cls in (date, dt, datetime.time, timedelta, timezone, tzinfo):
            print(cls.__module__, repr(cls), cls.__name__)
        print(repr(date(2024, 1, 1) + timedelta(days=3)), issubclass(timezone, tzinfo), issubclass(dt, date))
    """)
