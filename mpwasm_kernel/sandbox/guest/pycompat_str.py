# Guest side, compiled on first use only: the str/int/float/complex methods this build lacks.
# A part of the lazily compiled CPython shims: the host appends this file to pycompat_lazy.py
# (PYCOMPAT_LAZY in boot.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - names are provided by the shims' namespace, not defined here

# @part _mpk_ga
# Methods CPython's str/int/float/complex have and this build lacks. The source pass rewrites
# `x.name` (a load of one of these names) into `_mpk_ga(x, "name")`: the real attribute when it
# exists (user classes, other types), else the shim below, bound to `x`; and a call of a str
# method, `x.name(a, b)`, into `_mpk_ga(x, "name", ..., a, b)`: the shim called at once.
# The case methods change ASCII letters only, as this build's str.upper/lower do.
def capitalize(s):
    # `s[0]` of an ASCII character and its `upper()` are interned characters (no allocation)
    return s[0].upper() + s[1:].lower() if s else s


def title(s):
    # a word of ASCII letters, or such words between spaces: by slices and native case calls
    if s.isalpha():
        return s[0].upper() + s[1:].lower()
    if s.replace(" ", "").isalpha():
        return " ".join([w[0].upper() + w[1:].lower() if w else w for w in s.split(" ")])
    out = []
    prev = False
    for c in s:
        cased = c.isalpha()
        out.append(c.lower() if prev and cased else c.upper() if cased else c)
        prev = cased
    return "".join(out)


def istitle(s):
    return s == title(s) and any(c.isalpha() for c in s)


def swapcase(s):
    # every ASCII letter of one case (and at least one): one native call
    if s.isupper():
        return s.lower()
    if s.islower():
        return s.upper()
    return "".join(c.lower() if c.isupper() else c.upper() for c in s)


def casefold(s):
    return s.lower().replace("ß", "ss")


_SPACE = " "  # the fill characters' default, the same (interned) object


def _fill(fillchar):
    if type(fillchar) is not str:
        raise TypeError("The fill character must be a unicode character, not %s" % type(fillchar).__name__)
    if len(fillchar) != 1:
        raise TypeError("The fill character must be exactly one character long")
    return fillchar


def ljust(s, width, fillchar=" "):
    if fillchar is not _SPACE:  # the default needs no check
        _fill(fillchar)
    return s + fillchar * (width - len(s))


def rjust(s, width, fillchar=" "):
    if fillchar is not _SPACE:
        _fill(fillchar)
    return fillchar * (width - len(s)) + s


def center(s, width, fillchar=" "):
    # CPython puts the odd extra fill character on the right when the string's length is even.
    if fillchar is not _SPACE:  # the default needs no check
        _fill(fillchar)
    pad = width - len(s)
    if pad <= 0:
        return s
    left = pad // 2 + (pad & width & 1)
    return fillchar * left + s + fillchar * (pad - left)


def zfill(s, width):
    if len(s) >= width:
        return s
    sign = s[:1] if s[:1] in "+-" and s else ""
    return sign + "0" * (width - len(s)) + s[len(sign):]


def removeprefix(s, prefix):
    return s[len(prefix):] if prefix and s.startswith(prefix) else s


def removesuffix(s, suffix):
    return s[:-len(suffix)] if suffix and s.endswith(suffix) else s


def expandtabs(s, tabsize=8):
    out = []
    col = 0
    for c in s:
        if c == "\t":
            n = tabsize - col % tabsize if tabsize > 0 else 0
            out.append(" " * n)
            col += n
        else:
            out.append(c)
            col = 0 if c in "\r\n" else col + 1
    return "".join(out)


def isalnum(s):
    # the native whole-string tests first: one call for a word or a number
    return s.isalpha() or s.isdigit() or (bool(s) and all(c.isalpha() or c.isdigit() for c in s))


def isdecimal(s):
    return s.isdigit()  # False for "", as CPython's


