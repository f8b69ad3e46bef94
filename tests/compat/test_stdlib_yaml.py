"""yaml (the guest's PyYAML subset): differential tests against the host's PyYAML."""

from __future__ import annotations

import pytest

pytest.importorskip("yaml")  # the reference: CPython with PyYAML


def test_dump_as_pyyaml_writes_it(same_output) -> None:
    same_output("""
        import yaml
        config = {'photo_dir': 'photos', 'data_dir': 'photo_info', 'extensions': ['jpg', 'jpeg']}
        with open('config.yaml', 'w') as writer:
            yaml.dump(config, writer)
        print(open('config.yaml').read())
        data = {'name': 'word ' * 30, 'lines': 'one\\ntwo', 'accent': 'héllo', 'empty': '', 'nested': [1, [2, {}], []],
                'people': [{'name': 'Ann', 'age': 31}, {'name': 'Bob', 'tags': ['x', 'y']}], 'map': {'inner': {'deep': None}},
                'looks_typed': ['yes', 'no', '1.0', '12', 'null', '~', 'true'], 'indicators': ['-x', '- x', 'a: b', 'x:y',
                '#c', 'a #b', 'a#b', ' pad', '*star', 'http://e.com/a b', '---x'],
                'numbers': [0, -3, 1.5, 1e20, float('inf'), -float('inf'), 2 ** 40, True, False]}
        for options in ({}, {'sort_keys': False}):
            print(yaml.dump(data, **options))
        print(yaml.safe_dump({'t': (1, 2)}), yaml.dump(1), yaml.dump('a'), yaml.dump([]), yaml.dump(''), yaml.dump('long ' * 25))
        print(yaml.dump({'a': [1, 2], 'b': {'c': 'd'}}, default_flow_style=True))
        print(yaml.dump({'a': [1, 'x:y'], 'b': {'c': 'd e'}, 'f': 'g'}, default_flow_style=None))
    """)


def test_safe_load_reads_what_pyyaml_reads(same_output) -> None:
    same_output('''
        import yaml
        text = """# settings
        name: demo   # trailing comment
        version: 1.10
        count: 0x1F
        ratio: 1e3
        enabled: yes
        off_switch: Off
        nothing: ~
        quoted: 'it''s # not a comment'
        escaped: "tab\\\\there \\\\u00e9"
        items:
          - apple
          - {name: pear, price: 1.5}
          - [1, 2, three]
        nested:
          deeper:
            list:
            - a
            - b: 2
              c: 3
        literal: |
          line one
          line two
        folded: >
          folded
          text

        plain: this is
          continued
        empty_map: {}
        empty_list: []
        """
        data = yaml.safe_load(text)
        print(sorted(data.items(), key=str))
        print(yaml.safe_load(yaml.dump(data)) == data, yaml.safe_load('') is None, yaml.safe_load('- 1\\n- - 2\\n  - 3\\n'))
        print(yaml.load('a: 1', Loader=yaml.SafeLoader), yaml.full_load('[x, y]'))
        print(list(yaml.safe_load_all('a: 1\\n---\\nb: 2\\n')))
    ''')
