# Guest library: urllib.request without a network. Request objects work (URL parts, headers,
# data, method); opening a URL raises urllib.error.URLError saying the sandbox has no network
# access (code that tests with unittest.mock.patch("urllib.request.urlopen") runs as usual).
from urllib.error import URLError
from urllib.parse import unquote, urlsplit

import _mpk_lib as _lib

_NO_NETWORK = "network access is not available in the sandbox"


class Request:
    def __init__(self, url, data=None, headers=(), origin_req_host=None, unverifiable=False, method=None):
        self.full_url = url
        self.data = data
        self.headers = {}
        for key in headers:
            self.add_header(key, headers[key])
        self.unredirected_hdrs = {}
        self.origin_req_host = origin_req_host
        self.unverifiable = unverifiable
        self.method = method

    @property
    def full_url(self):
        return self._full_url + ("#" + self.fragment if self.fragment else "")

    @full_url.setter
    def full_url(self, url):
        url, _, fragment = str(url).partition("#")
        self._full_url = url
        self.fragment = fragment or None
        parts = urlsplit(url)
        if not parts.scheme:
            raise ValueError("unknown url type: %r" % url)
        self.type = parts.scheme
        self.host = unquote(parts.netloc) or None
        self.selector = url.split(parts.netloc, 1)[1] if parts.netloc else url[len(parts.scheme) + 1:]

    def get_method(self):
        return self.method or ("POST" if self.data is not None else "GET")

    def get_full_url(self):
        return self.full_url

    def add_header(self, key, val):
        self.headers[key[:1].upper() + key[1:].lower()] = val

    def add_unredirected_header(self, key, val):
        self.unredirected_hdrs[key[:1].upper() + key[1:].lower()] = val

    def has_header(self, header_name):
        return header_name in self.headers or header_name in self.unredirected_hdrs

    def get_header(self, header_name, default=None):
        return self.headers.get(header_name, self.unredirected_hdrs.get(header_name, default))

    def remove_header(self, header_name):
        self.headers.pop(header_name, None)
        self.unredirected_hdrs.pop(header_name, None)

    def header_items(self):
        hdrs = dict(self.unredirected_hdrs)
        hdrs.update(self.headers)
        return list(hdrs.items())


def urlopen(url, data=None, timeout=None, *args, **kwargs):
    if not isinstance(url, Request):
        Request(url, data)  # CPython's ValueError for a URL without a scheme
    raise URLError(_NO_NETWORK)


def urlretrieve(url, filename=None, reporthook=None, data=None):
    urlopen(url, data)


def build_opener(*handlers):
    _lib.unavailable("urllib.request.build_opener (no network access)")


__getattr__ = _lib.missing("urllib.request", ("OpenerDirector", "HTTPHandler", "HTTPSHandler", "install_opener",
                                              "ProxyHandler", "HTTPCookieProcessor", "HTTPBasicAuthHandler"))
