"""The one error of the build: something could not be fetched, patched or verified."""


class FetchError(Exception):
    """The artifact could not be obtained, processed, or did not match the lock."""
