"""Generated GC stress corpus: random programs run in the sandbox and in CPython, outputs compared.

Each program (one per seed, fully determined by it) mixes snippets that keep live data in places a
collector must find — closures, suspended generators, exceptions in flight inside loops,
`try/finally`, recursion, `sorted`/`min`/`max` with key functions, dict and set growth, string
building, bound methods stored in containers, callbacks from builtins (`map`, `filter`,
`sorted(key=...)`, `functools.reduce`, `list(gen)`) — while allocating garbage in between, then
prints checksums of the live data. A program is split into several cells run one after another in
one sandbox (a collection runs between cells with state kept across them), and some programs are
stopped by an interrupt mid-cell and then checked by an integrity cell.

The expected output of every cell is CPython's (the same source `exec`'d in this process, in one
namespace per program); a divergence is any difference in stdout or in the exception type name.

    python -m benchmarks.gc_stress                  # 2,000 programs; writes results/gc_stress.json
    python -m benchmarks.gc_stress --count 200 --seed 7
    python -m benchmarks.gc_stress --count 200 --threshold 4096   # collect every 4 KiB allocated
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
# A cell that ends with one of these did not run to completion for lack of memory or time: reported
# apart from divergences (wrong output), which a missed root would cause.
LIMIT_STOPS = {"!MemoryError", "!MemoryLimitExceeded", "!TimeLimitExceeded", "!FuelExhausted"}

# One snippet: a function of (rng, tag) returning source lines at indentation 0. `tag` makes names
# unique inside a program. Every snippet prints only integers, strings and exception type names,
# so CPython and MicroPython print the same text.


def _closures(r: random.Random, t: str) -> str:
    n = r.randint(20, 400)
    return f"""
def make_{t}(k):
    data = [k] * (k % 7 + 1)
    def add(x):
        return x + sum(data) + len(str(k))
    return add
fs_{t} = [make_{t}(i) for i in range({n})]
junk_{t} = [str(i) * 3 for i in range({n})]
print('closures', sum(f(i) for i, f in enumerate(fs_{t})))
"""


def _generators(r: random.Random, t: str) -> str:
    n, cut = r.randint(50, 3000), r.randint(5, 40)
    return f"""
log_{t} = []
def gen_{t}(n):
    held = []
    try:
        for i in range(n):
            held.append(str(i))
            yield (i, held[-1], len(held))
    finally:
        log_{t}.append(len(held))
def pipe_{t}(n):
    for a, b, c in gen_{t}(n):
        if a % 3:
            yield a * c + len(b)
total_{t} = 0
for v in pipe_{t}({n}):
    total_{t} += v
