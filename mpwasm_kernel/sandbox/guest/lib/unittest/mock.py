# Guest library: unittest.mock, the parts courses use. `Mock` and `MagicMock` (child mocks made
# on attribute access, calls recorded: called, call_count, call_args, call_args_list,
# mock_calls, method_calls; return_value and side_effect: a value, an exception, an iterable or a
# function; spec/spec_set limit the attributes to those of an object or a list of names; the
# assert_* methods with CPython's messages; reset_mock, configure_mock, attach_mock); `call`,
# `ANY`, `DEFAULT`, `sentinel`; `patch` (decorator and context manager), `patch.object`,
# `patch.dict`, `patch.multiple`; `mock_open` for read/readline/readlines/iteration/write.
# MagicMock supports the container, number, context-manager and conversion methods with
# CPython's default values (len 0, iter empty, bool True, int 1, float 1.0, str the repr); they are
# configured by assigning a function (`m.__len__ = lambda self: 3`), not through
# `m.__len__.return_value` (MicroPython looks special methods up on the class only).
# Not here: autospec / create_autospec signatures (MicroPython keeps no parameter names),
# AsyncMock, seal, PropertyMock, NonCallableMock.


class _SentinelObject:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "sentinel.%s" % self.name


class _Sentinel:
    def __init__(self):
        self._made = {}

    def __getattr__(self, name):
        if name not in self._made:
            self._made[name] = _SentinelObject(name)
        return self._made[name]


sentinel = _Sentinel()
DEFAULT = sentinel.DEFAULT


class _Any:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __repr__(self):
        return "<ANY>"


ANY = _Any()


def _format_args(args, kwargs):
    parts = [repr(a) for a in args] + ["%s=%r" % (k, v) for k, v in kwargs.items()]
    return ", ".join(parts)


class _Call:
    # call(1, x=2) / call.method(3): (name, args, kwargs), compared with other calls and tuples
    def __init__(self, value=(), name=""):
        self._value = tuple(value)
        self._name = name if not value else value[0]

    def __call__(self, *args, **kwargs):
        return _Call((self._name, args, kwargs))

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Call((), name=attr if not self._name else self._name + "." + attr)

    def __len__(self):
        return len(self._value)

    def __iter__(self):
        return iter(self._value)

    def __getitem__(self, index):
        return self._value[index]

    def _parts(self):
        if len(self._value) == 3:
            return self._value
        if len(self._value) == 2:
            return ("",) + self._value
        return (self._name, (), {})

    def __eq__(self, other):
        if isinstance(other, _Call):
            other = other._parts()
        elif isinstance(other, tuple):
            other = ("",) + other if len(other) == 2 else other
        else:
            return False
        mine = self._parts()
        if len(other) != 3:
            return False
        name_ok = not mine[0] or not other[0] or mine[0] == other[0]
        return name_ok and tuple(mine[1]) == tuple(other[1]) and dict(mine[2]) == dict(other[2])

    def __ne__(self, other):
        return not self.__eq__(other)

    @property
    def args(self):
        return self._parts()[1]

    @property
    def kwargs(self):
        return self._parts()[2]

    def __repr__(self):
        name, args, kwargs = self._parts()
        return "call%s(%s)" % ("." + name if name else "", _format_args(args, kwargs))


call = _Call((), name="")


class _CallList(list):
    def __contains__(self, value):
        if not isinstance(value, list):
            return list.__contains__(self, value)
        n = len(value)
        return any(list(self[i:i + n]) == list(value) for i in range(len(self) - n + 1))


class NonCallableMock:
    pass


_SPECIAL = ("_mock_", "assert_", "reset_mock", "configure_mock", "attach_mock", "return_value", "side_effect",
            "called", "call_count", "call_args", "call_args_list", "mock_calls", "method_calls")


