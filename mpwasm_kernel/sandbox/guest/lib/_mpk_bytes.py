# Guest library: `bytes(x)` of one argument that is a name, attribute, subscript or call (the source
# pass sends such calls here, cpython/transform.py). MicroPython's bytes() does not call a class's
# `__bytes__` ("'B' object is not iterable") and reads an int subclass instance as a huge length
# (a MemoryError); CPython calls `__bytes__` and gives an int subclass's value zero bytes.
_bytes = bytes
_int = int


def of(x):
    kind = type(x)
    if kind is _int or kind is _bytes or kind is str or kind is list or kind is bytearray:
        return _bytes(x)
    method = getattr(kind, "__bytes__", None)
    if method is not None:
        value = method(x)
        if not isinstance(value, _bytes):
            raise TypeError("__bytes__ returned non-bytes (type %s)" % type(value).__name__)
        return value
    if isinstance(x, _int) and kind is not bool:
        return _bytes(_int(x))
    return _bytes(x)
