"""random: the same numbers as CPython for the same seed (differential)."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


@pytest.mark.parametrize("seed", [0, 1, 42, 12345, 2**32 + 7, -5, 2**70 + 3, 3.5, -2.25, "abc", b"xyz", 10**3000])
def test_seeded_sequence_matches_cpython(sandbox: Sandbox, seed: object) -> None:  # noqa: F811
    same(sandbox, f"""
        import random
        random.seed({seed!r})
        print([random.random() for _ in range(3)])
        print([random.randint(1, 6) for _ in range(10)])
        print(random.randrange(0, 100, 5), random.randrange(10), random.getrandbits(70), random.getrandbits(5))
        print(random.choice('abcdefg'), random.uniform(1, 10))
        deck = list(range(20))
        random.shuffle(deck)
        print(deck)
        print(random.sample(range(100), 5), random.sample(range(10000), 8), random.sample('abcdef', 3))
        print(random.choices('abc', k=5), random.choices([1, 2, 3], weights=[1, 5, 10], k=6))
        # libm (log, cos, exp) of MicroPython may differ from glibc in the last bit: 12 digits
        values = [random.gauss(0, 1), random.gauss(10, 2), random.normalvariate(0, 1), random.expovariate(2),
                  random.triangular(0, 10, 3), random.gammavariate(2.0, 1.5), random.betavariate(2, 3)]
        print(['%.12f' % v for v in values])
        print(random.sample(['a', 'b'], k=4, counts=[2, 3]))
    """)


def test_state_and_instances(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import random
        rng = random.Random(7)
        a = [rng.random() for _ in range(3)]
        state = rng.getstate()
        b = rng.randint(0, 1000)
        rng.setstate(state)
        print(a, b == rng.randint(0, 1000))
        random.seed(2024)
        print(random.randint(1, 100))
        try:
            random.choice([])
        except IndexError as e:
            print(e)
        try:
            random.sample(range(3), 5)
        except ValueError as e:
            print(e)
    """)


