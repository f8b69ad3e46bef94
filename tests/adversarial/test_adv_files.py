"""Host files: the guest sees only its private in-memory file system (plus read-only mounts).

Reads of host paths fail, traversal with `..` never leaves the guest's root, listings show only the
sandbox's own tree, writes land in memory (never on the host), and the disk quota bounds them.
A read-only mount exposes exactly its directory: no writes, no `..` escape, no symlink escape.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import SECRET, TOKEN, Canary, Captured, Hostile

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.files import ENTRY_BYTES, MAX_DEPTH, FileSystem
from mpwasm_kernel.sandbox.files.tree import _tree_usage

# open() raises CPython's OSError subclass for the errno (guest/pycompat.py)
OS_ERRORS = ("OSError", "FileNotFoundError", "PermissionError", "IsADirectoryError", "NotADirectoryError",
             "FileExistsError")
NOT_FOUND = OS_ERRORS

HOST_READS = [
    "/etc/passwd", "/etc/hostname", "/proc/self/environ", "/proc/self/maps", "/proc/self/mem",
    "/proc/1/cmdline", "/sys/kernel/hostname", "/dev/zero", "/dev/urandom", "/root/.ssh/id_rsa",
    "../../../../../../etc/passwd", "/tmp/../../etc/passwd", "/dev/../etc/shadow", "//etc//passwd",
    "/./etc/./passwd", "/lib/../../../etc/passwd", "etc/passwd",
]


@pytest.mark.parametrize("path", HOST_READS)
def test_host_paths_do_not_exist(hostile: Hostile, path: str) -> None:
    """Opening a host path (absolute, relative or through `..` chains) fails with OSError."""
    hostile.attack(f"open({path!r}, 'rb').read()", NOT_FOUND)


def test_canary_file_is_invisible(hostile: Hostile, canary: Canary) -> None:
    """The host canary file cannot be opened, stat'ed or listed under its real host path."""
    for cell in (f"open({str(canary.file)!r}).read()", f"import os\nos.stat({str(canary.file)!r})",
                 f"import os\nos.listdir({str(canary.directory)!r})"):
        hostile.attack(cell, NOT_FOUND)


def test_root_listing_is_the_sandbox_tree(hostile: Hostile) -> None:
    """`os.listdir('/')` shows the sandbox's own skeleton, not the host's root."""
    r = hostile.attack("import os\nsorted(os.listdir('/'))", None)
    listing = eval(r.value)  # a list of str literals from our own sandbox
    assert set(listing) <= {"tmp", "lib", "dev", "home", "data"}, listing
    assert "etc" not in listing and "proc" not in listing and "usr" not in listing


def test_walking_the_whole_tree_finds_nothing_of_the_host(hostile: Hostile) -> None:
    """A recursive walk from '/' (following '..' too) visits only sandbox directories."""
    src = ("import os\nseen = []\ndef walk(p, depth=0):\n    if depth > 6:\n        return\n"
           "    for name in os.listdir(p):\n        q = (p.rstrip('/') + '/' + name)\n        seen.append(q)\n"
           "        try:\n            os.listdir(q)\n        except OSError:\n            continue\n"
           "        walk(q, depth + 1)\nwalk('/')\nwalk('/../..')\n"
           # the guest standard library is a read-only mount of the package's own files
           "others = sorted(set(q for q in seen if not q.replace('/../..', '', 1).startswith('/lib/python3/')))\n"
           "len(others) < 100, others[:50]")
    r = hostile.attack(src, None)
    assert r.value.startswith("(True,") and "passwd" not in r.value and "proc" not in r.value


