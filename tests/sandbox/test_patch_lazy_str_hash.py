"""The `lazy_str_hash` patch (wasm/patches/lazy_str_hash.py): a str or bytes made by concatenation,
`join`, formatting, `str()`, slicing or splitting is hashed when it is first hashed (a dict or set
operation, `hash()`), once, not when it is made.

Fuel is deterministic. Building a string by `s += p` costs what allocating its successive buffers
costs plus under `MAX_EXTRA_PER_BYTE` fuel per byte made (upstream hashed every new string: ~14
fuel a byte more, so `s += str(i)` for 10**5 pieces took ~500 G fuel instead of ~160 G). The first
hash of a big built string pays for its bytes, 20 more cost next to nothing (the hash is kept in
the object). Built strings and bytes behave as CPython's as keys, in sets, in
equality and order, `hash()` agreement, attribute names and `**kwargs` (`DIFF_CELL`). `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must
fail."""

from __future__ import annotations

from itertools import accumulate

from patch_builds import differs_from_cpython, fuel_after

from mpwasm_kernel import Limits, Sandbox

PIECES = 5_000  # ~47 MB of strings made: within the default memory limit without collections in calls
MAX_EXTRA_PER_BYTE = 4  # fuel a byte beyond the allocation: ~0.8 patched, ~14 when every string is hashed
BIG = 1_000_000  # bytes of the built string hashed once, then `REHASHES` times more
REHASHES = 20
MIN_FIRST_PER_BYTE = 5  # fuel a byte of the first hash (djb2: ~14; ~1 when it was hashed when made)
MAX_MORE_PER_BYTE = 2  # fuel a byte of all the later hashes together (~0 kept; ~14 each if recomputed)
BUILD = "s = ''\nfor p in P:\n    s += p"
ALLOCATE = "n = 0\nfor p in P:\n    n += len(p)\n    b = bytearray(n)"
SETUP = f"P = [str(i) for i in range({PIECES})]"
MADE = f"t = 'x' * {BIG} + 'y'"

