"""Modules the guest imports from its own file system get the same source pass as cells; reading
the file as text shows it as stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpwasm_kernel import Sandbox

CELLS = {
    "module_and_package": """
        import os
        with open("shapes.py", "w") as f:
            f.write("def describe(d):\\n    return {**d, 'kind': 'shape'}\\n\\n"
                    "def rev(s):\\n    return s[::-1].title()\\n")
        import shapes
        print(shapes.describe({'b': 1, 'a': 2}), shapes.rev("olleh dlrow"))
        print(open("shapes.py").read().count("[::-1]"), "_mpk" in open("shapes.py").read())
        os.mkdir("pkg")
        open("pkg/__init__.py", "w").write("from pkg.util import twice\\n")
        open("pkg/util.py", "w").write("def twice(s):\\n    return (s * 2)[::-1]\\n")
        import pkg
        from pkg import util
        print(pkg.twice("ab"), util.twice("xy"))
    """,
    "error_line_in_module": """
        open("broken.py", "w").write("x = 'abc'[::-1]\\n\\ny = 1 / 0\\n")
        import broken
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_imports_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


def test_marks_are_bounded_and_harmless(sandbox: Sandbox) -> None:
    """Writing junk or many paths to the mark device never breaks opens; a mark is used by the
    next read-only open of its path only (the importer's; user text reads get the stored file)."""
    sandbox.reset()
    r = sandbox.run(
        "f = open('/dev/mpk-import', 'wb')\n"
        "f.write(b'\\xff\\xfe not utf-8')\n"
        "f.write(b'relative/path.py')\n"
        "for i in range(100):\n"
        "    f.write(('/m%d.py' % i).encode())\n"
        "f.write(b'/data.py')\n"
        "f.close()\n"
        "open('/data.py', 'w').write('s = \"ab\"[::-1]\\n')\n"
        "first = open('/data.py', 'rb').read()\n"
        "second = open('/data.py', 'rb').read()\n"
        "print(first == second, b'_mpk_sl' in first, b'_mpk_sl' in second)")
    assert r.error is None and r.stdout == "False True False\n"