def test_bisect(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import bisect
        grades = [60, 70, 80, 90]
        print([ 'FDCBA'[bisect.bisect(grades, s)] for s in [33, 99, 77, 70, 89, 90, 100]])
        a = [1, 3, 5]
        bisect.insort(a, 4); bisect.insort_left(a, 3)
        print(a, bisect.bisect_left(a, 3), bisect.bisect_right(a, 3))
    """)


def test_long_mixed_sequences_match_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    # Several blocks of 624 words, every consumer, odd and even word positions at block ends,
    # state saved and restored in the middle of a block.
    same(sandbox, """
        import random
        random.seed(2026)
        print(sum(random.random() for _ in range(1500)))
        print([random.getrandbits(k) for k in (1, 7, 16, 17, 29, 30, 31, 32, 33, 64, 100)])
        print(sum(random.randint(1, 6) for _ in range(2000)), random.randint(-10**12, 10**12))
        print([random.randrange(2**30 - 1) for _ in range(3)], [random.randrange(2**30 + 5) for _ in range(3)])
        print([random.randrange(3, 10**9, 7) for _ in range(5)], random.randint(7, 7))
        for n in (1, 2, 255, 256, 65535, 65536, 2**24 - 1, 2**24, 2**30 - 1, 2**30, 2**31):
            print(n, [random.randrange(n) for _ in range(3)])
        deck = list(range(3000))
        random.shuffle(deck)
        print(deck[:10], deck[-10:], sum(i * v for i, v in enumerate(deck)))
        print(''.join(random.choice('abcdefghij') for _ in range(700)))
        xs = [random.uniform(-1, 1) for _ in range(1000)]
        print(sum(xs), min(xs), max(xs))
        print(['%.12f' % random.gauss(0, 1) for _ in range(5)])
        while True:  # stop at the last word of a block, then draw across the boundary
            state = random.getstate()
            if state[1][-1] == 623:
                break
            random.getrandbits(8)
        print(random.random(), random.random(), random.getrandbits(40))
        random.setstate(state)
        print(random.random(), random.random(), random.getrandbits(40))
        for _ in range(5):  # positions 0 ... 4 after a restore in the middle of a block
            random.getrandbits(3)
            state = random.getstate()
            a = [random.random() for _ in range(700)]
            random.setstate(state)
            print(a == [random.random() for _ in range(700)], state[1][-1], a[-1])
        rng = random.Random(99)
        print(rng.sample(range(10**6), 10), rng.choices(range(50), k=10))
    """)


def test_random_cost_is_linear_and_small(sandbox: Sandbox) -> None:  # noqa: F811
    # Fuel (deterministic) per call: the generator's words are drawn natively in batches, so each
    # further 20,000 calls cost the same (within 10 %; a run's fixed costs cancel out) and a call
    # stays under a small fixed budget (with big integers in guest Python: 26,000 per random()).
    def fuel(code: str) -> int:
        sandbox.reset()
        assert sandbox.run("import random\nrandom.seed(1)\ndeck = list(range(52))").error is None
        result = sandbox.run(code)
        assert result.error is None, result.error
        return result.fuel_used

    for call, budget in (("random.random()", 6_000), ("random.randint(1, 6)", 12_000),
                         ("random.uniform(-1, 1)", 8_000), ("random.choice(deck)", 12_000),
                         ("random.gauss(0, 1)", 20_000)):
        one, two, three = (fuel(f"for _ in range({n}):\n    {call}") for n in (20000, 40000, 60000))
        assert 0.9 < (three - two) / (two - one) < 1.1, (call, one, two, three)
        assert (two - one) / 20000 < budget, (call, (two - one) / 20000)


def test_interleaved_calls_across_batches_match_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    # The words are drawn in batches of growing size (64, 256, 1,024, 4,096, then 8,192):
    # a fixed mix of every consumer, 1- and 2-word draws alternating so every batch boundary is
    # met at odd and even positions, with states saved and restored across boundaries, two
    # instances drawn alternately and a re-seed in the middle.
    same(sandbox, """
        import random
        a = random.Random(11)
        b = random.Random(12)
        out = []
        saved = []
        for i in range(4000):
            r = a if i % 3 else b
            kind = (i * 7) % 11
            if kind == 0:
                out.append(r.random())
            elif kind == 1:
                out.append(r.randint(1, 6))
            elif kind == 2:
                out.append(r.getrandbits(1 + i % 64))
            elif kind == 3:
                out.append(r.choice('abcdefghijklmnopqrstuvwxyz' * 11))
            elif kind == 4:
                out.append(round(r.gauss(0, 1), 9))
            elif kind == 5:
                out.append(r.uniform(-3, 3))
            elif kind == 6:
                deck = list(range(i % 300))
                r.shuffle(deck)
                out.append(deck[:3])
            elif kind == 7:
                out.append(r.randrange(10**12))
            elif kind == 8:
                out.append(r.sample(range(1000), 3))
            elif kind == 9:
                saved.append(r.getstate())
                out.append(r.randrange(2**30 + 1))
            else:
                out.append(r.choices('xyz', k=2))
            if i == 2500:
                a.seed(2**80 + 5)
            if i % 997 == 0 and saved:
                a.setstate(saved[-1])
        print(len(out), hash(str(out)) == hash(str(out)))
        print(out[:40])
        print(out[-40:])
        print(sum(x for x in out if type(x) is float))
        print(sum(x for x in out if type(x) is int))
        print(a.getstate()[1][-1], b.getstate()[1][-1], a.getstate() == a.getstate())
        st = (3, tuple(range(624)) + (5,), None)
        a.setstate(st)
        print([a.random() for _ in range(3)], a.getstate()[1][620:])
    """)


def test_bad_states_are_refused_as_cpython_does(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import random
        r = random.Random(1)
        for st in [(3, (0,) * 624, None), (3, (0,) * 624 + (625,), None), (3, (2**32,) + (0,) * 624, None),
                   (3, (-1,) + (0,) * 624, None), (4, (0,) * 625, None)]:
            try:
                r.setstate(st)
                print('accepted')
            except (ValueError, OverflowError, TypeError) as e:
                print(type(e).__name__)
        print(r.random())
    """, messages=False)


