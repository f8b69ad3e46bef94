"""The `str_append` patch (wasm/patches/str_append.py): `s + t` writes `t` into spare room after
`s` when no string has used it yet, so building a string by appending takes linear time.

`check` is the patched behaviour: `s += str(i)` over N, 2N and 4N steps takes fuel growing
linearly (each doubling at most `MAX_RATIO` times the fuel; upstream copies the whole string at
every step: ~4× per doubling), and the cells below print what host CPython prints. They append to
older and newer versions of strings that share a block (every older version keeps its value,
length, hash, slices and dict-key identity), build five strings alternately (more than the
patch's three appended-to entries), append in functions, to attributes, list items and dict
values, with `s = s + t`, `t + s`, `s + s` and multi-byte characters; and they read older
versions as C strings (`struct` formats, `re` patterns, `array` type codes, `json` separators:
`mp_obj_str_get_str`, whose byte after an older string's end is the next string's text).
`test_build_pipeline.py` runs `check` on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython, differs_from_cpython

from mpwasm_kernel import Sandbox

N = 2_000  # small enough for builds without collections inside calls (their garbage stays until the end)
APPEND = "s = ''\nfor i in range({n}):\n    s += str(i)\nprint(len(s))"
MAX_RATIO = 2.6  # fuel(2n) / fuel(n); patched ~2.0, without the patch ~4 (every step copies the string)

VERSIONS_CELL = """
s = 'start'
versions = []
for i in range(400):
    s += str(i) + ('é' if i % 7 == 0 else '') + ('€' if i % 11 == 0 else '')
    versions.append(s)
print(len(s), s[-30:], hash(s) == hash(''.join(versions[-1])))
old = versions[100]
branch1 = old + 'X'
branch2 = old + 'Y'
print(old[-10:], branch1[-10:], branch2[-10:], len(old), len(branch1), branch1 == branch2, branch1 < branch2)
newer = branch1 + 'Z' * 50
branch1 += '!'
print(newer[-55:], branch1[-5:], len(newer), len(branch1))
print(all(versions[k] == versions[k + 1][:len(versions[k])] for k in range(len(versions) - 1)))
print([len(v) for v in versions[::37]], [v[-6:] for v in versions[::53]])
d = {v: k for k, v in enumerate(versions)}
print(len(d), d[versions[123]], d[old], versions[77] in d, (old + 'X') in d, branch2 in d)
print(len(set(versions)), len({hash(v) for v in versions}) > 390)
print(versions[5] is versions[6], (s + '') is s, ('' + s) is s, (s + 'a') is s)
t = s
s += 'tail'
print(t == s, t == s[:-4], len(t), t[-5:], s[-9:], s.endswith('tail'), t.endswith('tail'))
print(old.find('99'), old.count('1'), old.split('9')[:3], old.replace('é', 'e').upper()[-8:])
print(old[::-1][:8], old.encode()[-6:])
print(int(versions[0][5]), [versions[k][-1] for k in range(0, 400, 41)], int(versions[30][-2:]))
print(str(old), repr(old[-12:]), '%s|%r' % (old[-4:], old[-4:]), f'{old[-6:]:>10}', old.replace('1', '_')[-9:])
print(sorted(versions[:20])[:3] == sorted(versions[:20], key=len)[:3], max(versions[:50]) == versions[49])
for ch in old[-8:]:
    print(ch, end='.')
print(old[len(old) - 1], old[-1], versions[0][-1], list(reversed(versions[3]))[:4])
a = 'x'
a = a + a
a = a + a + a
a += a
print(a, len(a), a is not None)
"""

SHAPES_CELL = """
def build(n):
    out = ''
    for i in range(n):
        out = out + str(i % 10)
    return out
class Box:
    def __init__(self):
        self.text = ''
b = Box()
items = ['', 'a']
table = {'k': ''}
for i in range(300):
    b.text += chr(65 + i % 26)
    items[0] += str(i)
    items[1] = items[1] + ',' + str(i)
    table['k'] += 'ü' if i % 3 else 'ab'
print(build(257)[-20:], len(build(1000)))
print(b.text[-30:], len(b.text), items[0][-20:], len(items[1]), items[1][:12], table['k'][-9:], len(table['k']))
strs = ['', '', '', '', '']
for i in range(200):
    for k in range(5):
        strs[k] += str(i * (k + 1))
print([len(x) for x in strs], [x[-7:] for x in strs], len(set(strs)))
pre = ''
for i in range(120):
    pre = str(i) + pre