# Strings and bytes made by every kind of constructor, used before and after they are hashed.
DIFF_CELL = r"""
import json, math

class Box:
    pass

def same(label, values):
    first = values[0]
    print(label, all(v == first for v in values), len({hash(v) for v in values}) == 1, len(set(values)))

made = ['k' + 'ey_7', ''.join(['k', 'ey', '_', '7']), '{}_{}'.format('key', 7), '%s_%d' % ('key', 7),
        f"{'key'}_{7}", 'xxkey_7yy'[2:-2], 'a key_7 b'.split()[1], 'KEY_7'.lower(), '  key_7 '.strip(),
        repr('key_7')[1:-1], json.loads('"key_7"'), ('key_7' * 3)[5:10], b'key_7'.decode(),
        str(b'key_7', 'utf-8'), 'key_' + str(7), 'key_7']
same('str', made)
table = {'key_7': 'literal'}
print([table[m] for m in made], [m in table for m in made])
for i, m in enumerate(made):
    d = {m: i}
    print(d['key_7'], d.get('k' + 'ey_7'), 'key_7' in d, ('key_' + '7') in {m})

# compared before either is hashed: equal lengths, equal prefixes
a, b = 'x' * 50 + 'a', 'x' * 50 + 'b'
print(a == b, a != b, a < b, a == 'x' * 50 + 'a', a in [b, 'x' * 51], a in (b, 'x' * 50 + 'a'))
print(hash(a) == hash('x' * 50 + 'a'), hash(a) == hash(a), a == b, {a: 1}.get(b), {a: 1}.get('x' * 50 + 'a'))
print(hash('a'[:0]) == hash(''), '' + '' == '', {'' + '': 0}[''], hash(b''[:0]) == hash(b''))

# big tables (hash maps, and from 32,768 slots str keys placed by their bytes)
words = ['w' + str(i) for i in range(40000)]
counts = {}
for w in words + ['w%d' % (i * 7) for i in range(5000)]:
    counts[w] = counts.get(w, 0) + 1
print(len(counts), counts['w0'], counts['w7'], counts['w8'], counts.get('w' + '39999'), counts.get('w40000'))
print(sum(counts['w%d' % i] for i in range(40000)), len(set(words)), 'w123' in set(words))
lit = {'alpha': 1, 'beta': 2, 'gamma': 3}
print([lit['al' + 'pha'], lit[''.join(['be', 'ta'])], lit['GAMMA'.lower()]],
      sorted(lit) == sorted(['gam' + 'ma', 'beta', 'alpha']))
text = ' '.join('w%d' % (i % 97) for i in range(3000))
freq = {}
for w in text.split():
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:5])

# keys inside tuples and frozensets
t = {('a' + 'b', 1): 'tuple'}
print(t[('ab', 1)], ('ab', 1) in t, hash(('a' + 'b', 1)) == hash(('ab', 1)))
f = frozenset(['a' + 'b', 'c' * 2])
print(f == frozenset(['ab', 'cc']), hash(f) == hash(frozenset(['cc', 'ab'])), {f: 1}[frozenset(['ab', 'cc'])])

# names: attributes, globals, keyword arguments, classes made with built names
o = Box()
setattr(o, 'at' + 'tr', 5)
print(o.attr, getattr(o, ''.join(['a', 'ttr'])), hasattr(o, 'att' + 'r'), o.__dict__['a' + 'ttr'])
delattr(o, 'attr'[:2] + 'tr')
print(hasattr(o, 'attr'), getattr(math, 'sq' + 'rt')(16.0))
globals()['made_' + 'name'] = 41
print(made_name + 1, globals()['made_name'])

def g(alpha=0, beta=0):
    return alpha * 10 + beta

def kw(**k):
    return sorted(k.items())

print(g(**{'al' + 'pha': 1, ''.join(['be', 'ta']): 2}), kw(**{'x' + str(i): i for i in range(5)}))
T = type('T', (), {'me' + 'thod': lambda self: 42})
print(T().method(), getattr(T(), 'meth' + 'od')())

# bytes made by concatenation, join, slicing, encoding
bs = [b'ab' + b'c', b''.join([b'a', b'bc']), b'xabcx'[1:4], 'abc'.encode(), bytes('ab' + 'c', 'utf-8'), b'abc']
same('bytes', bs)
print({bs[0]: 1}[b'abc'], b'abc' in set(bs), {b'abc': 2}[bs[2]], bytes(bs[3]) == b'abc')
try:
    {}['miss' + 'ing']
except KeyError as e:
    print(repr(e.args[0]))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    made = sum(accumulate(len(str(i)) for i in range(PIECES)))  # bytes of all the strings `BUILD` makes
    extra = (fuel_after(sb, SETUP, BUILD) - fuel_after(sb, SETUP, ALLOCATE)) / made
    if extra >= MAX_EXTRA_PER_BYTE:
        problems.append(f"s += p: {extra:.1f} fuel per byte beyond allocating the buffers (new strings hashed?)")
    made_only = fuel_after(sb, "", MADE)
    hashed = fuel_after(sb, "", MADE + "\nh = hash(t)")
    more = fuel_after(sb, "", MADE + f"\nh = hash(t)\nfor i in range({REHASHES}):\n    h = hash(t)") - hashed
    if hashed - made_only < MIN_FIRST_PER_BYTE * BIG:
        problems.append(f"the first hash of a built {BIG}-byte string cost {hashed - made_only} fuel: "
                        "hashed when made, not on first use")
    if more >= MAX_MORE_PER_BYTE * BIG:
        problems.append(f"{REHASHES} more hashes of it cost {more} fuel: the first hash is not kept")
    return problems + differs_from_cpython(sb, DIFF_CELL, "built strings")


def test_built_strings_are_hashed_once_on_first_use() -> None:
    with Sandbox(Limits(wall_seconds=600)) as sb:
        assert check(sb) == []


def test_built_strings_behave_as_cpython() -> None:
    with Sandbox(Limits(wall_seconds=120)) as sb:
        assert differs_from_cpython(sb, DIFF_CELL, "built strings") == []
