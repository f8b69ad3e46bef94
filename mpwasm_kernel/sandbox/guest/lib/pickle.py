# Guest library: pickle (dumps, loads, dump, load) for the values teaching code saves: None,
# bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, and
# instances of classes defined in the cells or in an importable module (their __dict__, or
# __getstate__/__setstate__). Shared and cyclic references are kept. The bytes are this
# sandbox's own encoding (JSON inside, with a "\x80MPK" header), not CPython's pickle format:
# data pickled here loads here; CPython's pickles do not, and code is never run by loads().
import json as _json
import sys as _sys

import _mpk_lib as _lib

HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4
_HEADER = b"\x80MPK1"


class PickleError(Exception):
    pass


class PicklingError(PickleError):
    pass


class UnpicklingError(PickleError):
    pass


def _class_path(cls):
    module = getattr(cls, "__module__", None) or "__main__"
    return [module, getattr(cls, "__qualname__", cls.__name__)]


def _find_class(module, qualname):
    if module == "__main__":
        space = _lib.main_namespace()
        obj = space.get(qualname.split(".")[0])
    else:
        mod = _sys.modules.get(module) or __import__(module)
        obj = getattr(mod, qualname.split(".")[0], None)
    for part in qualname.split(".")[1:]:
        obj = getattr(obj, part, None)
    if not isinstance(obj, type):
        raise UnpicklingError("Can't get attribute '%s' on <module '%s'>" % (qualname, module))
    return obj


class _Encoder:
    def __init__(self):
        self.memo = {}

    def enc(self, obj):
        kind = type(obj)
        if obj is None or kind is bool or kind is int or kind is str:
            return obj if kind is not int or -(2 ** 53) < obj < 2 ** 53 else {"i": str(obj)}
        if kind is float:
            return {"f": repr(obj)}
        if kind is complex:
            return {"c": [obj.real, obj.imag]}
        if kind is bytes or kind is bytearray:
            return {"b" if kind is bytes else "ba": list(obj)}
        if kind is tuple:
            return {"t": [self.enc(x) for x in obj]}
        if kind is frozenset:
            return {"fs": [self.enc(x) for x in obj]}
        key = id(obj)
        if key in self.memo:
            return {"r": self.memo[key]}
        self.memo[key] = len(self.memo)
        mark = self.memo[key]
        if kind is list:
            return {"l": [self.enc(x) for x in obj], "m": mark}
        if kind is dict:
            return {"d": [[self.enc(k), self.enc(v)] for k, v in obj.items()], "m": mark}
        if kind is set:
            return {"s": [self.enc(x) for x in obj], "m": mark}
        if isinstance(obj, type):
            return {"cls": _class_path(obj), "m": mark}
        if getattr(kind, "__module__", None) is None:
            raise TypeError("cannot pickle '%s' object" % kind.__name__)
        state = obj.__getstate__() if hasattr(obj, "__getstate__") else getattr(obj, "__dict__", {})
        out = {"o": _class_path(kind), "st": self.enc(state), "m": mark}
        if hasattr(obj, "__getnewargs__"):  # a namedtuple: made again by its __new__ (CPython's protocol 2+)
            out["na"] = self.enc(tuple(obj.__getnewargs__()))
        return out


class _Decoder:
    def __init__(self):
        self.memo = {}

    def dec(self, data):
        if not isinstance(data, dict):
            return data
        if "i" in data:
            return int(data["i"])
        if "f" in data:
            return float(data["f"])
        if "c" in data:
            return complex(data["c"][0], data["c"][1])
        if "b" in data:
            return bytes(data["b"])
        if "ba" in data:
            return bytearray(data["ba"])
        if "t" in data:
            return tuple([self.dec(x) for x in data["t"]])
        if "fs" in data:
            return frozenset([self.dec(x) for x in data["fs"]])
        if "r" in data:
            return self.memo[data["r"]]
        mark = data.get("m")
        if "l" in data:
            out = self.memo[mark] = []
            out.extend([self.dec(x) for x in data["l"]])
            return out
        if "d" in data:
            out = self.memo[mark] = {}
            for k, v in data["d"]:
                out[self.dec(k)] = self.dec(v)
            return out
        if "s" in data:
            out = self.memo[mark] = set()
            out.update([self.dec(x) for x in data["s"]])
            return out
        if "cls" in data:
            out = self.memo[mark] = _find_class(*data["cls"])
            return out
        if "o" in data:
            cls = _find_class(*data["o"])
            args = self.dec(data["na"]) if "na" in data else None
            out = self.memo[mark] = object.__new__(cls) if args is None else cls.__new__(cls, *args)
            state = self.dec(data["st"])
            if hasattr(out, "__setstate__"):
                out.__setstate__(state)
            else:
                for k in state:
                    setattr(out, k, state[k])
            return out
        raise UnpicklingError("invalid load key")


def dumps(obj, protocol=None, *, fix_imports=True, buffer_callback=None):
    """The bytes of `obj` (see the module comment for what can be pickled)."""
    try:
        return _HEADER + _json.dumps(_Encoder().enc(obj)).encode()
    except RecursionError:
        raise PicklingError("object too deeply nested to pickle")


def loads(data, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    """The object pickled in `data` by dumps()."""
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    data = bytes(data)
    if not data:
        raise EOFError("Ran out of input")
    if not data.startswith(_HEADER):
        raise UnpicklingError("invalid load key, %r." % data[:1].decode("latin-1") if data
                              else "pickle data was truncated")
    try:
        tree = _json.loads(data[len(_HEADER):].decode())
    except ValueError:
        raise UnpicklingError("pickle data was truncated")
    return _Decoder().dec(tree)


def dump(obj, file, protocol=None, *, fix_imports=True, buffer_callback=None):
    file.write(dumps(obj, protocol))


def load(file, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    return loads(file.read())