def test_generator_state_follows_rollback(sandbox: Sandbox) -> None:  # noqa: F811
    # The state lives in guest memory: a cell stopped by its fuel limit is rolled back together
    # with every word it drew, so the next cell continues from the state before it (as the
    # sequence CPython draws from the same seed shows).
    import random

    from mpwasm_kernel import Limits as _Limits

    with Sandbox(_Limits(fuel=2_000_000_000)) as sb:
        assert sb.run("import random\nrandom.seed(77)\nfirst = [random.random() for _ in range(700)]").error is None
        stopped = sb.run("junk = [random.random() for _ in range(3000)]\nwhile True:\n    pass")
        assert stopped.error is not None and stopped.rolled_back
        again = sb.run("print(repr(random.random()), random.getrandbits(40))")
    expected = random.Random(77)
    for _ in range(700):
        expected.random()
    assert again.stdout == f"{expected.random()!r} {expected.getrandbits(40)}\n"


def test_malformed_seeding_requests_get_an_error_reply(sandbox: Sandbox) -> None:  # noqa: F811
    # Guest code can write the channel device itself: a bad seeding request is refused in the
    # reply, never an exception in the host; `random` keeps working afterwards.
    sandbox.reset()
    result = sandbox.run("""
import _mpk_channel, struct
dev = _mpk_channel._open()
dev.write(b"\\x03" + struct.pack("<I", 3) + b"x12")
head = dev.read(8)
print(head[:4], dev.read(struct.unpack("<I", head[4:])[0]))
import random
random.seed(3)
print(random.random())
""")
    assert result.error is None, result.error
    import random

    lines = result.stdout.splitlines()
    assert lines[0] == "b'MTER' b'random: malformed seeding request'"
    assert lines[1] == repr(random.Random(3).random())



def test_random_survives_an_exception_in_its_refill(sandbox: Sandbox) -> None:  # noqa: F811
    # A batch consumer's refill that raises (a MemoryError growing the buffers) leaves the position
    # where it was: the consumer's exception reaches the caller, and every later draw (the native
    # random(), uniform() and _randbelow read the same position) goes on exactly where it left off.
    sandbox.reset()
    result = sandbox.run("""
import random
r = random.Random(8)
random.seed(9)
out = [r.random() for _ in range(5)] + [r.randint(1, 6), random.random()]
def broken(inst, count):
    raise ZeroDivisionError('refill')
for inst in (r, random._inst):
    inst.setstate(inst.getstate())  # no batch: the next consumer refills
saved = random._GROW
random._GROW = (broken, broken)
try:
    r.getrandbits(20)
except ZeroDivisionError as e:
    print('raised', e)
random.random()
try:
    random.getrandbits(3)
except ZeroDivisionError as e:
    print('raised', e)
random._GROW = saved
out += [r.random() for _ in range(3)] + [random.random() for _ in range(3)]
out += [r.randint(1, 10**6), random.uniform(0, 1), r.randint(1, 6)]
print(out)
""")
    assert result.error is None, result.error
    import random

    r, m = random.Random(8), random.Random(9)
    expected = [r.random() for _ in range(5)] + [r.randint(1, 6), m.random()]
    m.random()
    expected += [r.random() for _ in range(3)] + [m.random() for _ in range(3)]
    expected += [r.randint(1, 10**6), m.uniform(0, 1), r.randint(1, 6)]
    assert result.stdout.splitlines() == ["raised refill", "raised refill", repr(expected)]


