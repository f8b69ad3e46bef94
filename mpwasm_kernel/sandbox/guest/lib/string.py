# Guest library: string (constants, capwords, Template, Formatter), and `string.templatelib`
# (t-strings' Template and Interpolation): MicroPython's built-in submodule, registered under its
# dotted name so `from string.templatelib import Template` finds it.
import _mpk_lib as _lib

try:
    templatelib = _lib.builtin("string").templatelib
    _lib.builtin("sys").modules["string.templatelib"] = templatelib
except (ImportError, AttributeError):  # a build without t-strings
    pass
whitespace = " \t\n\r\v\f"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    words = s.split(sep)
    return (sep or " ").join([w[:1].upper() + w[1:].lower() for w in words])


def _is_ident_char(ch, first):
    return ch == "_" or ch.isalpha() or (not first and ch.isdigit())


class Template:
    delimiter = "$"

    def __init__(self, template):
        self.template = template

    def _parse(self, mapping, safe):
        t = self.template
        d = self.delimiter
        out = []
        i = 0
        n = len(t)
        while i < n:
            ch = t[i]
            if not t.startswith(d, i):
                out.append(ch)
                i += 1
                continue
            j = i + len(d)
            if t.startswith(d, j):
                out.append(d)
                i = j + len(d)
                continue
            if j < n and t[j] == "{":
                k = t.find("}", j)
                name = t[j + 1:k] if k > 0 else ""
                if k < 0 or not name or not _is_ident_char(name[0], True) or \
                        not all(_is_ident_char(c, False) for c in name):
                    if safe:
                        out.append(d)
                        i = j
                        continue
                    raise ValueError("Invalid placeholder in string: line %d, col %d" % _linecol(t, i))
                end = k + 1
            else:
                k = j
                while k < n and _is_ident_char(t[k], k == j):
                    k += 1
                name = t[j:k]
                end = k
                if not name:
                    if safe:
                        out.append(d)
                        i = j
                        continue
                    raise ValueError("Invalid placeholder in string: line %d, col %d" % _linecol(t, i))
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append(t[i:end])
            else:
                raise KeyError(name)
            i = end
        return "".join(out)

    def substitute(self, mapping=None, **kws):
        return self._parse(_merge(mapping, kws), False)

    def safe_substitute(self, mapping=None, **kws):
        return self._parse(_merge(mapping, kws), True)

    def get_identifiers(self):
        names = []
        self._parse(_Collect(names), True)
        return names

    def is_valid(self):
        try:
            self._parse(_Collect([]), False)
        except ValueError:
            return False
        return True


class _Collect:
    def __init__(self, names):
        self.names = names

    def __contains__(self, name):
        if name not in self.names:
            self.names.append(name)
        return True

    def __getitem__(self, name):
        return ""


def _merge(mapping, kws):
    result = {}
    if mapping is not None:
        for key in mapping:
            result[key] = mapping[key]
    result.update(kws)
    return result


def _linecol(text, index):
    lines = text[:index].split("\n")
    return len(lines), len(lines[-1]) + 1


class Formatter:
    def format(self, format_string, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        return format_string.format(*args, **kwargs)
