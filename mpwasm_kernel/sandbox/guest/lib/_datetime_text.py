"""datetime's text conversions, loaded on first use: strftime's directives, strptime and the
ISO 8601 time and offset parsers (`import datetime` does not compile them)."""
from _datetime_calendar import _DAYS, _MONTHS, _isocalendar, _ord2ymd, _ymd2ord
from _datetime_delta import _format_offset, timedelta, timezone


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
            out.append(_format_offset(utcoffset, ""))
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