def isascii(s):
    return all(ord(c) < 128 for c in s)


def isprintable(s):
    return all(c == " " or (ord(c) > 32 and ord(c) != 127 and not (0x80 <= ord(c) < 0xA0)) for c in s)


def isidentifier(s):
    if not s or s[0].isdigit():
        return False
    return all(c == "_" or c.isalpha() or c.isdigit() or ord(c) > 127 for c in s)


def maketrans(x, y=None, z=None):
    table = {}
    if y is None:
        for k in x:
            table[ord(k) if type(k) is str else k] = x[k]
    else:
        if len(x) != len(y):
            raise ValueError("the first two maketrans arguments must have equal length")
        for i in range(len(x)):
            table[ord(x[i])] = ord(y[i])
    if z is not None:
        for c in z:
            table[ord(c)] = None
    return table


def translate(s, table):
    out = []
    for c in s:
        try:
            r = table[ord(c)]
        except (KeyError, IndexError):
            out.append(c)
            continue
        if r is None:
            continue
        out.append(chr(r) if type(r) is int else r)
    return "".join(out)


def rsplit(s, sep=None, maxsplit=-1):
    # MicroPython's raises NotImplementedError for a whitespace split with a limit
    if sep is not None or maxsplit < 0:
        return _strtype.rsplit(s, sep, maxsplit)
    words = []
    i = len(s)
    while len(words) < maxsplit:
        while i > 0 and s[i - 1].isspace():
            i -= 1
        j = i
        while j > 0 and not s[j - 1].isspace():
            j -= 1
        if j == i:
            break
        words.append(s[j:i])
        i = j
    while i > 0 and s[i - 1].isspace():
        i -= 1
    if i > 0:
        words.append(s[:i])
    words.reverse()
    return words


def format_map(s, mapping):
    return s.format(**mapping)


def bit_length(n):
    return len(bin(n).lstrip("-0b")) if n else 0


def bit_count(n):
    return bin(n).count("1")


def is_integer(x):
    return x == x and x - x == 0 and x == int(x)


def as_integer_ratio(x):
    if x != x or x - x != 0:
        raise (ValueError("cannot convert NaN to integer ratio") if x != x
               else OverflowError("cannot convert Infinity to integer ratio"))
    num, den = get("_ratio")(x)  # part "round"
    while num & 1 == 0 and den > 1:
        num >>= 1
        den >>= 1
    return (-num if x < 0 else num, den)


def conjugate(x):
    return complex(x.real, -x.imag) if type(x) is complex else x


_METHODS = {
    str: {"capitalize": capitalize, "title": title, "istitle": istitle, "swapcase": swapcase,
          "casefold": casefold, "ljust": ljust, "rjust": rjust, "center": center, "zfill": zfill,
          "removeprefix": removeprefix, "removesuffix": removesuffix, "expandtabs": expandtabs,
          "isalnum": isalnum, "isdecimal": isdecimal, "isnumeric": isdecimal, "isascii": isascii,
          "isprintable": isprintable, "isidentifier": isidentifier, "maketrans": maketrans,
          "translate": translate, "format_map": format_map, "rsplit": rsplit},
    int: {"bit_length": bit_length, "bit_count": bit_count, "as_integer_ratio": lambda n: (int(n), 1),
          "conjugate": conjugate},
    float: {"is_integer": is_integer, "as_integer_ratio": as_integer_ratio, "conjugate": conjugate},
    complex: {"conjugate": conjugate},
}
_VALUES = {
    int: {"numerator": lambda n: n, "denominator": lambda n: 1, "real": lambda n: n, "imag": lambda n: 0},
    float: {"real": lambda x: x, "imag": lambda x: 0.0},
}
# exist here, without CPython's fillchar / whitespace split with a limit; `capitalize` is native (the
# `str_capitalize` patch) and called as written, but loaded here as a method with `__name__`
_OVERRIDE = ("center", "rsplit", "capitalize")


