"""The guest's files: a private in-memory file system with a quota, read-only host mounts,
devices, copy-on-write snapshots and the syscall ABI that serves them (see `filesystem`)."""

from .abi import Device, Errno
from .filesystem import FileSystem
from .tree import ENTRY_BYTES, MAX_DEPTH, MAX_ENTRIES, entry_charge

__all__ = ["ENTRY_BYTES", "MAX_DEPTH", "MAX_ENTRIES", "Device", "Errno", "FileSystem", "entry_charge"]
