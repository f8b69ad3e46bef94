"""os, os.path, sys, time: differential tests (host CPython in a temporary directory vs the sandbox)."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):  # the host side of the cell runs in an empty directory too
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_os_files(sandbox: Sandbox, in_tmp) -> None:  # noqa: F811
    same(sandbox, """
        import os
        os.makedirs('project/data/raw', exist_ok=True)
        os.makedirs('project/data/raw', exist_ok=True)
        for name in ['project/a.txt', 'project/data/b.csv', 'project/data/raw/c.json']:
            with open(name, 'w') as f:
                f.write('x' * 10)
        for root, dirs, files in os.walk('project'):
            print(root, sorted(dirs), sorted(files))
        print(sorted(os.listdir('project')), os.path.exists('project/a.txt'), os.path.isdir('project/data'))
        print(os.path.isfile('project/data'), os.path.getsize('project/a.txt'))
        print(sorted(e.name for e in os.scandir('project')), [e.is_dir() for e in sorted(os.scandir('project'), key=lambda e: e.name)])
        os.rename('project/a.txt', 'project/z.txt'); os.remove('project/z.txt')
        print(sorted(os.listdir('project')), os.sep, os.curdir, os.name)
        try:
            os.makedirs('project/data')
        except OSError as e:
            print('exists', type(e).__name__ in ('FileExistsError', 'OSError'))
    """)


def test_os_path(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import os.path
        from os import path
        print(os.path.join('a', 'b', 'c.txt'), os.path.join('/x', 'y/'), os.path.join('a', '/abs'))
        print(os.path.splitext('report.final.pdf'), os.path.splitext('.bashrc'), os.path.split('/usr/lib/x.py'))
        print(os.path.basename('dir/file.txt'), os.path.dirname('dir/sub/file.txt'), os.path.normpath('a//b/../c/./d'))
        print(path.isabs('/a'), path.relpath('/a/b/c', '/a'), path.commonprefix(['interstellar', 'internet']))
        print(path.commonpath(['/usr/lib', '/usr/local/lib']), path.splitext('archive.tar.gz'))
    """)


def test_sys_and_time(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import sys, time
        print(sys.maxsize, sys.version_info >= (3, 8), sys.version_info.major, type(sys.argv).__name__)
        print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2**40), sys.getsizeof('abc'), sys.getsizeof(3.0), sys.getsizeof(()))
        print(sys.float_info.max, sys.float_info.epsilon, sys.getdefaultencoding())
        start = time.perf_counter()
        total = sum(range(1000))
        elapsed = time.perf_counter() - start
        print(total, elapsed >= 0, isinstance(time.time(), float), time.strftime('%Y-%m-%d', time.gmtime(0)))
        t = time.gmtime(86400 * 365)
        print(t.tm_year, t.tm_mon, t.tm_yday, t, time.mktime((1971, 1, 1, 0, 0, 0, 0, 0, 0)) - 365 * 86400 == time.timezone)
        print(time.strptime('2024-02-03', '%Y-%m-%d').tm_yday)
    """)
