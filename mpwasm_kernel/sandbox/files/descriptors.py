"""Open file descriptions: what one guest file descriptor refers to (node, host file or device)."""

from __future__ import annotations

import dataclasses

from .abi import O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY, Device
from .mounts import _HostFile
from .tree import _Node, _Parts


@dataclasses.dataclass
class _Open:
    """One guest file descriptor. Copied (shallowly) into snapshots."""

    path: _Parts
    flags: int
    node: _Node | None = None  # in-memory file or directory
    host: _HostFile | None = None  # mounted regular file
    device: Device | None = None
    listing: tuple[tuple[str, int, int], ...] | None = None  # directories: entries at open time
    pos: int = 0

    @property
    def readable(self) -> bool:
        return self.flags & O_ACCMODE in (O_RDONLY, O_RDWR)

    @property
    def writable(self) -> bool:
        return self.flags & O_ACCMODE in (O_WRONLY, O_RDWR)
