"""itertools, functools, operator: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_combinatorics(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from itertools import permutations, combinations, combinations_with_replacement, product
        print(list(permutations('abc')))
        print(list(permutations(range(4), 2)))
        print(list(combinations('ABCD', 2)), len(list(combinations(range(10), 3))))
        print(list(combinations_with_replacement('AB', 3)))
        print(list(product([0, 1], repeat=3)))
        print(list(product('ab', [1, 2])))
        print(list(permutations([])), list(combinations('ab', 3)))
    """)


def test_iterators(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import itertools as it
        print(list(it.islice(it.count(10, 5), 4)), list(it.islice(it.cycle('ab'), 5)))
        print(list(it.repeat('x', 3)), list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], initial=100)))
        import operator
        print(list(it.accumulate([3, 1, 4, 1, 5], max)), list(it.accumulate([1, 2, 3, 4], operator.mul)))
        print(list(it.chain('ab', [1, 2])), list(it.chain.from_iterable(['xy', 'z'])))
        print(list(it.compress('ABCDEF', [1, 0, 1, 0, 1, 1])), list(it.dropwhile(lambda x: x < 3, [1, 4, 2, 5])))
        print(list(it.takewhile(lambda x: x < 3, [1, 2, 4, 1])), list(it.filterfalse(lambda x: x % 2, range(8))))
        for key, group in it.groupby('AAABBCAA'):
            print(key, list(group))
        words = ['apple', 'avocado', 'banana', 'cherry', 'cranberry']
        print([(k, len(list(g))) for k, g in it.groupby(words, key=lambda w: w[0])])
        print(list(it.islice('ABCDEFG', 2, None, 2)), list(it.pairwise('ABCD')))
        print(list(it.starmap(pow, [(2, 5), (3, 2)])), [list(t) for t in it.tee('abc', 2)])
        print(list(it.zip_longest('AB', 'xyz', fillvalue='-')))
        print(next(it.count()), it.count(3), it.repeat(1, 2))
    """)


def test_functools(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from functools import lru_cache, cache, partial, reduce, total_ordering, cached_property, cmp_to_key, wraps

        @lru_cache(maxsize=None)
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)
        for i in range(80):  # bottom-up (this sandbox's recursion limit is issue 10's)
            fib(i)
        print(fib(80), fib.cache_info())
        fib.cache_clear(); print(fib.cache_info())

        @cache
        def fact(n):
            return 1 if n == 0 else n * fact(n - 1)
        print(fact(30))

        @lru_cache(maxsize=2)
        def sq(x):
            return x * x
        for v in [1, 2, 1, 3, 2]:
            sq(v)
        print(sq.cache_info())

        base2 = partial(int, base=2)
        print(base2('1011'), partial(pow, 2)(10), base2.keywords, base2.args)
        print(reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 0))

        @total_ordering
        class Version:
            def __init__(self, major, minor):
                self.key = (major, minor)
            def __eq__(self, other):
                return self.key == other.key
            def __lt__(self, other):
                return self.key < other.key
        a, b = Version(1, 2), Version(1, 10)
        print(a < b, a > b, a <= b, a >= b, b >= a)

        class Circle:
            def __init__(self, r):
                self.r = r
            @cached_property
            def area(self):
                print('computing')
                return 3 * self.r ** 2
        c = Circle(2)
        print(c.area, c.area)

        def compare(x, y):
            return len(x) - len(y)
        print(sorted(['ccc', 'a', 'bb'], key=cmp_to_key(compare)))

        def logged(func):
            @wraps(func)
            def inner(*args):
                return func(*args)
            return inner
        print(logged(lambda x: x + 1)(1))
    """)


def test_wraps_names_the_decorated_function(sandbox: Sandbox) -> None:  # noqa: F811
    """A decorator's `@wraps(func)`: the decorated function's `__name__`, `__qualname__`,
    `__module__`, `__wrapped__` are the function's (issue 26), also as a method."""
    same(sandbox, """
        import functools
        def my_decorator(func):
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                print("before")
                return func(*args, **kwargs)
            return wrapper
        @my_decorator
        def say_hello(name):
            "Greets."
            return "hello " + name
        print(say_hello("bob"), say_hello.__name__, say_hello.__wrapped__.__name__, callable(say_hello))
        class K:
            @my_decorator
            def meth(self, x):
                return x * 2
        print(K().meth(4), K.meth.__name__)
        def timer(f):
            @functools.wraps(f)
            def inner(*a):
                return f(*a)
            return inner
        @timer
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)
        print(fib(15), fib.__name__, fib.__qualname__, fib.__module__)
    """)


def test_operator(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from operator import itemgetter, attrgetter, methodcaller, add, mul
        import operator
        pairs = [('b', 2), ('a', 3), ('c', 1)]
        print(sorted(pairs, key=itemgetter(1)), itemgetter(0, 1)(pairs[0]))
        class P:
            def __init__(self, name):
                self.name = name
        print([p.name for p in sorted([P('z'), P('m')], key=attrgetter('name'))])
        print(methodcaller('upper')('hi'), add(2, 3), mul(4, 5), operator.neg(3), operator.truediv(7, 2))
    """)
