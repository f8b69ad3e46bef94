# Guest library: timeit (Timer, timeit, repeat, default_timer) timed with the sandbox clock.
import time as _time

default_timer = _time.perf_counter
default_number = 1000000
default_repeat = 5
dummy_src_name = "<timeit-src>"


class Timer:
    def __init__(self, stmt="pass", setup="pass", timer=default_timer, globals=None):
        self.timer = timer
        namespace = {} if globals is None else globals
        self._namespace = namespace
        self._stmt = self._prepare(stmt, namespace)
        self._setup = self._prepare(setup, namespace)

    @staticmethod
    def _prepare(code, namespace):
        if callable(code):
            return code
        if not isinstance(code, str):
            raise ValueError("stmt is neither a string nor callable")
        compiled = compile(code, dummy_src_name, "exec")
        return lambda: exec(compiled, namespace)

    def timeit(self, number=default_number):
        self._setup()
        stmt = self._stmt
        timer = self.timer
        start = timer()
        for _ in range(number):
            stmt()
        return timer() - start

    def repeat(self, repeat=default_repeat, number=default_number):
        return [self.timeit(number) for _ in range(repeat)]

    def autorange(self, callback=None):
        i = 1
        while True:
            for j in 1, 2, 5:
                number = i * j
                time_taken = self.timeit(number)
                if callback:
                    callback(number, time_taken)
                if time_taken >= 0.2:
                    return number, time_taken
            i *= 10

    def print_exc(self, file=None):
        import sys

        print("Traceback (most recent call last): timeit statement failed", file=file or sys.stderr)


def timeit(stmt="pass", setup="pass", timer=default_timer, number=default_number, globals=None):
    return Timer(stmt, setup, timer, globals).timeit(number)


def repeat(stmt="pass", setup="pass", timer=default_timer, repeat=default_repeat, number=default_number,
           globals=None):
    return Timer(stmt, setup, timer, globals).repeat(repeat, number)


def main(args=None, *, _wrap_timer=None):
    raise NotImplementedError("timeit.main() (the command line) is not available in the sandbox; use %timeit")
