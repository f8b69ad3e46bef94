# Guest library: `zip(..., strict=...)` (the source pass writes such calls
# `_mpk_zip.zip(...)`, cpython/transform). MicroPython's zip takes no keyword arguments; with
# strict=True CPython raises ValueError when the iterables are not all the same length, naming
# the first one that ended early or ran on ("zip() argument 2 is shorter than argument 1").
import builtins as _b


def zip(*iterables, strict=False):  # noqa: A001 - CPython's name
    """CPython's zip(*iterables, strict=False)."""
    if not strict:
        return _b.zip(*iterables)
    return _strict([iter(x) for x in iterables])


def _others(n):
    return "argument 1" if n == 2 else "arguments 1-%d" % (n - 1)


def _strict(iterators):
    if not iterators:
        return
    while True:
        items = []
        for i, it in enumerate(iterators):
            try:
                items.append(next(it))
            except StopIteration:
                if i:
                    raise ValueError("zip() argument %d is shorter than %s" % (i + 1, _others(i + 1)))
                for j in range(1, len(iterators)):
                    try:
                        next(iterators[j])
                    except StopIteration:
                        continue
                    raise ValueError("zip() argument %d is longer than %s" % (j + 1, _others(j + 1)))
                return
        yield tuple(items)
