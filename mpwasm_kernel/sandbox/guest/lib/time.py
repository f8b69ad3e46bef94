# Guest library: time = MicroPython's time (ticks_*, sleep_ms, ...) plus CPython's functions:
# perf_counter, monotonic, process_time, struct_time from localtime/gmtime, strftime, strptime,
# asctime/ctime. The sandbox's clock is UTC.
import _mpk_lib as _lib

_t = _lib.frozen("time")
_lib.export(globals(), _t, skip=("localtime", "gmtime", "strftime", "mktime"))
timezone = 0
altzone = 0
daylight = 0
tzname = ("UTC", "UTC")
_last = [None, 0]


def _elapsed_us():
    now = _t.ticks_us()
    last = _last[0]
    if last is not None:
        _last[1] += _t.ticks_diff(now, last)
    _last[0] = now
    return _last[1]


def perf_counter():
    return _elapsed_us() / 1e6


def perf_counter_ns():
    return _elapsed_us() * 1000


monotonic = perf_counter
monotonic_ns = perf_counter_ns
process_time = perf_counter
process_time_ns = perf_counter_ns
thread_time = perf_counter


def _struct(seconds):
    from datetime import _StructTime

    y, mo, d, h, mi, s, wd, yd = _t.gmtime(int(seconds))[:8]
    return _StructTime(y, mo, d, h, mi, s, wd, yd, 0)


def gmtime(secs=None):
    return _struct(_t.time() if secs is None else secs)


def localtime(secs=None):
    return gmtime(secs)


def mktime(t):
    from datetime import datetime

    return float(int((datetime(t[0], t[1], t[2], t[3], t[4], t[5]) - datetime(1970, 1, 1)).total_seconds()))


def strftime(format, t=None):
    from _datetime_text import _wrap_strftime

    if t is None:
        t = localtime()
    return _wrap_strftime(format, (t[0], t[1], t[2], t[3], t[4], t[5], 0, t[6], t[7], None, "UTC"))


def strptime(string, format="%a %b %d %H:%M:%S %Y"):
    from datetime import datetime

    return datetime.strptime(string, format).timetuple()


def asctime(t=None):
    if t is None:
        t = localtime()
    return strftime("%a %b %e %H:%M:%S %Y", t)


def ctime(secs=None):
    return asctime(localtime(secs))


def get_clock_info(name):
    raise NotImplementedError("time.get_clock_info() is not available in the sandbox")


def struct_time(values):
    from datetime import _StructTime

    return _StructTime(*values)


__getattr__ = _lib.missing("time", ("tzset", "clock_gettime", "pthread_getcpuclockid"))
