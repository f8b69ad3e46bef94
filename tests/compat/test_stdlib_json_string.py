"""json and string: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_dumps_options(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import json
        data = {'name': 'Ana', 'scores': [90, 85.5, None, True], 'nested': {'k': []}, 'e': {}}
        print(json.dumps(data, sort_keys=True))
        print(json.dumps(data, indent=2, sort_keys=True))
        print(json.dumps(data, indent='\\t', sort_keys=True))
        print(json.dumps([1, 2, [3, {'a': 1}]], indent=4))
        print(json.dumps(data, separators=(',', ':'), sort_keys=True))
        print(json.dumps('caf\\u00e9 \\U0001F600 "q" \\\\ \\n \\x01'), json.dumps('café', ensure_ascii=False))
        print(json.dumps({1: 'a', 2.5: 'b', True: 'c', None: 'd'}))
        print(json.dumps((1, 2)), json.dumps(float('nan')), json.dumps(1e100), json.dumps(-0.0))
        class P:
            def __init__(self, x):
                self.x = x
        print(json.dumps({'p': P(3)}, default=lambda o: {'x': o.x}))
        try:
            json.dumps({'p': P(3)})
        except TypeError as e:
            print(e)
        try:
            json.dumps({(1, 2): 3})
        except TypeError as e:
            print(e)
        from collections import Counter, OrderedDict, defaultdict
        print(json.dumps(Counter('aab')), json.dumps(OrderedDict([('z', 1), ('a', 2)])))
    """)


def test_loads_and_files(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import json
        text = '{"a": [1, 2.5, "x", null, true, false]}'
        obj = json.loads(text)
        print(obj['a'], type(obj['a'][1]).__name__)
        with open('data.json', 'w') as f:
            json.dump({'k': [1, 2]}, f, indent=2)
        with open('data.json') as f:
            print(f.read())
        with open('data.json') as f:
            print(json.load(f))
        print(json.loads('[1, 2]', object_hook=None), json.loads('{"v": 1}', object_hook=lambda d: d['v']))
        try:
            json.loads('')
        except json.JSONDecodeError as e:
            print('bad json', isinstance(e, ValueError))
    """)


def test_string_module(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import string
        print(string.ascii_letters, string.digits, string.punctuation, string.hexdigits, string.octdigits)
        print(repr(string.whitespace), len(string.printable))
        print(string.capwords('hello   wORLD  again'), string.capwords('a-b-c', '-'))
        t = string.Template('$who likes ${what}; costs $$5')
        print(t.substitute(who='Tim', what='kung pao'), t.safe_substitute(who='Ann'))
        print(t.get_identifiers())
        try:
            t.substitute(who='x')
        except KeyError as e:
            print('missing', e.args)
    """)
