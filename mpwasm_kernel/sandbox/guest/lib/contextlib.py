# Guest library: contextlib. redirect_stdout/redirect_stderr work by routing print() (MicroPython
# cannot reassign sys.stdout): writes through sys.stdout.write are not redirected.
import builtins as _builtins
import sys as _sys


class AbstractContextManager:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class ContextDecorator:
    def __call__(self, func):
        def inner(*args, **kwds):
            with self:
                return func(*args, **kwds)

        return inner


class _GeneratorContextManager(ContextDecorator):
    def __init__(self, func, args, kwds):
        self.func = func
        self.args = args
        self.kwds = kwds
        self.gen = func(*args, **kwds)

    def _recreate_cm(self):
        return self.__class__(self.func, self.args, self.kwds)

    def __call__(self, func):
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)

        return inner

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield")

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            self.gen.throw(value)
        except StopIteration as exc:
            return exc is not value
        except BaseException as exc:
            if exc is value:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)

    return helper


class closing(AbstractContextManager):
    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class nullcontext(AbstractContextManager):
    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass


class suppress(AbstractContextManager):
    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class _RedirectPrint(AbstractContextManager):
    _stream = "stdout"

    def __init__(self, new_target):
        self._new_target = new_target
        self._saved = []

    def __enter__(self):
        original = _builtins.print
        target = self._new_target
        default = getattr(_sys, self._stream)

        def print(*args, sep=" ", end="\n", file=None, flush=False):
            if file is None or file is default:
                file = target
            original(*args, sep=sep, end=end, file=file)

        self._saved.append(original)
        _builtins.print = print
        return target

    def __exit__(self, exctype, excinst, exctb):
        _builtins.print = self._saved.pop()


class redirect_stdout(_RedirectPrint):
    _stream = "stdout"


class redirect_stderr(_RedirectPrint):
    _stream = "stderr"


class chdir(AbstractContextManager):
    def __init__(self, path):
        self.path = path
        self._old = []

    def __enter__(self):
        import os

        self._old.append(os.getcwd())
        os.chdir(self.path)

    def __exit__(self, *excinfo):
        import os

        os.chdir(self._old.pop())


class ExitStack(AbstractContextManager):
    def __init__(self):
        self._exit_callbacks = []

    def pop_all(self):
        new = ExitStack()
        new._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return new

    def enter_context(self, cm):
        result = cm.__enter__()
        self._exit_callbacks.append(cm.__exit__)
        return result

    def push(self, exit):
        self._exit_callbacks.append(getattr(exit, "__exit__", exit))
        return exit

    def callback(self, callback, *args, **kwds):
        def _exit_wrapper(exc_type, exc, tb):
            callback(*args, **kwds)

        self._exit_callbacks.append(_exit_wrapper)
        return callback

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, *exc_details):
        received_exc = exc_details[0] is not None
        suppressed = False
        pending = None
        details = exc_details
        while self._exit_callbacks:
            cb = self._exit_callbacks.pop()
            try:
                if cb(*details):
                    suppressed = True
                    pending = None
                    details = (None, None, None)
            except BaseException as exc:
                pending = exc
                details = (type(exc), exc, None)
        if pending is not None:
            raise pending
        return received_exc and suppressed
