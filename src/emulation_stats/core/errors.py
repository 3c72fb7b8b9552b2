"""The one exception type analysts see."""

from __future__ import annotations


class DataError(Exception):
    """A file, name or rule that cannot be used; the message says which and why.

    The message is written for an analyst (Vietnamese first) and names the file, the
    sheet, the row and the column whenever they are known. It is one line whatever it
    quotes (a cell or a YAML value may hold line breaks): the command line prints one
    line per problem.

    >>> str(DataError("rubric.yaml: không phải 'a\\nb'"))
    "rubric.yaml: không phải 'a b'"
    """

    def __init__(self, message: object = "", *args: object) -> None:
        super().__init__(" ".join(str(message).split()), *args)


DataError.__module__ = "emulation_stats"  # a traceback says emulation_stats.DataError, as the user imports it
