"""pickle: round trips of the values teaching code saves (issue 26). Differential: the same cell
on the host CPython and in the sandbox print the same (the pickled bytes themselves differ: the
sandbox has its own encoding, see docs/guest-library.md)."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_round_trips(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import pickle
        values = [None, True, 7, 2 ** 70, -1.5, 0.1, 1 + 2j, 'text', b'\\x00\\xff', bytearray(b'ab'),
                  [1, [2, 3]], (1, ('a',)), {'k': [1, 2], 3: 'x'}, {1, 2}, frozenset({4})]
        for v in values:
            data = pickle.dumps(v)
            back = pickle.loads(data)
            shown = sorted(back) if isinstance(back, (set, frozenset)) else back  # set order is not pickle's
            print(type(data).__name__, back == v, type(back).__name__, repr(shown))
    """)


def test_instances_and_shared_references(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import pickle
        class Student:
            def __init__(self, name, grades):
                self.name = name
                self.grades = grades
        class Counter:
            def __init__(self):
                self.n = 0
            def __getstate__(self):
                return {'n': self.n * 10}
            def __setstate__(self, state):
                self.n = state['n'] + 1
        shared = [1, 2]
        data = {'a': Student('Ada', shared), 'b': shared, 'c': Counter()}
        loop = []
        loop.append(loop)
        back = pickle.loads(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        print(type(back['a']).__name__, back['a'].name, back['a'].grades, back['a'].grades is back['b'])
        print(back['c'].n)
        again = pickle.loads(pickle.dumps(loop))
        print(again[0] is again, len(again))
    """)


def test_namedtuples(sandbox: Sandbox) -> None:  # noqa: F811
    # made again by the class's __new__ from __getnewargs__ (CPython's protocol 2+); a subclass
    # with its own __init__ keeps its attributes and is not initialised again
    same(sandbox, """
        import pickle
        from collections import namedtuple
        Point = namedtuple('Point', 'x y')
        class Card(namedtuple('Card', 'rank suit')):
            def __init__(self, rank, suit):
                print('init', rank)
                self.label = '%s of %s' % (rank, suit)
        back = pickle.loads(pickle.dumps([Point(1, [2]), Card(12, 'hearts')]))
        print(back, back[1].label, type(back[1]).__name__, Point.__module__)
    """)

def test_files_and_errors(sandbox: Sandbox, in_tmp) -> None:  # noqa: F811
    same(sandbox, """
        import pickle
        with open('scores.pkl', 'wb') as f:
            pickle.dump({'ann': [90, 85]}, f)
        with open('scores.pkl', 'rb') as f:
            print(pickle.load(f))
        for bad in ('text', b''):
            try:
                pickle.loads(bad)
            except TypeError:
                print('TypeError')
            except pickle.UnpicklingError:
                print('UnpicklingError')
            except EOFError:
                print('EOFError')
        try:
            pickle.dumps(lambda: 1)
        except Exception as e:
            print(isinstance(e, (pickle.PicklingError, AttributeError, TypeError)))
    """)
