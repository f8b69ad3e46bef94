# Guest library: datetime with CPython's API and reprs (date, time, datetime, timedelta,
# timezone; strftime/strptime; arithmetic). The clock is the sandbox's (UTC; fixed in the
# kernel's deterministic mode); local time is UTC. This module holds date, time and datetime;
# _datetime_calendar the calendar arithmetic, _datetime_delta timedelta and the time zones
# (re-exported here), _datetime_text strftime/strptime/ISO parsing (loaded on first use).
import time as _time

import _datetime_delta
from _datetime_calendar import (  # noqa: F401 (public names)
    _DAYS,
    _MONTHS,
    MAXYEAR,
    MINYEAR,
    _check_date_fields,
    _check_time_fields,
    _isocalendar,
    _ord2ymd,
    _round_half_even,
    _ymd2ord,
)
from _datetime_delta import UTC, _format_offset, _key_ge, _key_gt, _key_le, _key_lt, timedelta, timezone  # noqa: F401

tzinfo = _datetime_delta.tzinfo


def _text():
    """The text-conversion module (strftime, strptime, ISO parsing), loaded on first use."""
    import _datetime_text
    return _datetime_text


class IsoCalendarDate(tuple):
    def __init__(self, year, week, weekday):
        super().__init__((year, week, weekday))

    year = property(lambda self: self[0])
    week = property(lambda self: self[1])
    weekday = property(lambda self: self[2])

    def __repr__(self):
        return "datetime.IsoCalendarDate(year=%d, week=%d, weekday=%d)" % tuple(self)

    __str__ = __repr__


