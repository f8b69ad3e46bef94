"""urllib: `urllib.parse` as CPython computes it, `urllib.request.Request`, `urllib.error`;
differential (host CPython vs the sandbox), issue 26. The sandbox has no network: `urlopen`
raises URLError saying so, and code that patches it with unittest.mock runs as usual."""

from __future__ import annotations

from stdlib_support import run_guest, same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_parse(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from urllib.parse import urlparse, urlsplit, urlunparse, urljoin, quote, quote_plus, unquote, unquote_plus, urlencode, parse_qs, parse_qsl, urldefrag
        u = urlparse("https://user:pw@Example.com:8080/path/to;p=1?q=a+b&x=%C3%A9#frag")
        print(u)
        print(u.scheme, u.netloc, u.hostname, u.port, u.username, u.password, u.geturl())
        print(urlsplit("//www.cwi.nl:80/%7Eguido/Python.html"), urlsplit("www.cwi.nl/%7Eguido"), urlsplit("mailto:a@b.c"))
        print(urlunparse(("http", "example.com", "/a", "", "q=1", "")))
        for rel in ["g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "../g", "../../../g", ".", "..", "../..", "g;x", ""]:
            print(rel, urljoin("http://a/b/c/d;p?q", rel))
        print(quote("a b/c?d=é&"), quote("/x y", safe=""), quote_plus("a b&c"), unquote("%C3%A9%20x%2"), unquote_plus("a+b%21"))
        print(urlencode({"q": "python urllib", "page": 2, "tags": ["a", "b"]}), urlencode({"tags": ["a", "b"]}, doseq=True))
        print(urlencode([("a", "1"), ("b", "x y")]))
        print(parse_qs("a=1&a=2&b=x+y&c="), parse_qsl("a=1&b=&c", keep_blank_values=True), urldefrag("http://a/b#c"))
        import urllib.parse
        print(urllib.parse.urlparse("http://[::1]:80/").hostname, urllib.parse.urlparse("http://[::1]:80/").port)
    """)


def test_request_objects_errors_and_mocked_urlopen(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from urllib.request import Request
        r = Request("https://example.com/api?x=1", data=b"{}", headers={"content-type": "json"})
        print(r.full_url, r.host, r.type, r.selector, r.get_method(), r.headers, r.has_header("Content-type"))
        from unittest import mock
        import urllib.request
        with mock.patch("urllib.request.urlopen") as fake:
            fake.return_value.read.return_value = b"hi"
            print(urllib.request.urlopen("http://x").read())
        from urllib.error import URLError, HTTPError
        print(issubclass(HTTPError, URLError), issubclass(URLError, OSError), str(URLError("boom")), str(HTTPError("u", 404, "Not Found", {}, None)))
        Request("nope")
    """)


def test_urlopen_says_there_is_no_network(sandbox: Sandbox) -> None:  # noqa: F811
    out = run_guest(sandbox, "from urllib.request import urlopen\nurlopen('https://en.wikipedia.org/wiki/Python')")
    assert out == "!! URLError: <urlopen error network access is not available in the sandbox>\n"
