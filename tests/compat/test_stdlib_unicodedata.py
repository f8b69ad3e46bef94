"""unicodedata (answered by the host CPython's unicodedata): the same cell on the host's CPython
and in the sandbox prints the same text, errors included. No expected output is written by hand."""

from __future__ import annotations

from mpwasm_kernel.sandbox.cpython.unicodedata_host import unicodedata_reply

CELL = '''
    import unicodedata
    print(unicodedata.category('A'), unicodedata.category('.'), unicodedata.category('é'), unicodedata.name('é'))
    print(unicodedata.lookup('LATIN SMALL LETTER E WITH ACUTE'), unicodedata.numeric('½'), unicodedata.digit('x', -1))
    s = unicodedata.normalize('NFD', 'café naïve')
    print(len(s), ''.join(c for c in s if unicodedata.category(c) != 'Mn'), unicodedata.combining(s[4]))
    print(unicodedata.east_asian_width('字'), unicodedata.mirrored('('), unicodedata.decomposition('é'), unicodedata.is_normalized('NFC', 'é'))
    print(type(unicodedata.unidata_version))
    for bad in (lambda: unicodedata.category('ab'), lambda: unicodedata.name('\x00'), lambda: unicodedata.lookup('NO SUCH THING'), lambda: unicodedata.normalize('XYZ', 'a')):
        try:
            bad()
        except (TypeError, ValueError, KeyError) as e:
            print(type(e).__name__, e)
'''


def test_unicodedata_as_cpython(same_output) -> None:
    same_output(CELL)


def test_host_runs_only_the_listed_functions_on_checked_arguments() -> None:
    assert unicodedata_reply({"func": "ucd_3_2_0", "args": ["a"]})["error"][0] == "TypeError"
    assert unicodedata_reply({"func": "category", "args": [5]})["error"][0] == "TypeError"
    assert unicodedata_reply({"func": "normalize", "args": ["NFC", "a" * (1 << 17)]})["error"][0] == "ValueError"
    assert unicodedata_reply({"func": "category", "args": ["a"]}) == {"value": "Ll"}
