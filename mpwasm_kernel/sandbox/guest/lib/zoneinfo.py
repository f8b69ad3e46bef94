# Guest library: zoneinfo. `ZoneInfo(key)` for the IANA time zones ("UTC", "Europe/Paris",
# "America/New_York", "Etc/GMT+5", ...). The zone rules are the host's time zone database, read by
# the host CPython's own zoneinfo: each offset, DST and name lookup is one host request with the
# datetime's fields (`{"type": "zone"}`, sandbox.py), so results are CPython's, daylight saving
# time and `fold` included. Not here: `ZoneInfo.from_file` and `reset_tzpath` (the sandbox has no
# time zone files of its own), and the TZPATH setting.
from datetime import datetime, timedelta, tzinfo

import _mpk_channel

TZPATH = ()


class ZoneInfoNotFoundError(KeyError):
    pass


def _ask(msg):
    reply = _mpk_channel.request(msg)
    if "notfound" in reply:
        raise ZoneInfoNotFoundError(reply["notfound"])
    if "error" in reply:
        raise ValueError(reply["error"])
    return reply


def _fields(dt):
    return [dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond]


class ZoneInfo(tzinfo):
    __module__ = "zoneinfo"
    _cache = {}

    def __new__(cls, key):
        zone = cls._cache.get(key)
        if zone is None:
            zone = cls.no_cache(key)
            cls._cache[key] = zone
        return zone

    def __init__(self, key):
        pass

    @classmethod
    def no_cache(cls, key):
        if type(key) is not str:
            raise TypeError("expected str, bytes or os.PathLike object, not %s" % type(key).__name__)
        _ask({"type": "zone", "key": key})
        zone = object.__new__(cls)
        zone._key = key
        return zone

    @classmethod
    def clear_cache(cls, *, only_keys=None):
        if only_keys is None:
            cls._cache.clear()
        else:
            for key in only_keys:
                cls._cache.pop(key, None)

    @classmethod
    def from_file(cls, fobj, key=None):
        raise NotImplementedError("ZoneInfo.from_file(): the sandbox reads time zones from the host's database only")

    @property
    def key(self):
        return self._key

    def _local(self, dt):
        # dt None: what CPython answers without a time (a fixed-offset zone's offset, else None)
        return _ask({"type": "zone", "key": self._key, "local": None if dt is None else _fields(dt),
                     "fold": 0 if dt is None else dt.fold})

    def utcoffset(self, dt):
        value = self._local(dt)["offset"]
        return None if value is None else timedelta(seconds=value)

    def dst(self, dt):
        value = self._local(dt)["dst"]
        return None if value is None else timedelta(seconds=value)

    def tzname(self, dt):
        return self._local(dt)["name"]

    def fromutc(self, dt):
        if not isinstance(dt, datetime):
            raise TypeError("fromutc: argument must be a datetime")
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        reply = _ask({"type": "zone", "key": self._key, "utc": _fields(dt)})
        y, m, d, hh, mm, ss, us = reply["local"]
        return dt.replace(year=y, month=m, day=d, hour=hh, minute=mm, second=ss, microsecond=us,
                          fold=reply["fold"])

    def __repr__(self):
        return "zoneinfo.ZoneInfo(key=%r)" % self._key

    def __str__(self):
        return self._key

    def __reduce__(self):
        return (self.__class__._unpickle, (self._key, 1))


def available_timezones():
    return set(_ask({"type": "zone", "available": True})["keys"])


def reset_tzpath(to=None):
    raise NotImplementedError("zoneinfo.reset_tzpath(): the sandbox uses the host's time zone database")
