# Guest library: urllib.parse, CPython 3.11's results for splitting, joining, quoting and query
# strings (written for the sandbox; IDNA and bytes URLs are not supported).
from collections import namedtuple

import _mpk_lib as _lib

uses_relative = ["", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero",
                 "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"]
uses_netloc = ["", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews",
               "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"]
uses_params = ["", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip", "sips", "mms",
               "sftp", "tel"]
_SCHEME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."
_ALWAYS_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"
_HEX = "0123456789ABCDEF"


class _NetlocMixin:
    @property
    def username(self):
        user, has, _ = self.netloc.rpartition("@")
        return user.partition(":")[0] if has else None

    @property
    def password(self):
        user, has, _ = self.netloc.rpartition("@")
        if not has:
            return None
        _, colon, pw = user.partition(":")
        return pw if colon else None

    def _hostinfo(self):
        host = self.netloc.rpartition("@")[2]
        if host[:1] == "[":
            end = host.find("]")
            name, port = host[1:end], host[end + 1:]
            return name, port[1:] if port[:1] == ":" else None
        name, colon, port = host.partition(":")
        return name, port if colon else None

    @property
    def hostname(self):
        name = self._hostinfo()[0]
        if not name:
            return None
        return name.split("%")[0].lower() if "%" in name else name.lower()

    @property
    def port(self):
        port = self._hostinfo()[1]
        if port is None or port == "":
            return None
        if not port.isdigit():
            raise ValueError("Port could not be cast to integer value as %r" % port)
        value = int(port)
        if not 0 <= value <= 65535:
            raise ValueError("Port out of range 0-65535")
        return value


class SplitResult(namedtuple("SplitResult", "scheme netloc path query fragment"), _NetlocMixin):
    def geturl(self):
        return urlunsplit(self)


class ParseResult(namedtuple("ParseResult", "scheme netloc path params query fragment"), _NetlocMixin):
    def geturl(self):
        return urlunparse(self)


class DefragResult(namedtuple("DefragResult", "url fragment")):
    def geturl(self):
        return self.url + "#" + self.fragment if self.fragment else self.url


def _coerce(value):
    if isinstance(value, (bytes, bytearray)):
        raise TypeError("bytes URLs are not supported in the sandbox's urllib.parse")
    return value


def urlsplit(url, scheme="", allow_fragments=True):
    url = _coerce(url).strip().replace("\t", "").replace("\r", "").replace("\n", "")
    netloc = query = fragment = ""
    i = url.find(":")
    if i > 0 and url[0].isalpha() and all(c in _SCHEME_CHARS for c in url[:i]):
        scheme, url = url[:i].lower(), url[i + 1:]
    if url[:2] == "//":
        end = len(url)
        for c in "/?#":
            at = url.find(c, 2)
            if 0 <= at < end:
                end = at
        netloc, url = url[2:end], url[end:]
        if ("[" in netloc) != ("]" in netloc):
            raise ValueError("Invalid IPv6 URL")
    if allow_fragments and "#" in url:
        url, fragment = url.split("#", 1)
    if "?" in url:
        url, query = url.split("?", 1)
    return SplitResult(scheme, netloc, url, query, fragment)


def _splitparams(url):
    if "/" in url:
        i = url.find(";", url.rfind("/"))
        if i < 0:
            return url, ""
    else:
        i = url.find(";")
    return url[:i], url[i + 1:]


def urlparse(url, scheme="", allow_fragments=True):
    scheme, netloc, url, query, fragment = urlsplit(url, scheme, allow_fragments)
    params = ""
    if scheme in uses_params and ";" in url:
        url, params = _splitparams(url)
    return ParseResult(scheme, netloc, url, params, query, fragment)


def urlunsplit(components):
    scheme, netloc, url, query, fragment = components
    if netloc or (scheme and scheme in uses_netloc and url[:2] != "//"):
        if url and url[:1] != "/":
            url = "/" + url
        url = "//" + (netloc or "") + url
    if scheme:
        url = scheme + ":" + url
    if query:
        url = url + "?" + query
    if fragment:
        url = url + "#" + fragment
    return url


def urlunparse(components):
    scheme, netloc, url, params, query, fragment = components
    if params:
        url = "%s;%s" % (url, params)
    return urlunsplit((scheme, netloc, url, query, fragment))


def urljoin(base, url, allow_fragments=True):
    if not base:
        return url
    if not url:
        return base
    bscheme, bnetloc, bpath, bparams, bquery, bfragment = urlparse(base, "", allow_fragments)
    scheme, netloc, path, params, query, fragment = urlparse(url, bscheme, allow_fragments)
    if not urlsplit(url).scheme:
        scheme = bscheme
    if scheme != bscheme or scheme not in uses_relative:
        return url
    if scheme in uses_netloc:
        if netloc:
            return urlunparse((scheme, netloc, path, params, query, fragment))
        netloc = bnetloc
    if not path and not params:
        path, params = bpath, bparams
        if not query:
            query = bquery
        return urlunparse((scheme, netloc, path, params, query, fragment))
    base_parts = bpath.split("/")
    if base_parts[-1] != "":
        del base_parts[-1]
    if path[:1] == "/":
        segments = path.split("/")
    else:
        segments = base_parts + path.split("/")
        segments[1:-1] = [s for s in segments[1:-1] if s]
    resolved = []
    for seg in segments:
        if seg == "..":
            if resolved:
                resolved.pop()
        elif seg != ".":
            resolved.append(seg)
    if segments[-1] in (".", ".."):
        resolved.append("")
    return urlunparse((scheme, netloc, "/".join(resolved) or "/", params, query, fragment))


