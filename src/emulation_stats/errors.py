"""The one exception type analysts see."""

from __future__ import annotations


class DataError(Exception):
    """A file, name or rule that cannot be used; the message says which and why.

    The message is written for an analyst (Vietnamese first) and names the file, the
    sheet, the row and the column whenever they are known.
    """