print(pre[:20], len(pre))
acc = 'q'
snap = []
for i in range(100):
    acc += str(i)
    if i % 10 == 0:
        snap.append(acc)
        acc = snap[len(snap) // 2] + '/'
print(acc[-15:], len(acc), [len(x) for x in snap])
"""

C_STRING_CELL = """
import struct, re, array, json
fmt = '<'
fmts = []
for c in 'hhiB':
    fmt += c
    fmts.append(fmt)
print([struct.calcsize(f) for f in fmts], struct.pack(fmts[1], 1, 2), struct.unpack(fmts[0], b'\\x01\\x00'))
pat = 'a'
pats = []
for c in 'b+c*d':
    pat += c
    pats.append(pat)
print([bool(re.match(p, 'abbbd')) for p in pats], [re.compile(p).match('abbcd') is not None for p in pats])
print(re.sub(pats[1], 'X', 'zabbbz'), re.split(pats[0], 'xabyabz'))
code = 'b'
codes = [code]
code += 'xyz'
print(list(array.array(codes[0], [1, 2, 3])))
sep = ','
seps = [sep]
sep += ' '
print(json.dumps([1, 2], separators=(seps[0], ':')), json.dumps([1, 2], separators=(sep, ':')))
word = 'abc'
words = [word]
word += 'def'
print(words[0].upper(), words[0].center(7, '*'), words[0] == 'abc', hash(words[0]) == hash('abc'), float('1' + '.5'))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = differs_from_cpython(sb, VERSIONS_CELL, "strings appended to older and newer versions")
    problems += differs_from_cpython(sb, SHAPES_CELL, "appending in functions, attributes, items")
    problems += differs_from_cpython(sb, C_STRING_CELL, "older versions read as C strings")
    fuel = []
    for n in (N, 2 * N, 4 * N):
        sb.reset()
        r = sb.run(APPEND.format(n=n))
        if r.error is not None:
            return [*problems, f"s += str(i) over {n} steps failed: {r.error}"]
        fuel.append(r.fuel_used)
    for small, large in zip(fuel, fuel[1:], strict=False):
        if large / small > MAX_RATIO:
            problems.append(f"s += str(i) is not linear: fuel {fuel} for {N}, {2 * N}, {4 * N} steps")
            break
    return problems


def test_appending_takes_linear_fuel() -> None:
    with Sandbox() as sb:
        assert check(sb) == []


def test_append_after_a_rollback_does_not_reuse_forgotten_room() -> None:
    """A run that appended and then failed is rolled back (`atomic`: memory restored, the room
    entries dropped by the host): the next run's appends to a string made before still give CPython's values."""
    with Sandbox() as sb:
        assert sb.run("base = 'ab' + str(12)\nkeep = [base]").error is None
        failed = sb.run("grown = base\nfor i in range(50):\n    grown += str(i)\nraise ValueError(grown[-3:])",
                        atomic=True)
        assert failed.error is not None and failed.rolled_back
        r = sb.run("x = base + 'Q'\ny = base + 'R'\nprint(base, x, y, keep[0] is base, len(base))")
        assert r.error is None, r.error
        assert r.stdout == "ab12 ab12Q ab12R True 4\n"


def test_gc_during_appends_keeps_every_version() -> None:
    """With a collection after every 4 KiB allocated, shared blocks survive as long as any version
    is referenced, and versions dropped are collected: the values equal CPython's."""
    with Sandbox() as sb:
        sb.run("__import__('gc').threshold(4096)")
        cell = ("keep = []\ns = ''\nfor i in range(3000):\n    s += str(i)\n    if i % 250 == 0:\n"
                "        keep.append(s)\n    junk = [str(i)] * 3\n"
                "print(len(s), [len(k) for k in keep], [k[-4:] for k in keep], s[-8:])\n"
                "print(all(s.startswith(k) for k in keep))")
        r = sb.run(cell)
        assert r.error is None, r.error
        assert r.stdout == cpython(cell)


def test_native_match_objects_have_no_span() -> None:
    """The patch's 0-terminated copies are sound because no compiled caller of
    `mp_obj_str_get_str` uses its pointer as a base for offsets; the one upstream has
    (`match.span()` of the native `re`, reachable as `ure`) is not in this build."""
    with Sandbox() as sb:
        r = sb.run("import ure\nm = ure.search('b', 'x' + str(12) + 'ab')\n"
                   "print(m.group(0), [n for n in ('span', 'start', 'end') if hasattr(m, n)])")
        assert r.error is None, r.error
        assert r.stdout == "b []\n"