def urldefrag(url):
    if "#" in url:
        s, n, p, a, q, frag = urlparse(url)
        return DefragResult(urlunparse((s, n, p, a, q, "")), frag)
    return DefragResult(url, "")


def quote_from_bytes(bs, safe="/"):
    if not isinstance(bs, (bytes, bytearray)):
        raise TypeError("quote_from_bytes() expected bytes")
    safe_bytes = _ALWAYS_SAFE + (safe.encode("ascii", "ignore") if isinstance(safe, str) else bytes(safe))
    out = []
    for b in bs:
        if b in safe_bytes:
            out.append(chr(b))
        else:
            out.append("%" + _HEX[b >> 4] + _HEX[b & 15])
    return "".join(out)


def quote(string, safe="/", encoding=None, errors=None):
    if isinstance(string, str):
        if not string:
            return string
        string = string.encode(encoding or "utf-8")
    elif encoding is not None or errors is not None:
        raise TypeError("quote() doesn't support 'encoding' for bytes")
    return quote_from_bytes(string, safe)


def quote_plus(string, safe="", encoding=None, errors=None):
    if (isinstance(string, str) and " " not in string) or (isinstance(string, bytes) and b" " not in string):
        return quote(string, safe, encoding, errors)
    space = " " if isinstance(safe, str) else b" "
    return quote(string, safe + space, encoding, errors).replace(" ", "+")


def unquote_to_bytes(string):
    if isinstance(string, str):
        string = string.encode("utf-8")
    parts = bytes(string).split(b"%")
    out = bytearray(parts[0])
    for item in parts[1:]:
        try:
            out.append(int(item[:2], 16) if len(item) >= 2 else int("x"))
            out.extend(item[2:])
        except ValueError:
            out.extend(b"%" + item)
    return bytes(out)


def unquote(string, encoding="utf-8", errors="replace"):
    if isinstance(string, bytes):
        return unquote_to_bytes(string).decode(encoding)
    if "%" not in string:
        return string
    return str(unquote_to_bytes(string), encoding or "utf-8")


def unquote_plus(string, encoding="utf-8", errors="replace"):
    return unquote(string.replace("+", " "), encoding, errors)


def urlencode(query, doseq=False, safe="", encoding=None, errors=None, quote_via=quote_plus):
    if hasattr(query, "items"):
        query = query.items()
    else:
        try:
            if len(query) and not isinstance(query[0], tuple):
                raise TypeError
        except TypeError:
            raise TypeError("not a valid non-string sequence or mapping object") from None
    out = []
    for k, v in query:
        k = quote_via(k if isinstance(k, (str, bytes)) else str(k), safe, encoding, errors)
        if not doseq or isinstance(v, (str, bytes)):
            out.append(k + "=" + quote_via(v if isinstance(v, (str, bytes)) else str(v), safe, encoding, errors))
            continue
        try:
            items = list(v)
        except TypeError:
            out.append(k + "=" + quote_via(str(v), safe, encoding, errors))
            continue
        for elt in items:
            out.append(k + "=" + quote_via(elt if isinstance(elt, (str, bytes)) else str(elt), safe, encoding, errors))
    return "&".join(out)


def parse_qsl(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8", errors="replace",
              max_num_fields=None, separator="&"):
    if not qs:
        return []
    if not separator or not isinstance(separator, (str, bytes)):
        raise ValueError("Separator must be of type string or bytes.")
    pairs = qs.split(separator)
    if max_num_fields is not None and len(pairs) > max_num_fields:
        raise ValueError("Max number of fields exceeded")
    out = []
    for pair in pairs:
        if not pair and not strict_parsing:
            continue
        nv = pair.split("=", 1)
        if len(nv) != 2:
            if strict_parsing:
                raise ValueError("bad query field: %r" % (pair,))
            if not keep_blank_values:
                continue
            nv.append("")
        if len(nv[1]) or keep_blank_values:
            out.append((unquote(nv[0].replace("+", " "), encoding, errors),
                        unquote(nv[1].replace("+", " "), encoding, errors)))
    return out


def parse_qs(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8", errors="replace",
             max_num_fields=None, separator="&"):
    out = {}
    for name, value in parse_qsl(qs, keep_blank_values, strict_parsing, encoding, errors, max_num_fields, separator):
        if name in out:
            out[name].append(value)
        else:
            out[name] = [value]
    return out


__getattr__ = _lib.missing("urllib.parse")
