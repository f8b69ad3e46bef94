"""Time zone lookups for the guest's `zoneinfo` (guest/lib/zoneinfo.py), answered by the host
CPython's own `zoneinfo` over the host's time zone database.

`zone_reply(msg)` takes the guest's channel message and returns the reply dict: a key check
(``{}``, or ``{"notfound": text}`` / ``{"error": text}``), the offset, DST and name of a local time
(``"local"``: the seven datetime fields, with ``"fold"``; None: the zone's answer without a time),
the local time of a UTC time (``"utc"``), or every key (``"available"``). Values are checked
before use; nothing the guest sends reaches the file system except as a key that CPython's
`zoneinfo` validates.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime, timezone

MAX_KEY_CHARS = 200


@functools.lru_cache(maxsize=1)
def _available() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _when(value: object, fold: object = 0, tz: zoneinfo.ZoneInfo | timezone | None = None) -> datetime:
    if not isinstance(value, list) or len(value) != 7 or not all(type(v) is int for v in value):
        raise ValueError("a datetime is seven integers")
    return datetime(*value, tzinfo=tz, fold=1 if fold == 1 else 0)


def zone_reply(msg: dict) -> dict:
    """The reply to one guest `zone` request (see the module docstring)."""
    if msg.get("available"):
        return {"keys": _available()}
    key = msg.get("key")
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_CHARS or "\0" in key:
        return {"error": f"bad time zone key {str(key)[:MAX_KEY_CHARS]!r}"}
    try:
        zone = zoneinfo.ZoneInfo(key)
    except zoneinfo.ZoneInfoNotFoundError:
        return {"notfound": f"No time zone found with key {key}"}
    except (ValueError, OSError) as exc:
        return {"error": str(exc)[:300]}
    try:
        if "local" in msg:
            local = None if msg["local"] is None else _when(msg["local"], msg.get("fold"), zone)
            offset, dst = zone.utcoffset(local), zone.dst(local)
            return {"offset": None if offset is None else offset.total_seconds(),
                    "dst": None if dst is None else dst.total_seconds(), "name": zone.tzname(local)}
        if "utc" in msg:
            here = _when(msg["utc"], 0, UTC).astimezone(zone)
            return {"local": [here.year, here.month, here.day, here.hour, here.minute, here.second,
                              here.microsecond], "fold": here.fold}
    except (ValueError, OverflowError) as exc:
        return {"error": str(exc)[:300]}
    return {}
