# Guest library: shelve — a dict-like object whose values are pickled into files, as CPython's
# shelve over dbm.dumb (CPython without gdbm): `shelve.open(name, flag)` keeps NAME.dat (the
# values) and NAME.dir (the keys: one line each, "hex-of-key offset size"); NAME.dat is made at
# open ('c', 'n'), NAME.dir at the first change, both are written whole at sync() and close().
# Values are this sandbox's pickles (guest pickle.py): files written here load here only.
# Reading a value gives a new copy each time (db[k].append(x) changes nothing, as in CPython)
# unless writeback=True. Keys are str, kept in insertion order.
import pickle as _pickle

_open = open  # the builtin (this module defines its own open)

_FLAGS = ("r", "w", "c", "n")


class _Closed:
    # What a closed shelf holds: every use raises CPython's error.
    def _closed(self, *args):
        raise ValueError("invalid operation on closed shelf")

    __getitem__ = __setitem__ = __delitem__ = __contains__ = keys = _closed

    def __len__(self):
        self._closed()

    def __iter__(self):
        self._closed()


class _Files:
    # The key -> pickled bytes table of one shelf and its two files.
    def __init__(self, name, flag):
        if flag not in _FLAGS:
            raise ValueError("Flag must be one of 'r', 'w', 'c', or 'n', not %r" % (flag,))
        self.dat, self.dir = name + ".dat", name + ".dir"
        self.readonly = flag == "r"
        self.table = {}
        self.dirty = False
        import os

        if flag == "n":
            for path in (self.dat, self.dir, name + ".bak"):
                try:
                    os.remove(path)
                except OSError:
                    pass
        try:
            _open(self.dat, "rb").close()
        except OSError:
            if flag not in ("c", "n"):
                raise
            try:
                _open(self.dat, "wb").close()
            except OSError as exc:
                new = FileNotFoundError(2, "No such file or directory") if exc.errno == 2 else exc
                new.filename = self.dat.encode()  # CPython's dbm.dumb names it in bytes
                raise new  # noqa: B904 - MicroPython ignores "from"
        self._read()

    def _read(self):
        try:
            with _open(self.dir, "r") as f:
                index = f.read()
            with _open(self.dat, "rb") as f:
                data = f.read()
        except OSError:
            return
        for line in index.split("\n"):
            if line:
                key, pos, size = line.split(" ")
                self.table[bytes.fromhex(key)] = data[int(pos):int(pos) + int(size)]

    def set(self, key, value):
        if self.readonly:
            raise OSError("The database is opened for reading only")
        if not self.dirty:
            try:
                _open(self.dir, "rb").close()
            except OSError:
                _open(self.dir, "w").close()
        self.table[key] = value
        self.dirty = True

    def delete(self, key):
        if self.readonly:
            raise OSError("The database is opened for reading only")
        del self.table[key]
        self.dirty = True

    def sync(self):
        if not self.dirty:
            return
        lines, chunks, pos = [], [], 0
        for key in self.table:
            value = self.table[key]
            lines.append("%s %d %d\n" % (key.hex(), pos, len(value)))
            chunks.append(value)
            pos += len(value)
        with _open(self.dat, "wb") as f:
            f.write(b"".join(chunks))
        with _open(self.dir, "w") as f:
            f.write("".join(lines))
        self.dirty = False


class Shelf:
    """A dict of str keys whose values are stored pickled in `dict` (a key -> bytes table)."""

    def __init__(self, dict, protocol=None, writeback=False, keyencoding="utf-8"):
        self.dict = dict
        self._protocol = 3 if protocol is None else protocol
        self.writeback = writeback
        self.cache = {}
        self.keyencoding = keyencoding

    def _table(self):
        files = self.dict
        if isinstance(files, _Closed):
            files._closed()
        return files.table

    def __iter__(self):
        for key in list(self._table()):
            yield key.decode(self.keyencoding)

    def __len__(self):
        return len(self._table())

    def __contains__(self, key):
        return key.encode(self.keyencoding) in self._table()

    def get(self, key, default=None):
        if key.encode(self.keyencoding) in self._table():
            return self[key]
        return default

    def __getitem__(self, key):
        if key in self.cache:
            return self.cache[key]
        value = _pickle.loads(self._table()[key.encode(self.keyencoding)])
        if self.writeback:
            self.cache[key] = value
        return value

    def __setitem__(self, key, value):
        self._table()
        if self.writeback:
            self.cache[key] = value
        self.dict.set(key.encode(self.keyencoding), _pickle.dumps(value, self._protocol))

    def __delitem__(self, key):
        self._table()
        self.dict.delete(key.encode(self.keyencoding))
        self.cache.pop(key, None)

    def keys(self):
        return list(self)

    def values(self):
        return [self[key] for key in self]

    def items(self):
        return [(key, self[key]) for key in self]

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key, *default):
        if key not in self:
            if default:
                return default[0]
            raise KeyError(key)
        value = self[key]
        del self[key]
        return value

    def update(self, other=(), **kwargs):
        pairs = other.items() if hasattr(other, "items") else other
        for key, value in pairs:
            self[key] = value
        for key in kwargs:
            self[key] = kwargs[key]

    def sync(self):
        if self.writeback and self.cache:
            self.writeback = False
            for key in self.cache:
                self[key] = self.cache[key]
            self.writeback = True
            self.cache = {}
        if not isinstance(self.dict, _Closed):
            self.dict.sync()

    def close(self):
        if isinstance(self.dict, _Closed):
            return
        try:
            self.sync()
        finally:
            self.dict = _Closed()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class DbfilenameShelf(Shelf):
    """The shelf `shelve.open` returns: its table is kept in FILENAME.dat and FILENAME.dir."""

    def __init__(self, filename, flag="c", protocol=None, writeback=False):
        import os

        Shelf.__init__(self, _Files(os.fspath(filename), flag), protocol, writeback)


def open(filename, flag="c", protocol=None, writeback=False):  # noqa: A001 - shelve's own name
    return DbfilenameShelf(filename, flag, protocol, writeback)