def test_writes_stay_in_the_sandbox(hostile: Hostile, canary: Canary) -> None:
    """Files the guest writes, wherever it aims them, never appear on the host."""
    targets = [f"/{TOKEN}", f"/tmp/{TOKEN}", f"../../../tmp/{TOKEN}", f"{canary.directory}/{TOKEN}",
               str(canary.file), f"{Path.home()}/{TOKEN}", f"{os.getcwd()}/{TOKEN}"]
    for target in targets:
        hostile.attack(f"import os\ntry:\n    f = open({target!r}, 'w')\n    f.write('pwned')\n    f.close()\n"
                       "except OSError:\n    pass", None)
    canary.assert_clean([])


def test_chdir_cannot_leave_the_root(hostile: Hostile) -> None:
    """`os.chdir('/..')` and friends stay at the guest's '/'."""
    r = hostile.attack("import os\nos.chdir('/..')\nos.chdir('../../..')\nos.getcwd(), sorted(os.listdir('.'))",
                       None)
    assert r.value.startswith("('/',")


QUOTA = {
    "one_big_file": "with open('/tmp/big', 'wb') as f:\n    while True:\n        f.write(b'x' * 65536)",
    "many_files": "for i in range(100000):\n    open('/tmp/f%d' % i, 'w').close()",
    "many_dirs": "import os\nfor i in range(100000):\n    os.mkdir('/d%d' % i)",
    "long_names": "for i in range(100000):\n    open('/tmp/' + 'n' * 200 + str(i), 'w').close()",
    "many_open_fds": "fs = [open('/tmp/x%d' % i, 'w') for i in range(100000)]",
}


@pytest.mark.parametrize("source", QUOTA.values(), ids=QUOTA.keys())
def test_disk_quota_bounds_guest_files(hostile: Hostile, source: str) -> None:
    """Filling the private FS ends with OSError (ENOSPC/EMFILE/ENAMETOOLONG), not host memory growth."""
    hostile.attack(source, OS_ERRORS + ("MemoryError", "FuelExhausted", "TimeLimitExceeded"))
    hostile.sb.reset()


@pytest.fixture(scope="module")
def mounted(tmp_path_factory: pytest.TempPathFactory, canary: Canary, captured: Captured) -> Iterator[Sandbox]:
    """A sandbox with a read-only mount of a host directory that holds escape hatches: a symlink to
    the canary file, a symlink to '/', and a FIFO."""
    data = tmp_path_factory.mktemp("mount")
    (data / "ok.txt").write_text("visible")
    (data / "sub").mkdir()
    (data / "link_to_secret").symlink_to(canary.file)
    (data / "link_to_root").symlink_to("/")
    (data / "sub" / "up").symlink_to("..")
    os.mkfifo(data / "fifo")
    with Sandbox(Limits(wall_seconds=30), mounts={"/data": str(data)}) as sb:  # the escapes fail at once
        yield sb


MOUNT_ESCAPES = {
    "symlink_to_secret": "open('/data/link_to_secret').read()",
    "symlink_to_root": "open('/data/link_to_root/etc/passwd').read()",
    "symlink_dir_up": "open('/data/sub/up/ok.txt').read()",
    "dotdot_out": "open('/data/../data/../../etc/passwd').read()",
    "fifo": "open('/data/fifo').read()",
    "write": "open('/data/new.txt', 'w').write('x')",
    "overwrite": "open('/data/ok.txt', 'w').write('x')",
    "append": "open('/data/ok.txt', 'a').write('x')",
    "remove": "import os\nos.remove('/data/ok.txt')",
    "rename_out": "import os\nos.rename('/data/ok.txt', '/tmp/ok.txt')",
    "mkdir": "import os\nos.mkdir('/data/newdir')",
    "rmdir_mount": "import os\nos.rmdir('/data')",
}


@pytest.mark.parametrize("source", MOUNT_ESCAPES.values(), ids=MOUNT_ESCAPES.keys())
def test_read_only_mount_cannot_be_escaped_or_written(mounted: Sandbox, canary: Canary, captured: Captured,
                                                      source: str) -> None:
    """Symlinks, `..`, FIFOs and writes under a mount all fail; the mount's files are unchanged."""
    hostile = Hostile(mounted, canary, captured)
    hostile.attack(source, OS_ERRORS)
    r = hostile.attack("import os\nsorted(os.listdir('/data')), open('/data/ok.txt').read()", None)
    assert r.value == "(['ok.txt', 'sub'], 'visible')", r.value
    assert SECRET not in r.value


