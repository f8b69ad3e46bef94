"""difflib: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_difflib(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import difflib
        a = ['one\\n', 'two\\n', 'three\\n', 'four\\n']
        b = ['one\\n', 'too\\n', 'three\\n', 'five\\n', 'six\\n']
        print(''.join(difflib.ndiff(a, b)))
        print(''.join(difflib.unified_diff(a, b, fromfile='before', tofile='after')))
        print(''.join(difflib.context_diff(a, b)))
        s = difflib.SequenceMatcher(None, 'abxcd', 'abcd')
        print(s.ratio(), s.get_matching_blocks(), s.get_opcodes())
        print(difflib.get_close_matches('appel', ['ape', 'apple', 'peach', 'puppy']))
        print('\\n'.join(difflib.ndiff(['[1, 2, 3]'], ['[1, 2, 4]'])))
        print(list(difflib.restore(difflib.ndiff(a, b), 2)) == b)
    """)


def test_diff_headers_dates_and_lineterm(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import difflib
        a = ['one', 'two', 'three', 'four']
        b = ['one', 'TWO', 'three', 'four', 'five']
        for diff in (difflib.unified_diff, difflib.context_diff):
            print(list(diff(a, b, 'old.txt', 'new.txt', '2024-01-01 10:00', '2024-01-02 11:30', n=1, lineterm='')))
            print(list(diff(a, b, fromfile='a', tofiledate='today', lineterm='')), list(diff(a, a)))
            print(list(diff(a, a[:1] + a[2:], lineterm='')), list(diff(a[1:], a, n=0, lineterm='')))
    """)