class Mock:
    def __init__(self, spec=None, side_effect=None, return_value=DEFAULT, wraps=None, name=None, spec_set=None,
                 unsafe=False, parent=None, _new_name="", **kwargs):
        spec = spec_set if spec_set is not None else spec
        d = {}
        object.__setattr__(self, "_mock_state", d)
        d["_mock_name"] = name
        d["_mock_parent"] = parent
        d["_mock_new_name"] = _new_name
        d["_mock_children"] = {}
        d["_mock_return_value"] = return_value
        d["_mock_wraps"] = wraps
        d["_mock_spec_set"] = spec_set is not None
        if spec is None:
            d["_mock_methods"] = None
        elif isinstance(spec, list):
            d["_mock_methods"] = list(spec)
        else:
            d["_mock_methods"] = [n for n in dir(spec) if not n.startswith("__")]
            d["_spec_class"] = spec if isinstance(spec, type) else type(spec)
        d["side_effect"] = side_effect
        d["called"] = False
        d["call_count"] = 0
        d["call_args"] = None
        d["call_args_list"] = _CallList()
        d["mock_calls"] = _CallList()
        d["method_calls"] = _CallList()
        self.configure_mock(**kwargs)

    # --- attributes -------------------------------------------------------------------------
    def __getattr__(self, name):
        if name.startswith("_mock_") or name in ("_spec_class",):
            raise AttributeError(name)
        d = self._mock_state
        if name in ("side_effect", "called", "call_count", "call_args", "call_args_list", "mock_calls",
                    "method_calls"):
            return d[name]
        if name == "return_value":
            return self._return_value()
        methods = self._mock_state.get("_mock_methods")
        if methods is not None and name not in methods:
            raise AttributeError("Mock object has no attribute %r" % name)
        if name.startswith(("assert", "assret", "asert", "aseert", "assrt")):
            raise AttributeError("%r is not a valid assertion. Use a spec for the mock if %r is meant to be "
                                 "an attribute." % (name, name))
        children = self._mock_state["_mock_children"]
        if name not in children:
            wraps = self._mock_state["_mock_wraps"]
            children[name] = self._make_child(name, wraps=getattr(wraps, name) if wraps is not None else None)
        return children[name]

    def __setattr__(self, name, value):
        d = self._mock_state
        if name == "return_value":
            d["_mock_return_value"] = value
            if isinstance(value, Mock):
                value._mock_state["_mock_parent"], value._mock_state["_mock_new_name"] = self, "()"
            return
        if name[:2] == "__" and name[-2:] == "__":  # m.__str__ = lambda self: ... (MagicMock)
            d["_mock_children"][name] = value
            return
        methods = d.get("_mock_methods")
        if d.get("_mock_spec_set") and methods is not None and name not in methods and name not in d:
            raise AttributeError("Mock object has no attribute %r" % name)
        if isinstance(value, Mock) and value._mock_state["_mock_parent"] is None \
                and value._mock_state["_mock_name"] is None:
            value._mock_state["_mock_parent"], value._mock_state["_mock_new_name"] = self, name
            d["_mock_children"][name] = value
            return
        if name in d["_mock_children"] and not isinstance(value, Mock):
            del d["_mock_children"][name]
        if name in ("side_effect", "called", "call_count", "call_args", "call_args_list", "mock_calls",
                    "method_calls"):
            d[name] = value
        else:
            object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if self._mock_state["_mock_children"].pop(name, None) is None:
            object.__delattr__(self, name)

    def _make_child(self, name, **kwargs):
        child = type(self)(parent=self, _new_name=name, **kwargs) if type(self) in (Mock, MagicMock) else \
            MagicMock(parent=self, _new_name=name, **kwargs)
        return child

    def _return_value(self):
        value = self._mock_state["_mock_return_value"]
        if value is DEFAULT:
            value = self._make_child("()")
            self._mock_state["_mock_return_value"] = value
        return value

    def configure_mock(self, **kwargs):
        for key in sorted(kwargs, key=lambda k: k.count(".")):
            target, *path = key.split(".")
            obj = self
            for part in [target] + path[:-1] if path else []:
                obj = getattr(obj, part)
            setattr(obj, path[-1] if path else target, kwargs[key])

    def attach_mock(self, mock, attribute):
        mock._mock_state["_mock_parent"], mock._mock_state["_mock_new_name"] = self, attribute
        mock._mock_state["_mock_name"] = None
        self._mock_state["_mock_children"][attribute] = mock

    # --- calls ------------------------------------------------------------------------------
    def _path(self):
        # the dotted name of this mock below its top parent ("method", "a.b", "()" steps included)
        names = []
        mock = self
        while mock._mock_state["_mock_parent"] is not None:
            names.append(mock._mock_state["_mock_new_name"])
            mock = mock._mock_state["_mock_parent"]
        text = ""
        for name in reversed(names):
            text = text + name if name == "()" or not text else text + "." + name
        return text

    def _record(self, args, kwargs):
        d = self._mock_state
        d["called"] = True
        d["call_count"] += 1
        d["call_args"] = _Call(((), args, kwargs))
        d["call_args_list"].append(_Call(((), args, kwargs)))
        d["mock_calls"].append(_Call(("", args, kwargs)))
        mock, names, method = self, [], True
        while mock._mock_state["_mock_parent"] is not None:
            new_name = mock._mock_state["_mock_new_name"]
            names.insert(0, new_name)
            if new_name == "()":
                method = False
            mock = mock._mock_state["_mock_parent"]
            path = ""
            for name in names:
                path = path + name if name == "()" or not path else path + "." + name
            mock._mock_state["mock_calls"].append(_Call((path, args, kwargs)))
            if method and len(names) == 1 or method and "()" not in names:
                mock._mock_state["method_calls"].append(_Call((path, args, kwargs)))

    def __call__(self, *args, **kwargs):
        self._record(args, kwargs)
        effect = self._mock_state["side_effect"]
        if effect is not None:
            if isinstance(effect, BaseException) or isinstance(effect, type) and issubclass(effect, BaseException):
                raise effect
            if callable(effect):
                result = effect(*args, **kwargs)
                if result is not DEFAULT:
                    return result
            else:
                if not hasattr(effect, "__next__"):
                    effect = iter(effect)
                    self._mock_state["side_effect"] = effect
                result = next(effect)
                if isinstance(result, BaseException) or isinstance(result, type) and issubclass(result, BaseException):
                    raise result
                return result
        wraps = self._mock_state["_mock_wraps"]
        if wraps is not None and self._mock_state["_mock_return_value"] is DEFAULT:
            return wraps(*args, **kwargs)
        return self._return_value()

    # --- assertions -------------------------------------------------------------------------
    def _name(self):
        return self._mock_state["_mock_name"] or self._path() or "mock"

    def _expected(self, args, kwargs):
        return "%s(%s)" % (self._name(), _format_args(args, kwargs))

    def assert_called(self):
        if not self.call_count:
            raise AssertionError("Expected '%s' to have been called." % self._name())

    def assert_called_once(self):
        if self.call_count != 1:
            raise AssertionError("Expected '%s' to have been called once. Called %d times.%s" % (
                self._name(), self.call_count, self._calls_text()))

    def assert_not_called(self):
        if self.call_count:
            raise AssertionError("Expected '%s' to not have been called. Called %d times.%s" % (
                self._name(), self.call_count, self._calls_text()))

    def _calls_text(self):
        if not self.mock_calls:
            return ""
        return "\nCalls: %r." % (list(self.mock_calls),)

    def assert_called_with(self, *args, **kwargs):
        if self.call_args is None:
            raise AssertionError("expected call not found.\nExpected: %s\n  Actual: not called." %
                                 self._expected(args, kwargs))
        if self.call_args != _Call(((), args, kwargs)):
            actual = self.call_args
            raise AssertionError("expected call not found.\nExpected: %s\n  Actual: %s" % (
                self._expected(args, kwargs), self._expected(actual.args, actual.kwargs)))

    def assert_called_once_with(self, *args, **kwargs):
        if self.call_count != 1:
            raise AssertionError("Expected '%s' to be called once. Called %d times.%s" % (
                self._name(), self.call_count, self._calls_text()))
        self.assert_called_with(*args, **kwargs)

    def assert_any_call(self, *args, **kwargs):
        if _Call(((), args, kwargs)) not in list(self.call_args_list):
            raise AssertionError("%s call not found" % self._expected(args, kwargs))

    def assert_has_calls(self, calls, any_order=False):
        calls = list(calls)
        made = self.mock_calls
        if any_order:
            missing = [c for c in calls if c not in list(made)]
            if missing:
                raise AssertionError("%r does not contain all of %r in its call list, found %r instead" % (
                    self._name(), tuple(missing), list(made)))
        elif calls not in made:
            raise AssertionError("Calls not found.\nExpected: %r\n  Actual: %r" % (calls, list(made)))

    def reset_mock(self, return_value=False, side_effect=False):
        d = self._mock_state
        d["called"], d["call_count"], d["call_args"] = False, 0, None
        d["call_args_list"], d["mock_calls"], d["method_calls"] = _CallList(), _CallList(), _CallList()
        if return_value:
            d["_mock_return_value"] = DEFAULT
        if side_effect:
            d["side_effect"] = None
        for child in d["_mock_children"].values():
            child.reset_mock()
        value = d["_mock_return_value"]
        if isinstance(value, Mock) and value is not self:
            value.reset_mock()

    def __repr__(self):
        name = self._mock_state["_mock_name"]
        path = self._path()
        top = self
        while top._mock_state["_mock_parent"] is not None:
            top = top._mock_state["_mock_parent"]
        root = top._mock_state["_mock_name"] or "mock"
        shown = name if name else (root + ("" if not path else path if path.startswith("()") else "." + path))
        spec = self._mock_state.get("_spec_class")
        extra = " spec=%r" % spec.__name__ if spec is not None else ""
        if shown == "mock" and top is self:
            return "<%s%s id='%d'>" % (type(self).__name__, extra, id(self))
        return "<%s name='%s'%s id='%d'>" % (type(self).__name__, shown, extra, id(self))


