"""zoneinfo: host CPython vs the sandbox (the guest asks the host's zoneinfo for each lookup).

Daylight saving time, `fold` on ambiguous local times, conversions with astimezone/fromtimestamp,
fixed-offset zones and unknown keys. No expected output is written by hand.
"""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox
from mpwasm_kernel.sandbox.cpython.zones import zone_reply


def test_zoneinfo_as_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
        from datetime import datetime, timedelta, timezone
        ny = ZoneInfo("America/New_York")
        print(ny, repr(ny), ZoneInfo("America/New_York") is ny, ny.key)
        dt = datetime(2024, 3, 10, 1, 30, tzinfo=ny)
        print(dt, dt.utcoffset(), dt.tzname(), dt.dst(), dt + timedelta(hours=1))
        u = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)
        print(u.astimezone(ny), u.astimezone(ZoneInfo("Asia/Tokyo")), u.astimezone(ZoneInfo("UTC")).tzname())
        amb = datetime(2024, 11, 3, 1, 30, tzinfo=ny)
        print(amb.utcoffset(), amb.replace(fold=1).utcoffset(), amb.replace(fold=1).tzname())
        print([datetime(2024, 11, 3, h, 30, tzinfo=timezone.utc).astimezone(ny).fold for h in (5, 6)])
        print(datetime.fromtimestamp(1700000000, ZoneInfo("Europe/Paris")))
        print(ZoneInfo("Etc/GMT+5").utcoffset(None), ny.utcoffset(None), datetime(2020, 1, 1, tzinfo=ZoneInfo("Etc/GMT+5")))
        try:
            ZoneInfo("Mars/Base")
        except ZoneInfoNotFoundError:
            print("not found")
        import zoneinfo
        print("Europe/Berlin" in zoneinfo.available_timezones())
    """)


def test_bad_keys_never_reach_the_file_system() -> None:
    assert "error" in zone_reply({"key": "../../etc/passwd"}) or "notfound" in zone_reply({"key": "../../etc/passwd"})
    assert "error" in zone_reply({"key": "/etc/passwd"}) or "notfound" in zone_reply({"key": "/etc/passwd"})
    assert "error" in zone_reply({"key": 5})
    assert "error" in zone_reply({"key": "UTC", "local": [1, 2]})