def test_copies_and_pickles_continue_the_sequence(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import copy, pickle, random
        r = random.Random(1)
        r.random()
        c, d = copy.copy(r), copy.deepcopy(r)
        p = pickle.loads(pickle.dumps(r))
        print(c.random(), d.random(), p.random(), r.random(), c.randint(1, 99), r.randint(1, 99))
        print(type(p).__name__, p.getstate() == c.getstate())
    """)


def test_interrupted_random_loops_keep_random_working() -> None:
    # A KeyboardInterrupt lands at a jump of whatever Python code runs; random() is a native draw
    # (no jump inside), so the interrupt reaches the caller between draws: a reference taken before
    # (`from random import random`) still draws, in step with the module's state. (Where each
    # interrupt lands is up to the clock; every outcome must pass.)
    import threading

    from mpwasm_kernel import Limits as _Limits

    with Sandbox(_Limits(wall_seconds=60.0)) as sb:
        assert sb.run("import random\nfrom random import random as alias\nrandom.seed(3)").error is None
        for i in range(6):
            timer = threading.Timer(0.05 + 0.04 * i, sb.interrupt)
            timer.start()
            stopped = sb.run("for _ in range(10**8):\n    alias()")
            timer.cancel()
            assert stopped.error is not None and stopped.error.ename == "KeyboardInterrupt", stopped.error
            check = sb.run("st = random.getstate()\na = alias()\nrandom.setstate(st)\nprint(a == random.random())")
            assert check.error is None and check.stdout == "True\n", (check.stdout, check.error)


def test_randint_arguments_match_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    # randint's fast path takes any pair whose difference is an int (bools too) and leaves the
    # rest to randrange: ranges of 1, 255, 256 and 2**30 values and more, negative and big ends,
    # an empty range, and the sequence after each, interleaved with random().
    same(sandbox, """
        import random
        random.seed(77)
        out = []
        for a, b in [(1, 6), (7, 7), (-3, 3), (0, 254), (0, 255), (0, 256), (True, 5), (False, True),
                     (-10**20, 10**20), (2**40, 2**40 + 3), (0, 2**30 - 1), (0, 2**30), (5, 2**31)]:
            out.append([random.randint(a, b) for _ in range(5)])
            out.append(random.random())
        print(out)
        print([type(random.randint(True, True)).__name__, type(random.randint(False, 3)).__name__])
        for a, b in [(6, 1), (0, -1)]:
            try:
                random.randint(a, b)
            except ValueError as e:
                print('ValueError', e)
        print(random.randint(1, 6), random.random())
    """)


def test_shuffle_of_lists_and_other_sequences_matches_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    # shuffle() keeps the word position in locals for a list (stored back at the end) and draws
    # inline for every size up to 2**30 items: lists of every size around the 256- and
    # 65,536-item steps of its bit-length tables and across batches, a list subclass and a
    # bytearray (the general loop), each followed by other consumers.
    same(sandbox, """
        import random
        random.seed(31)
        class L(list):
            pass
        out = []
        for size in (0, 1, 2, 52, 255, 256, 257, 600, 5000, 65536, 65537, 70000):
            deck = list(range(size))
            random.shuffle(deck)
            out.append((deck[:5], deck[-5:], sum(deck[::7]), random.randint(1, 6), random.random()))
        sub = L(range(300))
        random.shuffle(sub)
        data = bytearray(range(200))
        random.shuffle(data)
        print(out, sub[:10], list(data[:10]), random.choice('xyz'), random.getrandbits(33))
    """)


def test_import_loads_only_the_common_part(sandbox: Sandbox) -> None:  # noqa: F811
    # `import random` and its common calls load neither the less used part (_random_more) nor
    # the library's sys.py, math.py or _mpk_lib (MicroPython's own modules serve random.py);
    # the first use of a less used call loads it, with CPython's results (differential tests
    # above), and `random.SystemRandom` is reached through the module's __getattr__.
    sandbox.reset()
    result = sandbox.run("""
import random
random.seed(3)
x = (random.random(), random.randint(1, 6), random.choice('ab'), random.uniform(0, 1), random.gauss(0, 1),
     random.randrange(10), random.getrandbits(40))
deck = list(range(10))
random.shuffle(deck)
mods = __import__('_mpk_runtime').sys.modules
print(sorted(m for m in ('_random_more', '_mpk_lib', 'sys', 'math') if m in mods))
random.sample(range(10), 2)
print('_random_more' in mods, random.SystemRandom.__name__, random.SystemRandom().random() < 1.0)
""")
    assert result.error is None, result.error
    assert result.stdout == "[]\nTrue SystemRandom True\n"


def test_rollback_in_the_middle_of_a_batch_and_reset() -> None:
    # A stop rolls the state back with the batch and its position (the words drawn natively are
    # guest memory like the rest), whatever the stopped cell drew, seeded again or not; a reset
    # gives a fresh module that seeds as CPython does.
    import random

    from mpwasm_kernel import Limits as _Limits

    with Sandbox(_Limits(fuel=3_000_000_000)) as sb:
        setup = "import random\nrandom.seed(5)\nr = random.Random(6)\na = [random.random() for _ in range(3001)]\n"
        setup += "b = [r.randint(1, 6) for _ in range(777)]"
        assert sb.run(setup).error is None
        for junk in ("random.random()", "random.seed(99)", "r.shuffle(list(range(300)))", "r.setstate(random.getstate())"):
            stopped = sb.run(f"for _ in range(500):\n    {junk}\nwhile True:\n    pass")
            assert stopped.error is not None and stopped.rolled_back, junk
        again = sb.run("print(repr(random.random()), r.randint(1, 6), random.getrandbits(33), repr(r.random()))")
        sb.reset()
        fresh = sb.run("import random\nrandom.seed(5)\nprint(repr(random.random()))")
    m, i = random.Random(5), random.Random(6)
    for _ in range(3001):
        m.random()
    for _ in range(777):
        i.randint(1, 6)
    assert again.stdout == f"{m.random()!r} {i.randint(1, 6)} {m.getrandbits(33)} {i.random()!r}\n"
    assert fresh.stdout == f"{random.Random(5).random()!r}\n"


def test_subclasses_overriding_random_are_used_by_the_other_methods(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import random
        class Half(random.Random):
            def random(self):
                return 0.5
        class Twice(random.Random):
            def random(self):
                return super().random() * 0.5
        h, t = Half(1), Twice(2)
        print(h.uniform(0, 10), h.expovariate(2.0), h.random(), h.randint(1, 100), h.choice('abc'))
        print([t.random() for _ in range(3)], t.uniform(-1, 1), round(t.gauss(0, 1), 9), t.randint(1, 6))
        print(t.getrandbits(40), t.getstate() == Twice(2).getstate(), random.Random(2).random() * 0.5)
        deck = list(range(20))
        t.shuffle(deck)
        print(deck, t.sample(range(100), 4), t.randrange(0, 50, 5), t.choice([1, 2, 3]))
        class Bits(random.Random):
            def getrandbits(self, k):
                return super().getrandbits(k) ^ 1
        class Both(Twice):
            def getrandbits(self, k):
                return 5 % (1 << k) if k else 0
        b, o = Bits(3), Both(4)
        print(b.randint(1, 100), b.choice('abcdef'), b.random(), o.randint(0, 9), o.choice('xyz'), o.random())
        class Own(Twice):
            def randint(self, a, b):
                return a
        print(Own(5).randint(3, 9), Own(5).choice('pq'))
    """)


