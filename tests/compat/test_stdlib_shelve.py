"""shelve as a course uses it (Think Python, chapter 13): the same cell on the host's CPython and
in the sandbox prints the same text (the files a shelf makes, values read back as copies, the
errors). No expected output is written by hand."""

from __future__ import annotations

from ipython_results import ipython_results, sandbox_results

from mpwasm_kernel import Sandbox

CELL = '''
    import os, shelve
    os.makedirs('photo_info', exist_ok=True)
    db_file = os.path.join('photo_info', 'captions')
    db = shelve.open(db_file, 'c')
    print(type(db).__name__, os.listdir('photo_info'))
    key = 'jan-2023/photo1.jpg'
    db[key] = 'Cat nose'
    print(db[key], os.listdir('photo_info'))
    db[key] = 'Close up view of a cat nose'
    print(db[key], list(db.keys()), list(db.values()), key in db, 'x' in db, len(db))
    for key in db:
        print(key, ':', db[key])
    db.close()
    print(sorted(f for f in os.listdir('photo_info') if not f.endswith('.bak')))
    db = shelve.open(db_file)
    print(dict(db.items()))
    db.close()
    db = shelve.open('anagram_map', 'n')
    db['opst'] = ['pots']
    db['opst'].append('tops')
    print(db['opst'])
    lst = db['opst']; lst.append('tops'); db['opst'] = lst
    print(db['opst'], db.get('zz', 0))
    try:
        db['nope']
    except KeyError as e:
        print('KeyError', e)
    db.close()
    try:
        db['opst']
    except ValueError as e:
        print('ValueError', e)
    try:
        shelve.open('nodir/digests', 'n')
    except FileNotFoundError as e:
        print(e)
    with shelve.open('w', writeback=True) as w:
        w['a'] = [1]
        w['a'].append(2)
    with shelve.open('w', 'r') as w:
        print(w['a'])
'''


def test_shelve_as_cpython(same_output) -> None:
    same_output(CELL)


def test_shelf_result_as_ipython(sandbox: Sandbox, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    cells = ["import shelve\ndb = shelve.open('anagram_map', 'n')\ndb", "db['k'] = [1]\ndb['k']", "db.close()"]
    assert sandbox_results(sandbox, cells) == ipython_results(cells)
