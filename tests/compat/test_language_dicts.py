"""Dict insertion order, differential: every dict, and every instance's attributes (`vars(obj)`,
`obj.__dict__`), keep CPython's order at any size.

The interpreter is patched at build time (wasm/fetch.py): every dict and every instance's
attribute map is created insertion-ordered, and one that reaches 128 entries gets a hash index
(`ordered_index`): it keeps its order, fills in linear time and looks keys up in O(1).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpwasm_kernel import Limits, Sandbox

CELLS = {
    "word_count": """
        text = "the quick brown fox jumps over the lazy dog and the quick cat"
        counts = {}
        for word in text.split():
            counts[word] = counts.get(word, 0) + 1
        print(counts)
        print(list(counts), list(counts.values())[:3], max(counts, key=counts.get))
        for word, n in counts.items():
            print(word, n)
    """,
    "gradebook": """
        grades = dict()
        grades["zoe"] = [90, 80]
        grades["adam"] = [70]
        grades["mia"] = []
        grades.setdefault("bob", []).append(60)
        grades["adam"].append(100)
        print(grades)
        print({name: sum(g) / len(g) for name, g in grades.items() if g})
        del grades["mia"]
        grades["mia"] = [1]
        print(grades, grades.pop("zoe"), grades)
        print(grades.popitem(), grades)
    """,
    "nested_and_json": """
        import json
        config = {}
        config["name"] = "demo"
        config["sizes"] = {}
        config["sizes"]["small"] = 1
        config["sizes"]["large"] = 3
        config["flags"] = {"z": True, "a": False}
        print(json.dumps(config))
        copy = dict(config)
        copy.update(extra=1, another=2)
        print(copy.keys(), {**config, "name": "x"})
    """,
    "update_and_fromkeys": """
        d = {}
        d.update([("b", 1), ("a", 2)])
        d.update({"c": 3})
        d |= {"0": 0}
        print(d, sorted(d) == sorted(d.copy()))
        e = {}
        for i in range(10, 0, -1):
            e[i * 7 % 11] = i
        print(e, list(reversed(list(e)))[:3])
    """,
    "large_dicts_keep_their_contents": """
        d = {}
        for i in range(300):
            d[str(i)] = i
        print(len(d), sum(d.values()), sorted(d)[:5], d["299"], "150" in d)
        small = {}
        for i in range(128):
            small[f"k{i}"] = i
        print(list(small)[:3], list(small)[-3:])
        for i in range(250):
            del d[str(i)]
        print(len(d), sorted(d.items())[:2])
    """,
    "dicts_made_by_the_interpreter": """
        import json
        def f(**kw):
            return kw
        print(f(zeta=1, alpha=2, mid=3), dict(zeta=1, alpha=2))
        print(json.loads('{"zeta": 1, "alpha": {"y": 2, "b": 3}, "mid": [1]}'))
        print(dict.fromkeys("zyx", 0), dict([("z", 1), ("a", 2)]), {k: len(k) for k in ["zz", "a"]})
        class Config:
            zeta = 1
            alpha = 2
        print([k for k in Config.__dict__ if not k.startswith("__")])
        zeta_global, alpha_global = 1, 2
        print([k for k in globals() if k.endswith("_global")])
    """,
    "dict_of_mappings": """
        from collections import Counter, defaultdict, OrderedDict
        class Pairs:
            def keys(self):
                return ["z", "a"]
            def __getitem__(self, key):
                return key * 2
        class Sub(dict):
            pass
        print(dict(Counter("abcab")), dict(defaultdict(int, {"z": 1, "a": 2})))
        print(dict(OrderedDict(z=1, a=2)), dict(Pairs(), q=1), dict(Sub(z=1, a=2)))
        d = {}
        d[[1]] = 2
    """,
    "instance_attributes_in_insertion_order": """
        class Point:
            def __init__(self, x, y):
                self.y = y
                self.x = x
                self.label = "p"
        p = Point(1, 2)
        p.zeta = 0
        p.alpha = [1]
        print(vars(p), p.__dict__ == vars(p), list(p.__dict__))
        del p.y
        p.y = 5
        setattr(p, "mid", 3)
        print(list(vars(p).items()))
        class Record:
            pass
        r = Record()
        for name in ["zz", "a", "mm", "b", "yy", "c", "f9", "f10", "f1"]:
            setattr(r, name, len(name))
        print(vars(r), {k: v for k, v in vars(r).items() if v > 1})
        class Base:
            def __init__(self):
                self.zeta = 1
        class Child(Base):
            def __init__(self):
                self.omega = 2
                super().__init__()
                self.alpha = 3
        print(vars(Child()))
    """,
    "many_instance_attributes_keep_their_contents": """
        class Bag:
            pass
        b = Bag()
        for i in range(300):
            setattr(b, "a%d" % (299 - i), i)
        print(len(vars(b)), sum(vars(b).values()), sorted(vars(b))[:3], b.a0, b.a299)
        for i in range(0, 300, 2):
            delattr(b, "a%d" % i)
        print(len(vars(b)), hasattr(b, "a0"), b.a1, sorted(vars(b).items())[:2])
        small = Bag()
        for i in range(128):
            setattr(small, "k%d" % (127 - i), i)
        print(list(vars(small))[:3], list(vars(small))[-3:])
    """,
    "ordereddict_stays_ordered_at_any_size": """
        from collections import OrderedDict
        o = OrderedDict()
        for i in range(400):
            o[str(399 - i)] = i
        print(list(o)[:4], list(o)[-4:], len(o))
        o.move_to_end("399")
        print(list(o)[-2:])
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_dicts_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


@pytest.mark.parametrize("start", ["{}", "{'first': 0}", "dict()", "{k: k for k in range(5)}"])
def test_filling_an_ordered_dict_is_not_quadratic(start: str) -> None:
    """20,000 new keys in a dict that started ordered: linear work (~75 M fuel), so a budget of
    300 M is enough; filling an ordered map (linear lookups, growth by 4) needs billions. Fuel, not
    time: deterministic on a shared machine."""
    with Sandbox(Limits(fuel=300_000_000)) as sb:
        r = sb.run(f"d = {start}\nfor i in range(20000):\n    d[i] = i\nlen(d)")
        assert r.error is None, r.error
        assert int(r.value) >= 20000


LOOKUPS = "hits = 0\nfor i in range(20000):\n    hits += KEY(i * 7 % N) in d\n    hits += KEY(N + i) in d\nhits"


@pytest.mark.parametrize("key", ["i", "str(i)", "(i, -i)", "i + 0.5"], ids=["int", "str", "tuple", "float"])
def test_lookups_in_a_large_dict_cost_the_same_at_any_size(key: str) -> None:
    """20,000 hits and 20,000 misses in a dict of 2,000 keys and in one of 16,000: O(1) average
    lookups, so the larger dict costs under 1.5 × the fuel of the smaller (a linear scan: ~8 ×).
    Fuel, not time: deterministic on a shared machine."""
    fuel = []
    with Sandbox(Limits(fuel=2_000_000_000)) as sb:
        for n in (2000, 16000):
            r = sb.run(f"def KEY(i):\n    return {key}\nN = {n}\nd = {{KEY(i): i for i in range(N)}}\nlen(d)")
            assert r.error is None and r.value == str(n), (r.error, r.value)
            r = sb.run(LOOKUPS)
            assert r.error is None and r.value == "20000", (r.error, r.value)
            fuel.append(r.fuel_used)
    assert fuel[1] < 1.5 * fuel[0], fuel
