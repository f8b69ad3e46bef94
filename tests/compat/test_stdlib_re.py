"""re: CPython's syntax and API (differential: host CPython vs the sandbox's engine)."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

PATTERNS = [
    (r"a{3}", "caaaandy aa aaa"),
    (r"\d{2,4}", "1 12 12345 123"),
    (r"x{,2}y", "xxxy y xy"),
    (r"(\w+)@(\w+)\.com", "mail ann@site.com and bob@corp.com now"),
    (r"(?P<year>\d{4})-(?P<month>\d\d)", "on 2024-03 and 1999-12"),
    (r"(?:ab)+", "ababab abx ab"),
    (r"colou?r", "color colour colouur"),
    (r"^\s*#.*$", "# comment\ncode\n  # indented"),
    (r"\bcat\b", "cat concat cat's bobcat"),
    (r"foo(?=bar)", "foobar foobaz"),
    (r"foo(?!bar)", "foobar foobaz"),
    (r"(?<=\$)\d+", "cost $45 and 30 and $7"),
    (r"(?<!\$)\b\d+", "cost $45 and 30 and $7"),
    (r"(\w)\1", "hello bookkeeper"),
    (r"[A-Z][a-z]*", "Hello World FOO bar Baz"),
    (r"[^aeiou\s]+", "programming is fun"),
    (r".*?>", "<a><b></b>"),
    (r"<.*>", "<a><b></b>"),
    (r"a|b|c", "xbyazc"),
    (r"(a)|(b)", "ab"),
    (r"\d+\.?\d*", "pi is 3.14 and e 2. and 42"),
    (r"[\w.-]+@[\w-]+\.\w{2,}", "x.y-z@my-host.org, bad@x.c"),
    (r"(a*)*b", "aaab"),
    (r"(a|ab)(c|bcd)(d*)", "abcd"),
    (r"", "abc"),
    (r"x*", "axxb"),
    (r"(?i)hello", "Hello HELLO hello"),
    (r"\s+", "a  b\t\nc"),
    (r"[-+]?\d*\.\d+|\d+", "-1.5 +.25 7"),
    (r"(\d+)(?:px|em)", "10px 2em 5pt"),
    (r"(?>a+)b", "aaab"),
    (r"a++b", "aaab"),
    (r"(?P<q>['\"]).*?(?P=q)", "say 'hi' and \"bye\""),
    (r"(\()?\d+(?(1)\))", "(12) 34 (56"),
]


@pytest.mark.parametrize("pattern,text", PATTERNS)
def test_findall_finditer_search(sandbox: Sandbox, pattern: str, text: str) -> None:  # noqa: F811
    same(sandbox, f"""
        import re
        p = re.compile({pattern!r})
        print(p.findall({text!r}))
        print([(m.span(), m.group(), m.groups()) for m in p.finditer({text!r})])
        m = p.search({text!r})
        print(m and (m.start(), m.end(), m.group(0), m.groups(), m.groupdict(), m.lastindex))
        print(p.match({text!r}) is not None, p.fullmatch({text!r}) is not None, p.groups)
    """)


def test_sub_split_and_api(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, r"""
        import re
        print(re.sub(r'(\w+) (\w+)', r'\2 \1', 'hello world, good day'))
        print(re.sub(r'\d+', lambda m: str(int(m.group()) * 2), 'a1 b22 c333'))
        print(re.subn(r'o', '0', 'foo boo', count=3), re.sub('x*', '-', 'abxd'))
        print(re.sub(r'(?P<w>\w+)', r'<\g<w>>', 'hi there'), re.sub(r'(\d)', r'\g<1>0', 'a1b2'))
        print(re.split(r'[,;]\s*', 'a, b;c,  d'), re.split(r'(,)', 'a,b,c'), re.split(r'\s+', ' a b ', maxsplit=1))
        print(re.split(r'\b', 'hi there'), re.split('x*', 'axbc'))
        m = re.match(r'(?P<first>\w+) (?P<last>\w+)', 'Jane Doe is here')
        print(m, m['first'], m.group('last'), m.group(1, 2), m.span('last'), sorted(m.groupdict().items()), m.lastgroup)
        print(m.expand(r'\g<last>, \1'), m.re.pattern, m.string, m.pos, m.endpos, m.regs)
        p = re.compile(r'\d+', re.I | re.M)
        print(p, p.pattern, p.flags == re.I | re.M | re.U, p.groupindex, re.compile('(?P<a>x)(y)').groupindex)
        print(re.escape('1+1=2? (yes)'), re.findall(r'^\w', 'ab\ncd', re.M), re.findall(r'a.c', 'a\nc abc', re.S))
        print(re.search(r'''
            (\d{3})   # area
            [-.\s]?
            (\d{4})   # number
        ''', 'call 555-1234', re.VERBOSE).groups())
        print(re.fullmatch(r'\d+', '123abc'), re.match('a', 'ba'), re.search('$', 'ab').span())
        try:
            re.compile('a(b')
        except re.error as e:
            print('error:', e)
        try:
            re.compile('*a')
        except re.error as e:
            print('error:', e)
        print(re.IGNORECASE, re.I | re.M, repr(re.compile('x', re.DOTALL)))
    """)


def test_long_input_does_not_recurse(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import re
        text = 'ab' * 5000 + 'c'
        print(len(re.findall('ab', text)), re.search('(ab)*c', text).span(), len(re.sub('a', '', text)))
    """)


def test_captures_from_lookarounds_and_atomic_groups(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, r"""
        import re
        print(re.findall(r'(?=(\w\w))', 'abcd'), re.search(r'(?<=(\d))x', 'a1x').groups())
        print(re.match(r'(?=(a+))a*b|(?=(a))a*c', 'aaac').groups(), re.match(r'(?>(a+))b', 'aab').groups())
        print(re.match(r'(?:(?>(a|ab))c|(ab)d)', 'abd').groups(), re.match(r'(?!(x))(\w)', 'y').groups())
        print([m.span(1) for m in re.finditer(r'(?=(aa))', 'aaaa')], re.sub(r'(?<=(.))(?=(.))', r'[\1\2]', 'abc'))
    """)
