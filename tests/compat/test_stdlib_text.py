"""heapq, csv, pprint, calendar: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_heapq(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import heapq
        scores = [72, 95, 61, 88, 79, 99, 55]
        print(heapq.nlargest(3, scores), heapq.nsmallest(2, scores))
        people = [('ann', 31), ('bo', 25), ('cy', 40), ('di', 25), ('ed', 40), ('fa', 31)]
        print(heapq.nsmallest(4, people, key=lambda p: p[1]), heapq.nlargest(4, people, key=lambda p: p[1]))
        h = []
        for s in scores:
            heapq.heappush(h, s)
        print(h, heapq.heappop(h), heapq.heappushpop(h, 70), heapq.heapreplace(h, 100), h)
        print(list(heapq.merge([1, 4, 9], [2, 3, 10], [5])))
        tasks = []
        heapq.heappush(tasks, (2, 'write')); heapq.heappush(tasks, (1, 'plan')); heapq.heappush(tasks, (3, 'test'))
        print([heapq.heappop(tasks)[1] for _ in range(3)])
    """)


def test_csv(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import csv, io
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(['name', 'score', 'note'])
        w.writerows([['Ann', 90, 'says "hi"'], ['Bo, Jr.', 85.5, ''], ['Cy', None, 'line1\\nline2']])
        print(repr(out.getvalue()))
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        print(rows)
        text = 'name,age\\nAnn,30\\nBo,25\\n'
        for row in csv.DictReader(io.StringIO(text)):
            print(row['name'], int(row['age']) + 1, sorted(row.items()))
        out2 = io.StringIO()
        dw = csv.DictWriter(out2, fieldnames=['id', 'city'])
        dw.writeheader()
        dw.writerow({'id': 1, 'city': 'Paris'})
        dw.writerows([{'id': 2, 'city': 'Rome'}, {'id': 3}])
        print(repr(out2.getvalue()))
        print(list(csv.reader(['a;b;"c;d"'], delimiter=';')), list(csv.reader(['x, y,  z'], skipinitialspace=True)))
        out3 = io.StringIO()
        csv.writer(out3, quoting=csv.QUOTE_NONNUMERIC).writerow(['a', 1, 2.5])
        csv.writer(out3, delimiter='\\t').writerow(['t', 'u v'])
        print(repr(out3.getvalue()))
    """)


def test_pprint(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from pprint import pprint, pformat
        data = {'students': [{'name': 'Ann', 'grades': [90, 85, 77], 'year': 2}, {'name': 'Bo', 'grades': [60, 70], 'year': 1}],
                'course': 'CS101', 'meta': (1, 2, 3)}  # (a set's repr order depends on CPython's hash seed)
        pprint(data)
        pprint(data, width=40)
        pprint(list(range(40)), compact=True)
        pprint({'b': 1, 'a': 2, 'c': {'z': 0, 'y': [1] * 30}})
        print(pformat([1, 2, 3]), pformat({'x': 'y'}, indent=4))
        pprint('a long sentence that should be wrapped because it is longer than the width of the pretty printer output', width=30)
        pprint([[1, 2], [3, 4]], width=10)
        pprint(tuple(range(30)), width=20, compact=True)
    """)


def test_calendar(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import calendar
        print(calendar.month(2024, 2))
        print(calendar.month(2023, 10, w=3, l=1))
        print(calendar.isleap(2024), calendar.leapdays(2000, 2025), calendar.monthrange(2024, 2), calendar.weekday(2024, 3, 15))
        print(calendar.monthcalendar(2024, 9), calendar.month_name[3], calendar.day_abbr[0], list(calendar.day_name)[:2])
        print(calendar.calendar(2024))
        tc = calendar.TextCalendar(firstweekday=6)
        print(tc.formatmonth(2025, 1))
        print(calendar.timegm((2024, 1, 1, 0, 0, 0)))
    """)