# str methods this build lacks (or has without CPython's arguments): found without first raising
# an AttributeError from getattr, which cost ~18x the method call itself
_STR_MISSING = {name: func for name, func in _METHODS[str].items()
                if name != "maketrans" and (name in _OVERRIDE or not hasattr(str, name))}
# `str` found in this namespace: a builtin name is looked up here first, and missing here costs
# ~770 fuel more on every call of the path below. Named apart from the `_mpk_sl` part's `_str`:
# a part that shares no top-level name with another is precompiled (sandbox/precompiled.py,
# `closed_parts`) instead of compiled by the guest on first use (~22 M fuel for this part).
_strtype = str
_FILE_ATTRS = ("name", "mode", "writelines", "readable", "writable")


def _mpk_ga(obj, name, call=None, *args):
    if call is ...:  # `obj.name(args)` rewritten as `_mpk_ga(obj, name, ..., args)`: call, no bound method
        # `obj.__class__` is type(obj) without the call of the `type` builtin (the runtime answers
        # it before the type's attributes; only an instance storing its own `__class__` differs)
        if obj.__class__ is _strtype:
            if name in _STR_MISSING:
                return _STR_MISSING[name](obj, *args) if args else _STR_MISSING[name](obj)
        return _mpk_ga(obj, name)(*args)
    if name == "__doc__":  # a function's docstring from the source (pycompat_exc.py, `_mpk_doc`)
        return get("_mpk_doc")(obj)
    if name == "__dict__" and hasattr(type(obj), "__slots__"):  # lib/_mpk_slots.py: none with __slots__
        return (sys.modules.get("_mpk_slots") or __import__("_mpk_slots")).instance_dict(obj)
    if name[:2] == "__" and name != "__doc__" and (name == "__bases__" or not hasattr(obj, name)):
        # (5).__add__, Class.__bases__ without the class lib/_mpk_mro.py adds (pycompat_ops.py)
        return get("_mpk_dunder")(obj, name)
    if name == "closed":  # a file's (pycompat_ops.py)
        return get("_mpk_closed")(obj)
    kind = type(obj)
    if kind is str:
        func = _STR_MISSING.get(name)
        if func is not None:
            return get("_mpk_bound")(obj, name, func)  # pycompat_ops.py: a built-in method
    elif name == "sort" and kind is list:  # CPython's stable sort (see the `sorted` part)
        return lambda *args, **kwargs: _mpk_sort(obj, *args, **kwargs)
    if name in _OVERRIDE and (kind is str or obj is str):
        pass
    else:
        try:
            return getattr(obj, name)
        except AttributeError:
            if name == "mro":  # Class.mro() (pycompat_ops.py)
                return get("_mpk_dunder")(obj, name)
            if name in _FILE_ATTRS:  # a file's (pycompat_ops.py)
                return get("_mpk_fileattr")(obj, name)
    if kind is bool or (kind not in _METHODS and isinstance(obj, int)):  # also IntEnum, int subclasses
        kind = int
    elif kind not in _METHODS and isinstance(obj, str):  # str subclasses (their own attributes won above)
        kind = str
    if obj is str or obj is int or obj is float or obj is complex:
        func = _METHODS.get(obj, {}).get(name)
        if func is not None:
            return func
    else:
        func = _METHODS.get(kind, {}).get(name)
        if func is not None:
            if name == "maketrans":
                return func
            return get("_mpk_bound")(obj, name, func)
        value = _VALUES.get(kind, {}).get(name)
        if value is not None:
            return value(obj)
    return getattr(obj, name)  # raises CPython's AttributeError wording via the runtime


