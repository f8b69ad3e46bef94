# Guest library: datetime with CPython's API and reprs (date, time, datetime, timedelta,
# timezone; strftime/strptime; arithmetic). The clock is the sandbox's (UTC; fixed in the
# kernel's deterministic mode); local time is UTC.
import time as _time

MINYEAR = 1
MAXYEAR = 9999
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAYS_BEFORE_MONTH = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year, month):
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month]


def _days_before_year(year):
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _ymd2ord(year, month, day):
    return _days_before_year(year) + _DAYS_BEFORE_MONTH[month] + (month > 2 and _is_leap(year)) + day


def _ord2ymd(n):
    n -= 1
    n400, n = divmod(n, 146097)
    year = n400 * 400 + 1
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    year += n100 * 100 + n4 * 4 + n1
    if n1 == 4 or n100 == 4:
        return year - 1, 12, 31
    leap = n1 == 3 and (n4 != 24 or n100 == 3)
    month = (n + 50) >> 5
    preceding = _DAYS_BEFORE_MONTH[month] + (month > 2 and leap)
    if preceding > n:
        month -= 1
        preceding -= _DAYS_IN_MONTH[month] + (month == 2 and leap)
    n -= preceding
    return year, month, n + 1


def _check_int(value, name):
    if isinstance(value, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    if not isinstance(value, int):
        raise TypeError("an integer is required (got type %s)" % type(value).__name__)
    return value


def _check_date_fields(year, month, day):
    _check_int(year, "year")
    _check_int(month, "month")
    _check_int(day, "day")
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError("year %d is out of range" % year)
    if not 1 <= month <= 12:
        raise ValueError("month must be in 1..12")
    if not 1 <= day <= _days_in_month(year, month):
        raise ValueError("day is out of range for month")


def _check_time_fields(hour, minute, second, microsecond, fold=0):
    for value, name in ((hour, "hour"), (minute, "minute"), (second, "second"), (microsecond, "microsecond")):
        _check_int(value, name)
    if not 0 <= hour <= 23:
        raise ValueError("hour must be in 0..23")
    if not 0 <= minute <= 59:
        raise ValueError("minute must be in 0..59")
    if not 0 <= second <= 59:
        raise ValueError("second must be in 0..59")
    if not 0 <= microsecond <= 999999:
        raise ValueError("microsecond must be in 0..999999")


def _cmp(a, b):
    return 0 if a == b else 1 if a > b else -1


def _round_half_even(x):
    f = int(x // 1)
    diff = x - f
    if diff > 0.5 or (diff == 0.5 and f % 2 == 1):
        f += 1
    return f


class timedelta:
    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0):
        parts = (days * 86400000000, seconds * 1000000, microseconds, milliseconds * 1000,
                 minutes * 60000000, hours * 3600000000, weeks * 604800000000)
        if any(isinstance(p, float) for p in parts):
            total = _round_half_even(sum(float(p) for p in parts))
        else:
            total = sum(parts)
        days, rest = divmod(total, 86400000000)
        seconds, us = divmod(rest, 1000000)
        if abs(days) > 999999999:
            raise OverflowError("days=%d; must have magnitude <= 999999999" % days)
        self._days = days
        self._seconds = seconds
        self._microseconds = us

    @classmethod
    def _from_us(cls, us):
        return cls(microseconds=us)

    def _to_us(self):
        return (self._days * 86400 + self._seconds) * 1000000 + self._microseconds

    days = property(lambda self: self._days)
    seconds = property(lambda self: self._seconds)
    microseconds = property(lambda self: self._microseconds)

    def total_seconds(self):
        return self._to_us() / 10 ** 6

    def __repr__(self):
        args = []
        if self._days:
            args.append("days=%d" % self._days)
        if self._seconds:
            args.append("seconds=%d" % self._seconds)
        if self._microseconds:
            args.append("microseconds=%d" % self._microseconds)
        return "datetime.timedelta(%s)" % (", ".join(args) if args else "0")

    def __str__(self):
        mm, ss = divmod(self._seconds, 60)
        hh, mm = divmod(mm, 60)
        s = "%d:%02d:%02d" % (hh, mm, ss)
        if self._days:
            s = "%d day%s, " % (self._days, "" if abs(self._days) == 1 else "s") + s
        if self._microseconds:
            s += ".%06d" % self._microseconds
        return s

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._to_us() + other._to_us())
        return NotImplemented

    def __radd__(self, other):
        return self.__add__(other)

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._to_us() - other._to_us())
        return NotImplemented

    def __neg__(self):
        return timedelta._from_us(-self._to_us())

    def __pos__(self):
        return self

    def __abs__(self):
        return -self if self._days < 0 else self

    def __mul__(self, other):
        if isinstance(other, int):
            return timedelta._from_us(self._to_us() * other)
        if isinstance(other, float):
            return timedelta._from_us(_round_half_even(self._to_us() * other))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() / other._to_us()
        if isinstance(other, int):
            return timedelta._from_us(_round_half_even(self._to_us() / other) if self._to_us() % other else
                                      self._to_us() // other)
        if isinstance(other, float):
            return timedelta._from_us(_round_half_even(self._to_us() / other))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() // other._to_us()
        if isinstance(other, int):
            return timedelta._from_us(self._to_us() // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._to_us() % other._to_us())
        return NotImplemented

    def __divmod__(self, other):
        q, r = divmod(self._to_us(), other._to_us())
        return q, timedelta._from_us(r)

    def __eq__(self, other):
        return isinstance(other, timedelta) and self._to_us() == other._to_us()

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._to_us() < other._to_us()

    def __le__(self, other):
        return self._to_us() <= other._to_us()

    def __gt__(self, other):
        return self._to_us() > other._to_us()

    def __ge__(self, other):
        return self._to_us() >= other._to_us()

    def __hash__(self):
        return hash(self._to_us())

    def __bool__(self):
        return self._to_us() != 0


timedelta.min = timedelta(-999999999)
timedelta.max = timedelta(days=999999999, hours=23, minutes=59, seconds=59, microseconds=999999)
timedelta.resolution = timedelta(microseconds=1)


class tzinfo:
    def utcoffset(self, dt):
        raise NotImplementedError("tzinfo subclass must override utcoffset()")

    def dst(self, dt):
        raise NotImplementedError("tzinfo subclass must override dst()")

    def tzname(self, dt):
        raise NotImplementedError("tzinfo subclass must override tzname()")


class timezone(tzinfo):
    def __init__(self, offset, name=None):
        if not isinstance(offset, timedelta):
            raise TypeError("offset must be a timedelta")
        if not -timedelta(hours=24) < offset < timedelta(hours=24):
            raise ValueError("offset must be a timedelta strictly between -timedelta(hours=24) and "
                             "timedelta(hours=24).")
        self._offset = offset
        self._name = name

    def utcoffset(self, dt):
        return self._offset

    def dst(self, dt):
        return None

    def tzname(self, dt):
        if self._name is not None:
            return self._name
        return self._name_from_offset(self._offset)

    @staticmethod
    def _name_from_offset(delta):
        if not delta:
            return "UTC"
        sign = "-" if delta < timedelta(0) else "+"
        delta = abs(delta)
        hours, rest = divmod(delta._to_us(), 3600000000)
        minutes, rest = divmod(rest, 60000000)
        seconds, us = divmod(rest, 1000000)
        text = "UTC%s%02d:%02d" % (sign, hours, minutes)
        if seconds or us:
            text += ":%02d" % seconds
            if us:
                text += ".%06d" % us
        return text

    def __repr__(self):
        if self is timezone.utc:
            return "datetime.timezone.utc"
        if self._name is None:
            return "datetime.timezone(%r)" % (self._offset,)
        return "datetime.timezone(%r, %r)" % (self._offset, self._name)

    def __str__(self):
        return self.tzname(None)

    def __eq__(self, other):
        return isinstance(other, timezone) and self._offset == other._offset

    def __hash__(self):
        return hash(self._offset)


timezone.utc = timezone(timedelta(0))
UTC = timezone.utc


def _wrap_strftime(fmt, fields):
    # fields: year, month, day, hour, minute, second, microsecond, weekday(0=Mon), yday, tzinfo obj, dt
    year, month, day, hour, minute, second, us, wday, yday, utcoffset, tzname = fields
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        ch = fmt[i]
        if ch != "%" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        code = fmt[i + 1]
        i += 2
        if code == "-" and i < n:  # glibc: no padding
            code2 = fmt[i]
            i += 1
            text = _wrap_strftime("%" + code2, fields)
            out.append(text.lstrip("0") or "0")
            continue
        if code == "Y":
            out.append("%d" % year if year >= 1000 else "%d" % year)
        elif code == "y":
            out.append("%02d" % (year % 100))
        elif code == "m":
            out.append("%02d" % month)
        elif code == "d":
            out.append("%02d" % day)
        elif code == "e":
            out.append("%2d" % day)
        elif code == "H":
            out.append("%02d" % hour)
        elif code == "I":
            out.append("%02d" % (hour % 12 or 12))
        elif code == "M":
            out.append("%02d" % minute)
        elif code == "S":
            out.append("%02d" % second)
        elif code == "f":
            out.append("%06d" % us)
        elif code == "p":
            out.append("AM" if hour < 12 else "PM")
        elif code == "a":
            out.append(_DAYS[wday][:3])
        elif code == "A":
            out.append(_DAYS[wday])
        elif code == "w":
            out.append("%d" % ((wday + 1) % 7))
        elif code == "u":
            out.append("%d" % (wday + 1))
        elif code == "b" or code == "h":
            out.append(_MONTHS[month - 1][:3])
        elif code == "B":
            out.append(_MONTHS[month - 1])
        elif code == "j":
            out.append("%03d" % yday)
        elif code == "U":
            out.append("%02d" % ((yday + 6 - (wday + 1) % 7) // 7))
        elif code == "W":
            out.append("%02d" % ((yday + 6 - wday) // 7))
        elif code == "c":
            out.append("%s %s %2d %02d:%02d:%02d %d" % (_DAYS[wday][:3], _MONTHS[month - 1][:3], day, hour, minute,
                                                       second, year))
        elif code == "x":
            out.append("%02d/%02d/%02d" % (month, day, year % 100))
        elif code == "X":
            out.append("%02d:%02d:%02d" % (hour, minute, second))
        elif code == "D":
            out.append("%02d/%02d/%02d" % (month, day, year % 100))
        elif code == "F":
            out.append("%d-%02d-%02d" % (year, month, day))
        elif code == "T":
            out.append("%02d:%02d:%02d" % (hour, minute, second))
        elif code == "R":
            out.append("%02d:%02d" % (hour, minute))
        elif code == "G" or code == "V":
            iso = _isocalendar(year, month, day)
            out.append("%d" % iso[0] if code == "G" else "%02d" % iso[1])
        elif code == "z":
            if utcoffset is None:
                out.append("")
            else:
                sign = "-" if utcoffset < timedelta(0) else "+"
                total = abs(utcoffset)._to_us()
                hh, rest = divmod(total, 3600000000)
                mm, rest = divmod(rest, 60000000)
                ss, fus = divmod(rest, 1000000)
                text = "%s%02d%02d" % (sign, hh, mm)
                if ss or fus:
                    text += "%02d" % ss
                    if fus:
                        text += ".%06d" % fus
                out.append(text)
        elif code == "Z":
            out.append(tzname or "")
        elif code == "n":
            out.append("\n")
        elif code == "t":
            out.append("\t")
        elif code == "%":
            out.append("%")
        else:
            out.append("%" + code)
    return "".join(out)


def _isocalendar(year, month, day):
    def week1_monday(y):
        first = _ymd2ord(y, 1, 1)
        first_weekday = (first + 6) % 7
        monday = first - first_weekday
        if first_weekday > 3:
            monday += 7
        return monday

    today = _ymd2ord(year, month, day)
    week1 = week1_monday(year)
    week, wday = divmod(today - week1, 7)
    if week < 0:
        year -= 1
        week1 = week1_monday(year)
        week, wday = divmod(today - week1, 7)
    elif week >= 52:
        if today >= week1_monday(year + 1):
            year += 1
            week = 0
    return year, week + 1, wday + 1


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
        return _wrap_strftime(fmt, (self._year, self._month, self._day, 0, 0, 0, 0, self.weekday(), self._yday(),
                                    None, ""))

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


class time:
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        _check_time_fields(hour, minute, second, microsecond)
        self._hour = hour
        self._minute = minute
        self._second = second
        self._microsecond = microsecond
        self._tzinfo = tzinfo
        self._fold = fold

    hour = property(lambda self: self._hour)
    minute = property(lambda self: self._minute)
    second = property(lambda self: self._second)
    microsecond = property(lambda self: self._microsecond)
    tzinfo = property(lambda self: self._tzinfo)
    fold = property(lambda self: self._fold)

    def isoformat(self, timespec="auto"):
        return _format_time(self._hour, self._minute, self._second, self._microsecond, timespec) + \
            _format_offset(self.utcoffset())

    __str__ = isoformat

    @classmethod
    def fromisoformat(cls, text):
        h, m, s, us, tz = _parse_isotime(text)
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
        return _wrap_strftime(fmt, (1900, 1, 1, self._hour, self._minute, self._second, self._microsecond, 0, 1,
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

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

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


def _format_offset(off):
    if off is None:
        return ""
    sign = "-" if off < timedelta(0) else "+"
    total = abs(off)._to_us()
    hh, rest = divmod(total, 3600000000)
    mm, rest = divmod(rest, 60000000)
    ss, us = divmod(rest, 1000000)
    text = "%s%02d:%02d" % (sign, hh, mm)
    if ss or us:
        text += ":%02d" % ss
        if us:
            text += ".%06d" % us
    return text


def _parse_isotime(text):
    tz = None
    for sep in ("+", "-"):
        k = text.find(sep)
        if k > 0:
            tz = _parse_offset(text[k:])
            text = text[:k]
            break
    if text.endswith("Z"):
        tz = timezone.utc
        text = text[:-1]
    us = 0
    if "." in text:
        text, frac = text.split(".", 1)
        us = int((frac + "000000")[:6])
    parts = text.split(":") if ":" in text else [text[i:i + 2] for i in range(0, len(text), 2)]
    values = [int(p) for p in parts] + [0, 0, 0]
    return values[0], values[1], values[2], us, tz


def _parse_offset(text):
    sign = -1 if text[0] == "-" else 1
    body = text[1:].replace(":", "")
    hh = int(body[0:2])
    mm = int(body[2:4] or 0)
    ss = int(body[4:6] or 0)
    return timezone(sign * timedelta(hours=hh, minutes=mm, seconds=ss))


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

    hour = property(lambda self: self._hour)
    minute = property(lambda self: self._minute)
    second = property(lambda self: self._second)
    microsecond = property(lambda self: self._microsecond)
    tzinfo = property(lambda self: self._tzinfo)
    fold = property(lambda self: self._fold)

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
            result = (result + tz.utcoffset(result)).replace(tzinfo=tz)
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
            h, m, s, us, tz = _parse_isotime(text[11:])
            return cls(d.year, d.month, d.day, h, m, s, us, tz)
        except (ValueError, IndexError):
            raise ValueError("Invalid isoformat string: %r" % (text,))

    @classmethod
    def strptime(cls, date_string, format):
        values = _strptime(date_string, format)
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
        return _wrap_strftime(fmt, (self._year, self._month, self._day, self._hour, self._minute, self._second,
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


def _strptime(text, fmt):
    values = {"Y": 1900, "m": 1, "d": 1, "H": 0, "M": 0, "S": 0, "f": 0}
    pm = None
    tz = None
    pos = 0
    i = 0
    n = len(fmt)

    def fail():
        raise ValueError("time data %r does not match format %r" % (text, fmt))

    def digits(maxlen):
        nonlocal pos
        start = pos
        if pos < len(text) and text[pos] in "+-" and False:
            pos += 1
        while pos < len(text) and pos - start < maxlen and text[pos].isdigit():
            pos += 1
        if pos == start:
            fail()
        return int(text[start:pos])

    def name(options):
        nonlocal pos
        low = text[pos:].lower()
        for index, option in sorted(enumerate(options), key=lambda io: -len(io[1])):
            if low.startswith(option.lower()):
                pos += len(option)
                return index
        fail()

    while i < n:
        ch = fmt[i]
        if ch == "%" and i + 1 < n:
            code = fmt[i + 1]
            i += 2
            if code == "Y":
                values["Y"] = digits(4)
            elif code == "y":
                y = digits(2)
                values["Y"] = 2000 + y if y < 69 else 1900 + y
            elif code == "m":
                values["m"] = digits(2)
            elif code == "d":
                values["d"] = digits(2)
            elif code == "H":
                values["H"] = digits(2)
            elif code == "I":
                values["H"] = digits(2)
                pm = pm if pm is not None else False
            elif code == "M":
                values["M"] = digits(2)
            elif code == "S":
                values["S"] = digits(2)
            elif code == "f":
                start = pos
                v = digits(6)
                values["f"] = v * 10 ** (6 - (pos - start))
            elif code == "p":
                pm = name(["AM", "PM"]) == 1
            elif code == "b" or code == "h":
                values["m"] = name([m[:3] for m in _MONTHS]) + 1
            elif code == "B":
                values["m"] = name(list(_MONTHS)) + 1
            elif code == "a":
                name([d[:3] for d in _DAYS])
            elif code == "A":
                name(list(_DAYS))
            elif code == "j":
                values["j"] = digits(3)
            elif code == "z":
                start = pos
                if pos < len(text) and text[pos] in "+-":
                    pos += 1
                    while pos < len(text) and (text[pos].isdigit() or text[pos] == ":"):
                        pos += 1
                    tz = _parse_offset(text[start:pos])
                elif text[pos:pos + 1] == "Z":
                    pos += 1
                    tz = timezone.utc
                else:
                    fail()
            elif code == "%":
                if text[pos:pos + 1] != "%":
                    fail()
                pos += 1
            else:
                raise ValueError("'%s' is a bad directive in format '%s'" % (code, fmt))
        elif ch.isspace():
            i += 1
            while pos < len(text) and text[pos].isspace():
                pos += 1
        else:
            if text[pos:pos + 1] != ch:
                fail()
            pos += 1
            i += 1
    if pos != len(text):
        raise ValueError("unconverted data remains: %s" % text[pos:])
    hour = values["H"]
    if pm is not None:
        hour = hour % 12 + (12 if pm else 0)
    if "j" in values:
        y, m, d = _ord2ymd(_ymd2ord(values["Y"], 1, 1) + values["j"] - 1)
        values["m"], values["d"] = m, d
    return (values["Y"], values["m"], values["d"], hour, values["M"], values["S"], values["f"], tz)


datetime_CAPI = None
