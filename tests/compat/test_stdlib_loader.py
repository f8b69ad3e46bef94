"""The guest library loader: lazy, extends built-ins, keeps user files and the js guard."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_nothing_is_loaded_at_start(sandbox: Sandbox) -> None:  # noqa: F811
    sandbox.reset()
    r = sandbox.run("import sys\nprint(sorted(k for k in sys.modules if not k.startswith('_mpk')))")
    assert r.error is None, r.error
    assert "math" not in r.stdout and "collections" not in r.stdout


def test_library_module_extends_a_builtin(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import math
        print(math.gcd(12, 18), math.sqrt(16.0), math.pi)
        from math import lcm, floor
        print(lcm(4, 6), floor(2.5))
    """)


def test_user_files_still_import_and_shadow(sandbox: Sandbox) -> None:  # noqa: F811
    sandbox.reset()
    r = sandbox.run("with open('helpers_x.py', 'w') as f:\n    f.write('def twice(x):\\n    return 2 * x\\n')\n"
                    "import helpers_x\nprint(helpers_x.twice(21))")
    assert r.error is None and r.stdout == "42\n", (r.stdout, r.error)


def test_missing_name_says_not_available(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import math
        try:
            math.no_such_function
        except AttributeError as e:
            print(e)
    """)


def test_js_stays_blocked(sandbox: Sandbox) -> None:  # noqa: F811
    sandbox.reset()
    r = sandbox.run("import js")
    assert r.error is not None and r.error.ename == "ImportError" and "JavaScript" in r.error.evalue


def test_library_folder_is_read_only(sandbox: Sandbox) -> None:  # noqa: F811
    sandbox.reset()
    r = sandbox.run("import math\ntry:\n    open(math.__file__, 'w')\nexcept OSError as e:\n    print('refused')")
    assert r.stdout == "refused\n", (r.stdout, r.error)


def test_user_file_shadows_a_library_module_as_in_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    sandbox.reset()
    r = sandbox.run("with open('textwrap.py', 'w') as f:\n    f.write('MINE = True\\n')\n"
                    "import textwrap\nprint(textwrap.MINE)\nimport os\nos.remove('textwrap.py')")
    assert r.error is None and r.stdout == "True\n", (r.stdout, r.error)


def test_packages_and_submodules(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import os.path
        import collections.abc
        from os import path
        from collections import abc
        print(os.path.join('a', 'b'), path is os.path, abc is collections.abc, hasattr(collections.abc, 'Mapping'))
        import re
        print(type(re).__name__, type(os).__name__, re.sub('a', 'b', 'aa'))
    """)