def test_deep_directory_chain_is_capped_and_the_host_keeps_working() -> None:
    """Nesting directories stops at MAX_DEPTH (ENAMETOOLONG, errno 36), far inside the disk quota.

    Finding fixed: snapshot/restore/quota walks used to recurse once per directory level on the
    host, so ~1500 nested directories made every later run raise RecursionError in the host. Now
    the walks are iterative and the depth is capped; snapshot, rollback and reset still work.
    """
    with Sandbox(Limits(wall_seconds=10, disk_bytes=1 << 20)) as sb:
        r = sb.run("import os\nos.chdir('/tmp')\ndepth = 1\ntry:\n    for i in range(1500):\n"
                   "        os.mkdir('d')\n        os.chdir('d')\n        depth += 1\n"
                   "except OSError as e:\n    err = e.errno\nos.chdir('/')\ndepth, err")
        assert r.error is None, r.error
        assert r.value == f"({MAX_DEPTH}, 36)", r.value
        assert sb.run("1 + 1").value == "2"
        # A file at the deepest allowed level is fine, one level deeper is refused.
        deepest = "/tmp" + "/d" * (MAX_DEPTH - 2)  # a directory of MAX_DEPTH - 1 components
        r = sb.run(f"p = {deepest!r}\nopen(p + '/f', 'w').write('x')\ntry:\n"
                   "    open(p + '/d/g', 'w')\nexcept OSError as e:\n    print(e.errno)")
        assert r.error is None and r.stdout == "36\n", (r.error, r.stdout)
        # Renaming the chain one level deeper would exceed the cap.
        r = sb.run("import os\nos.mkdir('/x')\nos.mkdir('/x/e')\ntry:\n    os.rename('/tmp/d', '/x/e/d')\n"
                   "except OSError as e:\n    print(e.errno)\nos.rename('/tmp/d', '/y')\nos.rename('/y', '/tmp/d')")
        assert r.error is None and r.stdout == "36\n", (r.error, r.stdout)
        # A hard stop rolls the deep tree back (snapshot + restore walk the whole chain).
        sb.limits = Limits(wall_seconds=10, disk_bytes=1 << 20, fuel=30_000_000)
        r = sb.run(f"import os\nos.rmdir('/x/e')\nopen({deepest!r} + '/f', 'w').write('changed')\n"
                   "while True:\n    pass")
        assert r.rolled_back and r.error.ename == "FuelExhausted", r.error
        sb.limits = Limits(wall_seconds=10, disk_bytes=1 << 20)
        r = sb.run(f"import os\nopen({deepest!r} + '/f').read(), os.listdir('/x')")
        assert r.error is None and r.value == "('x', ['e'])", (r.error, r.value)
        sb.reset()
        assert sb.run("import os\nos.listdir('/tmp')").value == "[]"


def test_file_system_walks_are_not_recursive() -> None:
    """A tree deeper than the host's recursion limit (built by the host, bypassing the cap) still
    snapshots, restores and is measured for the quota without RecursionError."""
    fs = FileSystem(quota_bytes=1 << 30)
    depth = sys.getrecursionlimit() + 500
    node = fs._root
    for _ in range(depth):
        child = fs._new_dir(charge=ENTRY_BYTES)
        node.children["d"] = child
        node = child
    snap = fs.snapshot()
    fs.clear()
    fs.restore(snap)
    node, levels = fs._root, 0
    while "d" in node.children:
        node, levels = node.children["d"], levels + 1
    assert levels == depth
    assert _tree_usage(fs._root.children["d"]) == ENTRY_BYTES * (depth - 1)