class MagicMock(Mock):
    # Magic methods: a configured value (`m.__len__.return_value = 3`, or a function set with
    # `m.__str__ = lambda self: ...`) wins; otherwise CPython's defaults.
    def _magic(self, name, default, *args):
        child = self._mock_state["_mock_children"].get(name)
        if child is None:
            child = MagicMock(parent=self, _new_name=name)
            self._mock_state["_mock_children"][name] = child
            if default is not _NO_DEFAULT:
                child._mock_state["_mock_return_value"] = default
        if not isinstance(child, Mock):
            return child(self, *args)
        return child(*args)

    def __len__(self):
        return self._magic("__len__", 0)

    def __iter__(self):
        return iter(self._magic("__iter__", []))

    def __bool__(self):
        return self._magic("__bool__", True)

    def __int__(self):
        return self._magic("__int__", 1)

    def __float__(self):
        return self._magic("__float__", 1.0)

    def __str__(self):
        child = self._mock_state["_mock_children"].get("__str__")
        return object.__repr__(self) if child is None else self._magic("__str__", _NO_DEFAULT)

    def __contains__(self, item):
        return self._magic("__contains__", False, item)

    def __getitem__(self, key):
        return self._magic("__getitem__", _NO_DEFAULT, key)

    def __setitem__(self, key, value):
        return self._magic("__setitem__", None, key, value)

    def __delitem__(self, key):
        return self._magic("__delitem__", None, key)

    def __enter__(self):
        return self._magic("__enter__", _NO_DEFAULT)

    def __exit__(self, *args):
        return self._magic("__exit__", False, *args)

    def __eq__(self, other):
        child = self._mock_state["_mock_children"].get("__eq__")
        return self is other if child is None else self._magic("__eq__", _NO_DEFAULT, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return id(self)

    def __lt__(self, other):
        return self._magic("__lt__", NotImplemented, other)

    def __gt__(self, other):
        return self._magic("__gt__", NotImplemented, other)

    def __le__(self, other):
        return self._magic("__le__", NotImplemented, other)

    def __ge__(self, other):
        return self._magic("__ge__", NotImplemented, other)


_NO_DEFAULT = sentinel._NO_DEFAULT


from unittest._mock_patch import mock_open, patch  # noqa: E402, F401 - it uses the classes above