# @part _mpk_pct _mpk_pctf _mpk_type
# `"literal" % x` (rewritten by the source pass): MicroPython formats only an exact tuple (or its
# own namedtuple) as the argument list; a tuple subclass, e.g. collections.namedtuple, would be
# one argument. type(name, bases, namespace) with another mapping than an exact dict.
# The classes formatted as they are (a tuple as the argument list, the others as one argument),
# tested with `value.__class__` (type(value), without calling the builtin) and one tuple search
# instead of five builtin names looked up on every call.
_PCT_PLAIN = (int, str, float, tuple, dict)


def _mpk_pct(text, value):
    if value.__class__ not in _PCT_PLAIN and isinstance(value, tuple):
        value = tuple(value)
    return text % value


def _mpk_pctf(text, value, low, bound):
    # `"literal" % value` whose literal has float conversions (cpython/transform/formats.py): a
    # float argument outside (low, bound) = (-bound, bound) (a NaN too) needs more significant digits than this
    # build's formatting gets right and goes to the exact formatter (pycompat_format.py,
    # `_mpk_pexact`); bound 0.0: every float or int argument does; a subnormal float too (its
    # digits past the 6th are wrong here: `'%.4e' % 1e-320`). A template in a variable (`t % x`,
    # `t` assigned a literal) may have been rebound to a non-str.
    kind = value.__class__
    if text.__class__ is not str:
        return text % value
    if kind is float:
        if not low < value < bound or -2.2250738585072014e-308 < value < 2.2250738585072014e-308 and value:
            return get("_mpk_pexact")(text, value)
    elif kind is tuple or kind is dict:
        for item in (value if kind is tuple else value.values()):
            if item.__class__ is float and (not low < item < bound or -2.2250738585072014e-308 < item
                                            < 2.2250738585072014e-308 and item) \
                    or not bound and item.__class__ is int:
                return get("_mpk_pexact")(text, value)
    elif not bound and kind is int:
        return get("_mpk_pexact")(text, value)
    elif kind not in _PCT_PLAIN and isinstance(value, tuple):
        return _mpk_pctf(text, tuple(value), low, bound)
    return text % value


def _mpk_type(name, bases, space):
    if type(space) is not dict:
        space = {key: space[key] for key in space}
    return type(name, bases, space)


# @part fromlist
def fromlist(mod, name, names):
    # `from m import x` where x is missing and m's module __getattr__ raises AttributeError (the
    # guest library's way to say a name is not available): CPython raises ImportError. In a
    # package, x may be a submodule: it is imported here (the importer would load it next).
    if names is True:  # MicroPython's `from package import submodule` imports the submodule so
        return
    data = mod.__dict__
    for value in names:
        if value not in data and value != "*":
            try:
                getattr(mod, value)
            except AttributeError:
                if "__path__" in data:
                    try:
                        __import__(name + "." + value)
                        continue
                    except ImportError:
                        pass
                raise ImportError("cannot import name '%s' from '%s' (unknown location)" % (value, name)) from None


# @part _mpk_locals
# locals() in a function (rewritten by the source pass): the function's names that are bound,
# each read through a closure; an unbound one raises NameError and is left out, as in CPython.
def _mpk_locals(*pairs):
    out = {}
    for key, value in pairs:
        try:
            out[key] = value()
        except NameError:
            pass
    return out


# @part _mpk_msup
# super().name in a cell with a class of several bases (the source pass): CPython's order (guest
# lib/_mpk_mro.py); a builtin, so the call site pays no __import__ (~23 k fuel a call)
from _mpk_mro import sup as _mpk_msup  # noqa: E402, F401 - the part defines the name


# @part ascii
# `ascii(x)` (MicroPython has no such builtin): repr(x) with the characters past ASCII escaped as
# \xhh, \uhhhh or \Uhhhhhhhh, as CPython writes them.
def ascii(obj):
    text = repr(obj)
    if len(text.encode()) == len(text):
        return text
    out = []
    for ch in text:
        n = ord(ch)
        out.append(ch if n < 128 else "\\x%02x" % n if n < 0x100 else "\\u%04x" % n if n < 0x10000 else
                   "\\U%08x" % n)
    return "".join(out)
