"""The one exception type analysts see, and the table its messages are written in."""

from __future__ import annotations

from functools import lru_cache


class DataError(Exception):
    """A file, name or rule that cannot be used; the message says which and why.

    The message is written for an analyst (Vietnamese first) and names the file, the
    sheet, the row and the column whenever they are known. It is one line whatever it
    quotes (a cell or a YAML value may hold line breaks): the command line prints one
    line per problem.

    A problem is a code with its values, ``DataError("file_missing", file="a.xlsx")``: its
    Vietnamese and English texts are a row of ``data/reference/messages.csv``, and
    :meth:`in_language` says it in either. (Text given directly is kept as it is, in
    Vietnamese only.)

    >>> str(DataError("rubric.yaml: không phải 'a\\nb'"))
    "rubric.yaml: không phải 'a b'"
    >>> error = DataError("file_empty", file="a.csv")
    >>> str(error), error.in_language("en")
    ('a.csv: tệp rỗng', 'a.csv: the file is empty')
    """

    def __init__(self, message: object = "", *args: object, **values: object) -> None:
        self.code = str(message) if values or str(message) in _messages() else None
        self.values = values
        text = said(self.code, "vi", values) if self.code else str(message)
        super().__init__(" ".join(text.split()), *args)

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` ("vi" or "en"); text given directly stays as it was."""
        return " ".join(said(self.code, lang, self.values).split()) if self.code else str(self)


class Term:
    """A piece of messages.csv inside another message (a word, a hint), said in that
    message's language: ``DataError("asked_year_missing", what=Term("what_figures"), …)``."""

    def __init__(self, code: str, **values: object) -> None:
        self.code, self.values = code, values

    def __str__(self) -> str:
        return said(self.code, "vi", self.values)


def said(code: str, lang: str, values: dict[str, object]) -> str:
    """A message of the table in ``lang`` with its values put in (terms in the same language)."""
    row = _messages()[code]
    shown = {k: said(v.code, lang, v.values) if isinstance(v, Term) else v for k, v in values.items()}
    return row["en" if lang == "en" else "vi"].format(**shown)


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    from emulation_stats.core.resources import read_reference  # resources raises DataError itself

    table = read_reference("messages.csv", strip=False)  # a term may begin with its space: " (có phải …?)"
    return {code: {"vi": vi, "en": en} for code, vi, en in zip(table["code"], table["vi"], table["en"])}


DataError.__module__ = "emulation_stats"  # a traceback says emulation_stats.DataError, as the user imports it
