# Guest library: heapq = MicroPython's heappush/heappop/heapify (same algorithm as CPython's)
# plus heappushpop, heapreplace, nlargest, nsmallest, merge.
import _mpk_lib as _lib

_h = _lib.builtin("heapq")
heappush = _h.heappush
heappop = _h.heappop
heapify = _h.heapify


def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


def heapreplace(heap, item):
    returnitem = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return returnitem


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item


def _stable(iterable, key, reverse):
    # CPython: sorted(iterable, key=key, reverse=reverse)[:n]; this build's sort is stable too
    # (the stable_sort interpreter patch).
    return sorted(iterable, key=key, reverse=reverse)


def nlargest(n, iterable, key=None):
    return _stable(iterable, key, True)[:n]


def nsmallest(n, iterable, key=None):
    return _stable(iterable, key, False)[:n]


def merge(*iterables, key=None, reverse=False):
    entries = []
    for order, it in enumerate(iterables):
        it = iter(it)
        for value in it:
            entries.append([value if key is None else key(value), order if not reverse else -order, value, it])
            break
    while entries:
        best = None
        for entry in entries:
            if best is None or (entry[0] > best[0] if reverse else entry[0] < best[0]) or \
                    (entry[0] == best[0] and entry[1] < best[1]):
                best = entry
        yield best[2]
        for value in best[3]:
            best[0] = value if key is None else key(value)
            best[2] = value
            break
        else:
            entries.remove(best)
