# Guest library: unittest.mock's patch (decorator and context manager, .object, .dict,
# .multiple) and mock_open; the rest of unittest.mock is in mock.py, which re-exports these.
import sys
from unittest.mock import DEFAULT, MagicMock


# --- patch ---------------------------------------------------------------------------------------
def _importer(target):
    parts = target.split(".")
    name = parts.pop(0)
    found = __import__(name)
    for part in parts:
        name += "." + part
        try:
            found = getattr(found, part)
        except AttributeError:
            __import__(name)
            found = getattr(found, part)
    return found


class _Patch:
    def __init__(self, getter, attribute, new, create, new_callable, kwargs):
        self.getter, self.attribute, self.new = getter, attribute, new
        self.create, self.new_callable, self.kwargs = create, new_callable, kwargs
        self._saved = []

    def __enter__(self):
        target = self.getter()
        original = getattr(target, self.attribute, DEFAULT)
        if original is DEFAULT and not self.create:
            raise AttributeError("%r does not have the attribute %r" % (target, self.attribute))
        new = self.new
        if new is DEFAULT:
            new = (self.new_callable or MagicMock)(**self.kwargs)
        self._saved.append((target, original, new))
        setattr(target, self.attribute, new)
        return new

    def __exit__(self, *exc):
        target, original, _ = self._saved.pop()
        if original is DEFAULT:
            delattr(target, self.attribute)
        else:
            setattr(target, self.attribute, original)
        return False

    start = __enter__

    def stop(self):
        return self.__exit__(None, None, None)

    def __call__(self, func):
        if isinstance(func, type):
            for name in list(func.__dict__):
                if name.startswith("test") and callable(func.__dict__[name]):
                    setattr(func, name, self.__class__(self.getter, self.attribute, self.new, self.create,
                                                       self.new_callable, self.kwargs)(func.__dict__[name]))
            return func
        patcher = self

        def patched(*args, **kwargs):
            with patcher as new:
                if patcher.new is DEFAULT:
                    return func(*args, new, **kwargs)
                return func(*args, **kwargs)

        return patched


def _patch(target, new=DEFAULT, spec=None, create=False, spec_set=None, autospec=None, new_callable=None,
           **kwargs):
    if type(target) is not str or "." not in target:
        raise TypeError("Need a valid target to patch. You supplied: %r" % (target,))
    owner, attribute = target.rsplit(".", 1)
    if spec is not None:
        kwargs["spec"] = spec
    if spec_set is not None:
        kwargs["spec_set"] = spec_set
    return _Patch(lambda: _owner(owner), attribute, new, create, new_callable, kwargs)


def _owner(name):
    # "__main__" is the notebook's namespace; "__main__.app" an object in it
    if name == "__main__" or name.startswith("__main__."):
        found = _MainModule()
        for part in name.split(".")[1:]:
            found = getattr(found, part)
        return found
    return _importer(name)


class _MainModule:
    # patch("__main__.name"): the user namespace (a dict) seen as a module
    def __getattr__(self, name):
        space = sys.modules["_mpk_runtime"].user_namespace()
        if name in space:
            return space[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        sys.modules["_mpk_runtime"].user_namespace()[name] = value

    def __delattr__(self, name):
        del sys.modules["_mpk_runtime"].user_namespace()[name]


def _patch_object(target, attribute, new=DEFAULT, spec=None, create=False, spec_set=None, autospec=None,
                  new_callable=None, **kwargs):
    if spec is not None:
        kwargs["spec"] = spec
    return _Patch(lambda: target, attribute, new, create, new_callable, kwargs)


class _PatchDict:
    def __init__(self, in_dict, values=(), clear=False, **kwargs):
        self.in_dict, self.values, self.clear, self.kwargs = in_dict, values, clear, kwargs

    def __enter__(self):
        target = _importer(self.in_dict) if type(self.in_dict) is str else self.in_dict
        self._target, self._saved = target, dict(target)
        if self.clear:
            target.clear()
        target.update(self.values)
        target.update(self.kwargs)
        return target

    def __exit__(self, *exc):
        self._target.clear()
        self._target.update(self._saved)
        return False

    start = __enter__

    def stop(self):
        return self.__exit__(None, None, None)

    def __call__(self, func):
        def patched(*args, **kwargs):
            with self:
                return func(*args, **kwargs)

        return patched


class _PatchMultiple:
    def __init__(self, target, values):
        self.patches = [_Patch((lambda t=target: _importer(t) if type(t) is str else t), name, value, False,
                               None, {}) for name, value in values.items()]

    def __enter__(self):
        return {p.attribute: p.__enter__() for p in self.patches}

    def __exit__(self, *exc):
        for p in reversed(self.patches):
            p.__exit__(*exc)
        return False

    def __call__(self, func):
        def patched(*args, **kwargs):
            with self:
                return func(*args, **kwargs)

        return patched


class _Patcher:
    # `patch(...)`, `patch.object(...)`, `patch.dict(...)`, `patch.multiple(...)` (functions take no
    # attributes here, so `patch` is an object)
    object = staticmethod(_patch_object)
    dict = _PatchDict

    def __call__(self, *args, **kwargs):
        return _patch(*args, **kwargs)

    @staticmethod
    def multiple(target, **values):
        return _PatchMultiple(target, values)


patch = _Patcher()


def mock_open(mock=None, read_data=""):
    handle = MagicMock(name="open()")
    state = {"data": read_data, "pos": 0}

    def read(size=-1):
        data = state["data"][state["pos"]:] if size is None or size < 0 else \
            state["data"][state["pos"]:state["pos"] + size]
        state["pos"] += len(data)
        return data

    def readline(size=-1):
        rest = state["data"][state["pos"]:]
        end = rest.find("\n") + 1 or len(rest)
        line = rest[:end]
        state["pos"] += len(line)
        return line

    def readlines(hint=-1):
        lines = []
        while True:
            line = readline()
            if not line:
                return lines
            lines.append(line)

    handle.read.side_effect = read
    handle.readline.side_effect = readline
    handle.readlines.side_effect = readlines
    handle.__iter__ = lambda self: iter(readlines())
    handle.__enter__ = lambda self: handle
    opener = mock if mock is not None else MagicMock(name="open")

    def fresh(*args, **kwargs):
        state["pos"] = 0
        return DEFAULT

    opener.side_effect = fresh
    opener.return_value = handle
    return opener
