"""Fixtures of the hostile-code suite; the helpers live in `hostile_support`.

A module picks its sandbox's limits with a module-level ``SANDBOX_LIMITS = {...}``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_support import DEFAULT_LIMITS, ENV_SECRET, RSS_BUDGET, SECRET, Canary, Captured, Hostile, MiB, rss

from mpwasm_kernel import Limits, Sandbox


@pytest.fixture(scope="session")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Canary:
    directory = tmp_path_factory.mktemp("canary")
    file = directory / "secret.txt"
    file.write_text(SECRET)
    return Canary(directory, file, (SECRET, ENV_SECRET))


@pytest.fixture(scope="module")
def captured() -> Captured:
    return Captured()


@pytest.fixture(scope="module")
def limits(request: pytest.FixtureRequest) -> Limits:
    return Limits(**{**DEFAULT_LIMITS, **getattr(request.module, "SANDBOX_LIMITS", {})})


@pytest.fixture(scope="module")
def sandbox(limits: Limits, captured: Captured) -> Iterator[Sandbox]:
    """One Sandbox per test module, with that module's small limits."""
    with Sandbox(limits, interrupt_grace=0.5,
                 on_output=lambda stream, text: captured.streams.append((stream, text)),
                 on_display=captured.displays.append) as sb:
        yield sb


@pytest.fixture(scope="module", autouse=True)
def host_memory_bounded() -> Iterator[None]:
    """(e) The host process's RSS grows by less than `RSS_BUDGET` over a whole module."""
    before = rss()
    yield
    grown = rss() - before
    assert grown < RSS_BUDGET, f"host RSS grew by {grown / MiB:.0f} MiB during this module"


@pytest.fixture
def hostile(sandbox: Sandbox, canary: Canary, captured: Captured) -> Hostile:
    return Hostile(sandbox, canary, captured)
