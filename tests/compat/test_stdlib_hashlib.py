"""hashlib (md5 and sha1 computed in the guest, sha256 on MicroPython's built-in): the same cell
on the host's CPython and in the sandbox prints the same digests, object facts and errors; a
hash object's type shows as IPython shows CPython's. No expected output is written by hand."""

from __future__ import annotations

from ipython_results import ipython_results, sandbox_results

from mpwasm_kernel import Sandbox

CELL = '''
    import hashlib
    for name in ('md5', 'sha1', 'sha256'):
        for data in (b'', b'abc', b'a' * 55, b'a' * 56, b'a' * 64, bytes(range(256)) * 3):
            print(name, len(data), hashlib.new(name, data).hexdigest())
    h = hashlib.md5()
    print(type(h).__name__, h.name, h.digest_size, h.block_size, repr(h)[:21])
    h.update(b'Hello, ')
    c = h.copy()
    h.update(b'world')
    print(h.hexdigest(), c.hexdigest(), h.digest()[:4], hashlib.sha1(b'x').digest_size, hashlib.sha256(b'x').digest_size)
    try:
        hashlib.md5('text')
    except TypeError as e:
        print(e)
    try:
        hashlib.new('nope')
    except ValueError as e:
        print(e)
'''


def test_hashlib_as_cpython(same_output) -> None:
    same_output(CELL)


def test_hash_type_as_ipython(sandbox: Sandbox) -> None:
    cells = ["import hashlib\nmd5_hash = hashlib.md5()\ntype(md5_hash)", "md5_hash.hexdigest()"]
    assert sandbox_results(sandbox, cells) == ipython_results(cells)
