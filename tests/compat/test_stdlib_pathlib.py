"""pathlib: differential tests (host CPython in a temporary directory vs the sandbox), issue 26.

Teaching notebooks start with ``Path.cwd() / "data"`` and pass the paths to ``open``; the
working directory's own name differs between the two sides, so cells print paths relative to it.
"""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):  # the host side of the cell runs in an empty directory too
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_pure_paths(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from pathlib import Path, PurePath, PurePosixPath
        p = Path('a/b.tar.gz')
        print(repr(p), p, p.name, p.suffix, p.suffixes, p.stem, p.parent, p.parts, list(p.parents))
        print(PurePath('/usr/lib') / 'x', '/etc' / PurePosixPath('a'), Path('a') == Path('a/'), Path('a/./b//c'))
        print(Path('/a/b/c').relative_to('/a'), Path('a.txt').with_suffix('.csv'), Path('/x').anchor)
        print(Path('a/b').match('*/b'), Path('a/b.py').match('*.py'), Path('/a/b').match('/b'))
        print(sorted([Path('b'), Path('a')]), Path(''), Path('..'), Path('/').parent, Path('x').with_name('y.txt'))
        print(hash(Path('a/b')) == hash(Path('a', 'b')), Path('/a').is_absolute(), Path('a').is_absolute())
        print(Path('/a/b').is_relative_to('/a'), Path('a.b.c').stem, Path('.bashrc').suffix, Path('a').joinpath('b', 'c'))
        Path('/a').relative_to('/b')
    """)


def test_cwd_files_and_open(sandbox: Sandbox, in_tmp) -> None:  # noqa: F811
    same(sandbox, """
        import os
        from pathlib import Path
        WORKING_DIR = Path.cwd()
        DATA_DIR = WORKING_DIR / "data"
        print(type(WORKING_DIR).__name__, WORKING_DIR == Path(os.getcwd()), Path('x').resolve() == WORKING_DIR / 'x')
        print(Path('data/../x').resolve().relative_to(WORKING_DIR), Path('x').absolute().parent == WORKING_DIR)
        DATA_DIR.mkdir(exist_ok=True)
        (DATA_DIR / 'sub' / 'deep').mkdir(parents=True)
        f = DATA_DIR / "numbers.txt"
        print(f.write_text("1\\n2.5\\n"), f.exists(), f.is_file(), DATA_DIR.is_dir(), f.read_text().split())
        with open(f) as fh:
            print(sum(float(line) for line in fh))
        with open(DATA_DIR / 'new.txt', 'w') as out:
            out.write('hello')
        print((DATA_DIR / 'new.txt').read_bytes(), (DATA_DIR / 'b.bin').write_bytes(b'ab'))
        print(sorted(x.name for x in DATA_DIR.iterdir()), sorted(x.name for x in DATA_DIR.glob('*.txt')))
        print(sorted(str(x) for x in Path('.').rglob('*.txt')), sorted(str(p) for p in Path('data').glob('**/')))
        (DATA_DIR / 't').touch()
        f.unlink(); print(f.exists()); f.unlink(missing_ok=True)
        print(f.with_name('new.txt').rename(DATA_DIR / 'moved.txt').name, sorted(os.listdir('data')))
        (DATA_DIR / 'sub' / 'deep').rmdir()
        print(os.path.exists(DATA_DIR / 'sub'), os.path.isdir(DATA_DIR / 'sub'), os.path.isfile(DATA_DIR / 't'))
        Path("data", "numbers.txt").read_text()
    """)


def test_os_functions_take_paths(sandbox: Sandbox, in_tmp) -> None:  # noqa: F811
    same(sandbox, """
        import os
        from pathlib import Path
        p = Path("d")
        os.mkdir(p)
        os.makedirs(p / "e" / "f", exist_ok=True)
        with open(p / "z.txt", "w") as f:
            f.write("abc")
        open(p / "keep.txt", "w").close()
        print(sorted(os.listdir(p)), os.stat(p / "z.txt")[6], os.path.getsize(p / "z.txt"), os.path.exists(p / "e"))
        print(os.path.join(p, "x", Path("y")), os.path.basename(p / "f.txt"), os.path.dirname(p / "f.txt"))
        print(os.path.splitext(p / "f.txt"), os.path.split(p / "f"), os.path.abspath(p) == os.path.join(os.getcwd(), "d"))
        print(os.path.normpath(p / ".." / "d"), os.path.isabs(p), os.path.isfile(p / "z.txt"), os.path.isdir(p / "e"))
        os.rename(p / "z.txt", p / "y.txt"); os.replace(p / "y.txt", p / "w.txt"); os.remove(p / "w.txt")
        os.rmdir(p / "e" / "f"); os.removedirs(p / "e")
        print([(root, sorted(dirs), sorted(files)) for root, dirs, files in os.walk(p)])
        print(sorted(e.name for e in os.scandir(p)))
        os.chdir(p); print(os.path.basename(os.getcwd())); os.chdir(Path(".."))
    """)
