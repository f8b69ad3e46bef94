# Guest library: `slice(...)` calls (the source pass writes them `_mpk_slice.slice(...)`,
# cpython/transform). MicroPython has the slice type but cannot create one by calling it
# ("can't create 'slice' instances"); a subscript makes one: `_MAKER[a:b:c]` is the slice object
# CPython's `slice(a, b, c)` is (same start, stop, step, repr, `indices()`).


class _Maker:
    def __getitem__(self, key):
        return key


_MAKER = _Maker()


def slice(*args):  # noqa: A001 - CPython's name
    """CPython's slice(stop) / slice(start, stop[, step])."""
    if not args:
        raise TypeError("slice expected at least 1 argument, got 0")
    if len(args) > 3:
        raise TypeError("slice expected at most 3 arguments, got %d" % len(args))
    if len(args) == 1:
        return _MAKER[:args[0]]
    if len(args) == 2:
        return _MAKER[args[0]:args[1]]
    return _MAKER[args[0]:args[1]:args[2]]