def test_interrupted_loops_of_every_consumer_keep_the_sequence() -> None:
    # Interrupts land anywhere in loops of each consumer (a native refill in between included):
    # afterwards the module's state saved and restored gives the same draws, and a copy of the
    # state drawn on the host gives the same numbers as the guest.
    import random
    import threading

    from mpwasm_kernel import Limits as _Limits

    with Sandbox(_Limits(wall_seconds=60.0)) as sb:
        assert sb.run("import random\nrandom.seed(4)\ndeck = list(range(52))").error is None
        for i, loop in enumerate(("random.randint(1, 6)", "random.shuffle(deck)", "random.uniform(0, 1)",
                                  "random.choice(deck)", "random.gauss(0, 1)", "random.random()")):
            timer = threading.Timer(0.05 + 0.03 * i, sb.interrupt)
            timer.start()
            stopped = sb.run(f"for _ in range(10**8):\n    {loop}")
            timer.cancel()
            assert stopped.error is not None and stopped.error.ename == "KeyboardInterrupt", stopped.error
            check = sb.run("st = random.getstate()\nprint(st[1][-1], [random.random(), random.randint(1, 9)],"
                           " random.getrandbits(31))")
            assert check.error is None, check.error
            host = random.Random()
            state = sb.run("print(list(st[1]))").stdout
            host.setstate((3, tuple(int(x) for x in state.strip()[1:-1].split(",")), None))
            expected = f"{host.getstate()[1][-1]} {[host.random(), host.randint(1, 9)]} {host.getrandbits(31)}\n"
            assert check.stdout == expected, (loop, check.stdout, expected)