g_{t} = gen_{t}({n})
first_{t} = [next(g_{t}) for _ in range({cut})]
g_{t}.close()
print('generators', total_{t}, sum(x[0] for x in first_{t}), log_{t}, sum(list(pipe_{t}({n} // 2))))
"""


def _exceptions(r: random.Random, t: str) -> str:
    n, m = r.randint(100, 2000), r.randint(2, 9)
    return f"""
class Err_{t}(Exception):
    def __init__(self, payload):
        super().__init__('e')
        self.payload = payload
caught_{t} = []
fin_{t} = 0
for i in range({n}):
    try:
        try:
            if i % {m} == 0:
                raise Err_{t}([i, str(i), (i, i)])
            if i % {m + 1} == 0:
                raise KeyError(str(i))
            x = [i] * 3
        finally:
            fin_{t} += 1
    except Err_{t} as e:
        caught_{t}.append(e.payload)
    except KeyError as e:
        caught_{t}.append(e.args[0])
    else:
        caught_{t}.append(x[2])
print('exceptions', fin_{t}, len(caught_{t}), sum(c[0] if isinstance(c, list) else len(str(c)) for c in caught_{t}))
"""


def _recursion(r: random.Random, t: str) -> str:
    d = r.randint(4, 11)
    return f"""
def build_{t}(d):
    if d == 0:
        return [str(d)]
    left = build_{t}(d - 1)
    junk = [d] * 10
    right = tuple(build_{t}(d - 2)) if d > 1 else ()
    return [left, right, 'n' + str(d) * (len(junk) % 3 + 1)]
def count_{t}(x):
    if isinstance(x, str):
        return len(x)
    return sum(count_{t}(y) for y in x)
tree_{t} = build_{t}({d})
print('recursion', count_{t}(tree_{t}))
"""


def _sorting(r: random.Random, t: str) -> str:
    n, seed = r.randint(50, 3000), r.randint(0, 10**6)
    return f"""
vals_{t} = [((i * 7919 + {seed}) % 1009, str(i)) for i in range({n})]
s1_{t} = sorted(vals_{t}, key=lambda p: (p[0], p[1][::-1]))
s2_{t} = sorted(vals_{t}, key=lambda p: str(p[0]) + p[1], reverse=True)
lo_{t} = min(vals_{t}, key=lambda p: [p[0] % 13, p[1]])
hi_{t} = max(vals_{t}, key=lambda p: (len(p[1]), p))
vals_{t}.sort(key=lambda p: p[1] * 2)
print('sorting', s1_{t}[0], s1_{t}[-1], s2_{t}[len(s2_{t}) // 2], lo_{t}, hi_{t}, vals_{t}[:2])
"""


def _dicts(r: random.Random, t: str) -> str:
    n, step = r.randint(100, 5000), r.randint(2, 7)
    return f"""
d_{t} = {{}}
s_{t} = set()
for i in range({n}):
    k = 'k' + str(i % {n // 2 + 1})
    d_{t}.setdefault(k, []).append(i)
    s_{t}.add((i % 97, str(i % 31)))
    if i % {step} == 0:
        d_{t}.pop('k' + str(i // 2), None)
        s_{t}.discard((i % 97, str(i % 31)))
keys_{t} = sorted(d_{t})
print('dicts', len(d_{t}), len(s_{t}), keys_{t}[:3], keys_{t}[-1:], sum(len(v) for v in d_{t}.values()),
      sorted(s_{t})[:2])
"""


def _strings(r: random.Random, t: str) -> str:
    n = r.randint(100, 6000)
    return f"""
s_{t} = ''
parts_{t} = []
for i in range({n}):
    s_{t} += str(i)
    if i % 50 == 0:
        parts_{t}.append(s_{t}[-20:])
joined_{t} = '-'.join(parts_{t})
words_{t} = joined_{t}.split('-')
print('strings', len(s_{t}), s_{t}[-15:], len(words_{t}), joined_{t}[:30], s_{t}.count('7'))
"""


def _methods(r: random.Random, t: str) -> str:
    n = r.randint(20, 800)
    return f"""
class Acc_{t}:
    def __init__(self, name):
        self.name = name
        self.items = []
    def add(self, x):
        self.items.append(x)
        return self
    def key(self, x):
        return (len(self.name) + x) % 11, x
accs_{t} = [Acc_{t}('a' * (i % 5 + 1)) for i in range(10)]
adders_{t} = [a.add for a in accs_{t}]
for i in range({n}):
    adders_{t}[i % 10]([i, str(i)])
keyf_{t} = accs_{t}[3].key
order_{t} = sorted(range({n}), key=keyf_{t})
print('methods', [len(a.items) for a in accs_{t}], order_{t}[:5], sum(x[0] for x in accs_{t}[7].items))
"""


def _callbacks(r: random.Random, t: str) -> str:
    n = r.randint(50, 4000)
    return f"""
import functools
m_{t} = list(map(lambda i: (i, str(i) * 2), range({n})))
f_{t} = list(filter(lambda p: len(p[1]) % 4 == 2, m_{t}))
red_{t} = functools.reduce(lambda acc, p: acc + [p[0]] if p[0] % 5 == 0 else acc, m_{t}, [])
z_{t} = list(zip(map(str, range({n})), (i * i for i in range({n}))))
e_{t} = dict(enumerate(x[1] for x in z_{t}))
print('callbacks', len(f_{t}), sum(red_{t}), z_{t}[-1], e_{t}[len(e_{t}) - 1], min(m_{t}, key=lambda p: p[1])[0])
"""


def _churn(r: random.Random, t: str) -> str:
    n = r.randint(1000, 30000)
    return f"""
keep_{t} = {{'a': [1, 2, 3], 'b': 'x' * 40, 'c': (4, [5, 6])}}
acc_{t} = 0
for i in range({n}):
    tmp = [i, (i, str(i)), {{'k': i}}]
    acc_{t} += len(tmp[1][1]) + tmp[2]['k'] % 3
print('churn', acc_{t}, keep_{t})
"""


def _comprehensions(r: random.Random, t: str) -> str:
    n = r.randint(100, 8000)
    return f"""
tups_{t} = [(i, i * 2, str(i)) for i in range({n})]
d_{t} = {{t[2]: t for t in tups_{t} if t[0] % 3}}
s_{t} = {{t[0] % 101 for t in tups_{t}}}
nested_{t} = [[j for j in range(i % 6)] for i in range({n} // 10)]
print('comprehensions', len(tups_{t}), len(d_{t}), len(s_{t}), sum(map(len, nested_{t})), tups_{t}[-1])
"""


SNIPPETS = (_closures, _generators, _exceptions, _recursion, _sorting, _dicts, _strings, _methods,
            _callbacks, _churn, _comprehensions)


def _in_function(src: str, t: str) -> str:
    """The snippet run inside a function (its names become locals, printed data the same)."""
    body = "".join("    " + line + "\n" if line else "\n" for line in src.strip("\n").split("\n"))
    return f"\ndef body_{t}():\n{body}body_{t}()\n"


@dataclass
class Program:
    """One generated program: cells run in order in one namespace."""

    seed: int
    cells: list[str] = field(default_factory=list)
    interrupt_cell: int | None = None  # this cell is stopped by an interrupt in the sandbox


def generate(seed: int, snippets_per_cell: tuple[int, int] = (1, 3), cells: tuple[int, int] = (1, 4)) -> Program:
    """The program of `seed` (deterministic)."""
    r = random.Random(seed)
    prog = Program(seed)
    n = 0
    for _ in range(r.randint(*cells)):
        parts = []
        for _ in range(r.randint(*snippets_per_cell)):
            n += 1
            t = f"s{n}"
            src = r.choice(SNIPPETS)(r, t)
            parts.append(_in_function(src, t) if r.random() < 0.4 else src)
        prog.cells.append("".join(parts))
    if r.random() < 0.1:
        # An interrupted cell: a loop that allocates until stopped, then cells that use the state.
        prog.interrupt_cell = len(prog.cells)
        prog.cells.append("live = [str(i) for i in range(50)]\nwhile True:\n    live.append(live[-1][:5] + 'x')\n"
                          "    live = live[-100:]\n")
        prog.cells.append("print('after interrupt', len(live), live[0][:5], sorted(set(map(len, live)))[:3])\n")
    return prog


def cpython_outputs(prog: Program) -> list[str]:
    """Each cell's stdout under CPython (the interrupted cell's output is not compared)."""
    ns: dict = {"__name__": "__main__"}
    outs = []
    for i, cell in enumerate(prog.cells):
        if i == prog.interrupt_cell:
            ns["live"] = [str(i) for i in range(50)]
            outs.append("")
            continue
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                exec(cell, ns)
        except Exception as exc:  # noqa: BLE001 - the guest's exception type is compared
            buf.write(f"!{type(exc).__name__}\n")
        outs.append(buf.getvalue())
    return outs


def sandbox_outputs(prog: Program, sandbox, threshold: int | None = None) -> list[str]:
    """Each cell's stdout in `sandbox` (reset first); an interrupt stops the infinite cell. With
    `threshold`, the allocator asks for a collection after every `threshold` bytes allocated
    (`gc.threshold`), so that collections run inside calls far more often than when the heap fills."""
    sandbox.reset()
    if threshold is not None:
        sandbox.run(f"__import__('gc').threshold({int(threshold)})")
    outs = []
    for i, cell in enumerate(prog.cells):
        if i == prog.interrupt_cell:
            import threading

            timer = threading.Timer(0.05, sandbox.interrupt)
            timer.start()
            res = sandbox.run(cell)
            timer.cancel()
            # The stop must keep the interpreter sound; `live` may hold any prefix of the loop's work,
            # so the integrity cell below normalises it (CPython's side starts from the same list).
            sandbox.run("live = [str(i) for i in range(50)]")
            outs.append("")
            continue
        res = sandbox.run(cell)
        out = res.stdout
        if res.error is not None:
            out += f"!{res.error.ename}\n"
        outs.append(out)
    return outs


def run_corpus(count: int, seed: int, sandbox=None, progress: bool = False, wasm: Path | None = None,
               threshold: int | None = None) -> dict:
    """Run `count` programs from `seed` (in `sandbox`, or a new one on the installed build or on the
    interpreter file `wasm`; `threshold`: see `sandbox_outputs`); return counts and the first
    divergences."""
    from benchmarks.upstream_basics import _sandbox
    from mpwasm_kernel.sandbox import Limits

    own = sandbox is None
    if own:
        sandbox = _sandbox(wasm)
        sandbox.limits = Limits(wall_seconds=300.0)
    started = time.monotonic()
    diverged, stopped, cells = [], [], 0
    try:
        for k in range(count):
            prog = generate(seed + k)
            want = cpython_outputs(prog)
            got = sandbox_outputs(prog, sandbox, threshold)
            cells += len(prog.cells)
            for i, (w, g) in enumerate(zip(want, got, strict=True)):
                if w != g:
                    limit = g.rstrip().rpartition("\n")[2] in LIMIT_STOPS
                    (stopped if limit else diverged).append(
                        {"seed": prog.seed, "cell": i, "cpython": w[-400:], "sandbox": g[-400:]})
                    break
            if progress and (k + 1) % 100 == 0:
                print(f"  {k + 1} programs, {len(diverged)} diverged, {len(stopped)} stopped by a limit, "
                      f"{time.monotonic() - started:.0f} s",
                      file=sys.stderr, flush=True)
    finally:
        if own:
            sandbox.close()
    return {"programs": count, "cells": cells, "first_seed": seed, "diverged": len(diverged),
            "divergences": diverged[:20], "limit_stops": len(stopped), "limit_stop_examples": stopped[:5],
            "seconds": round(time.monotonic() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS / "gc_stress.json")
    parser.add_argument("--wasm", type=Path, help="run this interpreter build instead of the installed one")
    parser.add_argument("--threshold", type=int, help="collect after every THRESHOLD bytes allocated (gc.threshold)")
    args = parser.parse_args(argv)
    report = run_corpus(args.count, args.seed, progress=True, wasm=args.wasm, threshold=args.threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{report['programs']} programs, {report['cells']} cells: {report['diverged']} diverged, "
          f"{report['limit_stops']} stopped by a memory or time limit ({report['seconds']} s)")
    return 1 if report["diverged"] else 0


if __name__ == "__main__":
    sys.exit(main())