def _now_fields():
    t = _time.time()
    seconds = int(t // 1)
    us = int(round((t - seconds) * 1000000))
    if us >= 1000000:
        seconds += 1
        us -= 1000000
    return seconds, us


def _from_epoch(seconds, us=0):
    days, rest = divmod(seconds, 86400)
    y, m, d = _ord2ymd(719163 + days)
    hh, rest = divmod(rest, 3600)
    mm, ss = divmod(rest, 60)
    return y, m, d, hh, mm, ss, us


class date:
    def __init__(self, year, month=None, day=None):
        _check_date_fields(year, month, day)
        self._year = year
        self._month = month
        self._day = day

    year = property(lambda self: self._year)
    month = property(lambda self: self._month)
    day = property(lambda self: self._day)

    @classmethod
    def today(cls):
        seconds, _ = _now_fields()
        y, m, d = _from_epoch(seconds)[:3]
        return cls(y, m, d)

    @classmethod
    def fromtimestamp(cls, t):
        y, m, d = _from_epoch(int(t // 1))[:3]
        return cls(y, m, d)

    @classmethod
    def fromordinal(cls, n):
        y, m, d = _ord2ymd(n)
        return cls(y, m, d)

    @classmethod
    def fromisoformat(cls, text):
        if not isinstance(text, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(text) == 10 and text[4] == "-" and text[7] == "-":
                return cls(int(text[0:4]), int(text[5:7]), int(text[8:10]))
            if len(text) == 8 and text.isdigit():
                return cls(int(text[0:4]), int(text[4:6]), int(text[6:8]))
        except ValueError:
            pass
        raise ValueError("Invalid isoformat string: %r" % (text,))

    @classmethod
    def fromisocalendar(cls, year, week, day):
        jan4 = _ymd2ord(year, 1, 4)
        monday = jan4 - (jan4 + 6) % 7
        return cls.fromordinal(monday + (week - 1) * 7 + day - 1)

    def toordinal(self):
        return _ymd2ord(self._year, self._month, self._day)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.weekday() + 1

    def isocalendar(self):
        return IsoCalendarDate(*_isocalendar(self._year, self._month, self._day))

    def isoformat(self):
        return "%04d-%02d-%02d" % (self._year, self._month, self._day)

    __str__ = isoformat

    def __repr__(self):
        return "datetime.date(%d, %d, %d)" % (self._year, self._month, self._day)

    def ctime(self):
        return "%s %s %2d 00:00:00 %04d" % (_DAYS[self.weekday()][:3], _MONTHS[self._month - 1][:3], self._day,
                                            self._year)

    def _yday(self):
        return self.toordinal() - _ymd2ord(self._year, 1, 1) + 1

    def strftime(self, fmt):
        return _text()._wrap_strftime(fmt, (self._year, self._month, self._day, 0, 0, 0, 0, self.weekday(),
                                             self._yday(), None, ""))

    def __format__(self, fmt):
        if not isinstance(fmt, str):
            raise TypeError("must be str, not %s" % type(fmt).__name__)
        return self.strftime(fmt) if fmt else str(self)

    def timetuple(self):
        return _time_struct(self._year, self._month, self._day, 0, 0, 0, self.weekday(), self._yday(), -1)

    def replace(self, year=None, month=None, day=None):
        return type(self)(self._year if year is None else year, self._month if month is None else month,
                          self._day if day is None else day)

    def _key(self):
        return (self._year, self._month, self._day)

    def __eq__(self, other):
        if isinstance(other, datetime) or isinstance(self, datetime):
            return NotImplemented if not (isinstance(other, datetime) and isinstance(self, datetime)) else \
                self._key() == other._key()
        return isinstance(other, date) and self._key() == other._key()

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def _check_cmp(self, other):
        if not isinstance(other, date) or isinstance(other, datetime) != isinstance(self, datetime):
            raise TypeError("can't compare %s to %s" % (type(self).__name__, type(other).__name__))

    def __lt__(self, other):
        self._check_cmp(other)
        return self._key() < other._key()

    def __le__(self, other):
        self._check_cmp(other)
        return self._key() <= other._key()

    def __gt__(self, other):
        self._check_cmp(other)
        return self._key() > other._key()

    def __ge__(self, other):
        self._check_cmp(other)
        return self._key() >= other._key()

    def __hash__(self):
        return hash(self._key())

    def __add__(self, other):
        if isinstance(other, timedelta):
            n = self.toordinal() + other.days
            if 0 < n <= 3652059:
                return type(self).fromordinal(n)
            raise OverflowError("result out of range")
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + timedelta(-other.days)
        if isinstance(other, date) and not isinstance(other, datetime):
            return timedelta(self.toordinal() - other.toordinal())
        return NotImplemented


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = timedelta(days=1)


class _StructTime(tuple):
    _names = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst")

    def __init__(self, *values):
        super().__init__(values)

    def __getattr__(self, name):
        if name in self._names:
            return self[self._names.index(name)]
        raise AttributeError(name)

    def __repr__(self):
        return "time.struct_time(%s)" % ", ".join("%s=%r" % nv for nv in zip(self._names, self))

    __str__ = __repr__


def _time_struct(*values):
    return _StructTime(*values)


# The read-only time-field properties of time and datetime.
_TIME_FIELDS = (property(lambda self: self._hour), property(lambda self: self._minute),
                property(lambda self: self._second), property(lambda self: self._microsecond),
                property(lambda self: self._tzinfo), property(lambda self: self._fold))


class time:
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        _check_time_fields(hour, minute, second, microsecond)
        self._hour = hour
        self._minute = minute
        self._second = second
        self._microsecond = microsecond
        self._tzinfo = tzinfo
        self._fold = fold

    hour, minute, second, microsecond, tzinfo, fold = _TIME_FIELDS

    def isoformat(self, timespec="auto"):
        return _format_time(self._hour, self._minute, self._second, self._microsecond, timespec) + \
            _format_offset(self.utcoffset())

    __str__ = isoformat

    @classmethod
    def fromisoformat(cls, text):
        h, m, s, us, tz = _text()._parse_isotime(text)
        return cls(h, m, s, us, tz)

    def __repr__(self):
        if self._microsecond:
            s = "%d, %d, %d, %d" % (self._hour, self._minute, self._second, self._microsecond)
        elif self._second:
            s = "%d, %d, %d" % (self._hour, self._minute, self._second)
        else:
            s = "%d, %d" % (self._hour, self._minute)
        if self._tzinfo is not None:
            s += ", tzinfo=%r" % (self._tzinfo,)
        return "datetime.time(%s)" % s

    def utcoffset(self):
        return None if self._tzinfo is None else self._tzinfo.utcoffset(None)

    def tzname(self):
        return None if self._tzinfo is None else self._tzinfo.tzname(None)

    def dst(self):
        return None if self._tzinfo is None else self._tzinfo.dst(None)

    def strftime(self, fmt):
        return _text()._wrap_strftime(fmt, (1900, 1, 1, self._hour, self._minute, self._second, self._microsecond, 0, 1,
                                    self.utcoffset(), self.tzname()))

    def __format__(self, fmt):
        return self.strftime(fmt) if fmt else str(self)

    def replace(self, hour=None, minute=None, second=None, microsecond=None, tzinfo=True, *, fold=None):
        return time(self._hour if hour is None else hour, self._minute if minute is None else minute,
                    self._second if second is None else second,
                    self._microsecond if microsecond is None else microsecond,
                    self._tzinfo if tzinfo is True else tzinfo, fold=self._fold if fold is None else fold)

    def _key(self):
        return (self._hour, self._minute, self._second, self._microsecond)

    def __eq__(self, other):
        return isinstance(other, time) and self._key() == other._key()

    __lt__ = _key_lt
    __le__ = _key_le
    __gt__ = _key_gt
    __ge__ = _key_ge

    def __hash__(self):
        return hash(self._key())

    def __bool__(self):
        return True


time.min = time(0, 0, 0)
time.max = time(23, 59, 59, 999999)
time.resolution = timedelta(microseconds=1)


def _format_time(hh, mm, ss, us, timespec):
    if timespec == "auto":
        timespec = "microseconds" if us else "seconds"
    elif timespec == "milliseconds":
        return "%02d:%02d:%02d.%03d" % (hh, mm, ss, us // 1000)
    if timespec == "hours":
        return "%02d" % hh
    if timespec == "minutes":
        return "%02d:%02d" % (hh, mm)
    if timespec == "seconds":
        return "%02d:%02d:%02d" % (hh, mm, ss)
    if timespec == "microseconds":
        return "%02d:%02d:%02d.%06d" % (hh, mm, ss, us)
    raise ValueError("Unknown timespec value")


class datetime(date):
    def __init__(self, year, month=None, day=None, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *,
                 fold=0):
        _check_date_fields(year, month, day)
        _check_time_fields(hour, minute, second, microsecond)
        self._year = year
        self._month = month
        self._day = day
        self._hour = hour
        self._minute = minute
        self._second = second
        self._microsecond = microsecond
        self._tzinfo = tzinfo
        self._fold = fold

    hour, minute, second, microsecond, tzinfo, fold = _TIME_FIELDS

    @classmethod
    def now(cls, tz=None):
        seconds, us = _now_fields()
        y, m, d, hh, mm, ss, us = _from_epoch(seconds, us)
        result = cls(y, m, d, hh, mm, ss, us)
        if tz is not None:
            result = tz.fromutc(result.replace(tzinfo=tz)) if hasattr(tz, "fromutc") else \
                (result + tz.utcoffset(result)).replace(tzinfo=tz)
        return result

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def utcnow(cls):
        return cls.now()

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        seconds = int(t // 1)
        us = _round_half_even((t - seconds) * 1000000)
        if us >= 1000000:
            seconds += 1
            us -= 1000000
        result = cls(*_from_epoch(seconds, us))
        if tz is not None:
            result = tz.fromutc(result.replace(tzinfo=tz)) if hasattr(tz, "fromutc") else \
                (result + tz.utcoffset(result)).replace(tzinfo=tz)
        return result

    @classmethod
    def utcfromtimestamp(cls, t):
        return cls.fromtimestamp(t)

    @classmethod
    def fromordinal(cls, n):
        y, m, d = _ord2ymd(n)
        return cls(y, m, d)

    @classmethod
    def combine(cls, date, time, tzinfo=True):
        return cls(date.year, date.month, date.day, time.hour, time.minute, time.second, time.microsecond,
                   time.tzinfo if tzinfo is True else tzinfo)

    @classmethod
    def fromisoformat(cls, text):
        if not isinstance(text, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            d = date.fromisoformat(text[:10])
            if len(text) == 10:
                return cls(d.year, d.month, d.day)
            h, m, s, us, tz = _text()._parse_isotime(text[11:])
            return cls(d.year, d.month, d.day, h, m, s, us, tz)
        except (ValueError, IndexError):
            raise ValueError("Invalid isoformat string: %r" % (text,))

    @classmethod
    def strptime(cls, date_string, format):
        values = _text()._strptime(date_string, format)
        return cls(*values)

    def date(self):
        return date(self._year, self._month, self._day)

    def time(self):
        return time(self._hour, self._minute, self._second, self._microsecond, fold=self._fold)

    def timetz(self):
        return time(self._hour, self._minute, self._second, self._microsecond, self._tzinfo, fold=self._fold)

    def utcoffset(self):
        return None if self._tzinfo is None else self._tzinfo.utcoffset(self)

    def tzname(self):
        return None if self._tzinfo is None else self._tzinfo.tzname(self)

    def dst(self):
        return None if self._tzinfo is None else self._tzinfo.dst(self)

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None,
                tzinfo=True, *, fold=None):
        return type(self)(self._year if year is None else year, self._month if month is None else month,
                          self._day if day is None else day, self._hour if hour is None else hour,
                          self._minute if minute is None else minute, self._second if second is None else second,
                          self._microsecond if microsecond is None else microsecond,
                          self._tzinfo if tzinfo is True else tzinfo, fold=self._fold if fold is None else fold)

    def timestamp(self):
        delta = self - datetime(1970, 1, 1, tzinfo=self._tzinfo and timezone.utc) if self._tzinfo is None else \
            self - datetime(1970, 1, 1, tzinfo=timezone.utc)
        return delta.total_seconds()

    def astimezone(self, tz=None):
        if tz is None:
            tz = timezone.utc
        offset = self.utcoffset() or timedelta(0)
        utc = (self - offset).replace(tzinfo=None)
        if hasattr(tz, "fromutc"):  # a zone with daylight saving time (zoneinfo): its own rule
            return tz.fromutc(utc.replace(tzinfo=tz))
        return (utc + tz.utcoffset(utc)).replace(tzinfo=tz)

    def isoformat(self, sep="T", timespec="auto"):
        return "%04d-%02d-%02d%s%s%s" % (self._year, self._month, self._day, sep,
                                         _format_time(self._hour, self._minute, self._second, self._microsecond,
                                                      timespec), _format_offset(self.utcoffset()))

    def __str__(self):
        return self.isoformat(sep=" ")

    def __repr__(self):
        parts = [self._year, self._month, self._day, self._hour, self._minute, self._second, self._microsecond]
        if parts[-1] == 0:
            del parts[-1]
            if parts[-1] == 0:
                del parts[-1]
        s = "datetime.datetime(%s)" % ", ".join(map(str, parts))
        if self._tzinfo is not None:
            s = s[:-1] + ", tzinfo=%r)" % (self._tzinfo,)
        if self._fold:
            s = s[:-1] + ", fold=1)"
        return s

    def ctime(self):
        return "%s %s %2d %02d:%02d:%02d %04d" % (_DAYS[self.weekday()][:3], _MONTHS[self._month - 1][:3], self._day,
                                                  self._hour, self._minute, self._second, self._year)

    def strftime(self, fmt):
        return _text()._wrap_strftime(fmt, (self._year, self._month, self._day, self._hour, self._minute, self._second,
                                    self._microsecond, self.weekday(), self._yday(), self.utcoffset(),
                                    self.tzname()))

    def timetuple(self):
        return _time_struct(self._year, self._month, self._day, self._hour, self._minute, self._second,
                            self.weekday(), self._yday(), -1)

    def _us(self):
        return ((self.toordinal() * 86400 + self._hour * 3600 + self._minute * 60 + self._second) * 1000000 +
                self._microsecond)

    def _key(self):
        off = self.utcoffset()
        return self._us() - (off._to_us() if off is not None else 0)

    def __add__(self, other):
        if isinstance(other, timedelta):
            total = self._us() + other._to_us()
            days, rest = divmod(total, 86400000000)
            y, m, d = _ord2ymd(days)
            hh, rest = divmod(rest, 3600000000)
            mm, rest = divmod(rest, 60000000)
            ss, us = divmod(rest, 1000000)
            return type(self)(y, m, d, hh, mm, ss, us, self._tzinfo)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + (-other)
        if isinstance(other, datetime):
            if (self._tzinfo is None) != (other._tzinfo is None):
                raise TypeError("can't subtract offset-naive and offset-aware datetimes")
            return timedelta(microseconds=self._key() - other._key())
        return NotImplemented

    def __hash__(self):
        return hash(self._key())


datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
datetime.resolution = timedelta(microseconds=1)


datetime_CAPI = None
