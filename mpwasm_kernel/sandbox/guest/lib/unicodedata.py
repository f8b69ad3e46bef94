# Guest library: unicodedata. MicroPython has no Unicode database: each call is one host request
# (`{"type": "unicodedata"}`, sandbox/cpython/unicodedata_host.py) answered by the host CPython's
# own unicodedata, so results and errors are CPython's. Functions: category, name, lookup,
# decimal, digit, numeric, bidirectional, combining, east_asian_width, mirrored, decomposition,
# normalize, is_normalized; unidata_version. Not here: the `ucd_3_2_0` database object.
import _mpk_channel

_MISSING = object()


def _ask(func, *args):
    reply = _mpk_channel.request({"type": "unicodedata", "func": func, "args": list(args)})
    if "error" in reply:
        kind, text = reply["error"]
        raise {"ValueError": ValueError, "KeyError": KeyError}.get(kind, TypeError)(text)
    return reply["value"]


def _with_default(func, chr, default):
    if default is _MISSING:
        return _ask(func, chr)
    try:
        return _ask(func, chr)
    except ValueError:
        return default


def category(chr):
    return _ask("category", chr)


def name(chr, default=_MISSING):
    return _with_default("name", chr, default)


def lookup(name):
    return _ask("lookup", name)


def decimal(chr, default=_MISSING):
    return _with_default("decimal", chr, default)


def digit(chr, default=_MISSING):
    return _with_default("digit", chr, default)


def numeric(chr, default=_MISSING):
    return _with_default("numeric", chr, default)


def bidirectional(chr):
    return _ask("bidirectional", chr)


def combining(chr):
    return _ask("combining", chr)


def east_asian_width(chr):
    return _ask("east_asian_width", chr)


def mirrored(chr):
    return _ask("mirrored", chr)


def decomposition(chr):
    return _ask("decomposition", chr)


def normalize(form, unistr):
    return _ask("normalize", form, unistr)


def is_normalized(form, unistr):
    return _ask("is_normalized", form, unistr)


unidata_version = _mpk_channel.request({"type": "unicodedata", "version": True})["value"]
