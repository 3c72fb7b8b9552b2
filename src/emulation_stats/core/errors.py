"""The one exception type analysts see, and the table its messages are written in."""

from __future__ import annotations

from functools import lru_cache
from string import Formatter

import pandas as pd

from emulation_stats.core.frames import apply_unique


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
        # Only a word can be a code: a sentence is said as written, never looked up (the
        # table is itself a reference file, and a missing folder must still be said).
        self.code = str(message) if values or (str(message).isidentifier() and str(message) in _messages()) \
            else None
        self.values = values
        text = said(self.code, "vi", values) if self.code else str(message)
        super().__init__(" ".join(text.split()), *args)

    def as_term(self) -> Term | str:
        """The problem as a piece of another message (a rejected row's reason)."""
        return Term(self.code, **self.values) if self.code else str(self)

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` ("vi" or "en"); text given directly stays as it was."""
        return " ".join(said(self.code, lang, self.values).split()) if self.code else str(self)


class Term:
    """A piece of messages.csv inside another message (a word, a hint), said in that
    message's language: ``DataError("asked_year_missing", what=Term("what_figures"), …)``."""

    def __init__(self, code: str, /, **values: object) -> None:  # a value may be named "code" too
        self.code, self.values = code, values

    def __str__(self) -> str:
        return said(self.code, "vi", self.values)

    def in_language(self, lang: str) -> str:
        """The term in ``lang`` ("vi" or "en")."""
        return said(self.code, lang, self.values)


class Words:
    """A text known in both languages (a column's name, what two rows share; or, for many
    rows at once, two Series): a value of a message said in either.

    >>> Words("năm", "year").in_language("en")
    'year'
    """

    def __init__(self, vi: object, en: object) -> None:
        self.vi, self.en = vi, en

    def __str__(self) -> str:
        return str(self.vi)

    def in_language(self, lang: str) -> object:
        return self.en if lang == "en" else self.vi

    def columns(self, name: str) -> dict[str, object]:
        """``{name: Vietnamese, name_en: English}``, for a table of problems."""
        return {name: self.vi, name + "_en": self.en}


def either(names: list[str]) -> Words:
    """Names joined by "hay" / "or": what an office may have meant.

    >>> either(["Kbang", "Kông Chro"]).in_language("en")
    'Kbang or Kông Chro'
    """
    return Words(" hay ".join(names), " or ".join(names))


def said_both(code: str, /, **values: object) -> Words:
    """:func:`said_each` in Vietnamese and in English."""
    return Words(said_each(code, "vi", **values), said_each(code, "en", **values))


def in_language(message: object, lang: str) -> str:
    """A message that may be a :class:`Term` or plain text, said in ``lang``.

    >>> in_language(Term("rows_counted", n=3), "en"), in_language("đã có", "en")
    (' (3 rows)', 'đã có')
    """
    if isinstance(message, (Term, Words)):
        return str(message.in_language(lang))
    return "" if message is None else str(message)


def said_each(code: str, lang: str, /, **values: object) -> object:
    """A message of the table for many rows at once: each value a Series (of text, numbers
    or terms) or one value for all; the pieces are joined column by column, not row by row.

    >>> said_each("rows_counted", "en", n=pd.Series([2, 5])).tolist()
    [' (2 rows)', ' (5 rows)']
    """
    text: object = ""
    for literal, name, _, _ in Formatter().parse(_messages()[code]["en" if lang == "en" else "vi"]):
        text = text + literal
        if name is not None:
            value = values[name]
            if isinstance(value, Words):
                value = value.in_language(lang)
            text = text + (_said_column(value, lang) if isinstance(value, pd.Series) else in_language(value, lang))
    return text


def _said_column(values: pd.Series, lang: str) -> pd.Series:
    # A column of plain text (a row's place, a header) is said as it is: no call per row.
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values.astype(object)
    return apply_unique(values, lambda v: in_language(v, lang))


def in_both_languages(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``column`` (text, or terms of messages.csv) said in Vietnamese, and in English in
    ``column_en`` where that is not given yet; a message is said once however many rows.
    Rows already said in both (a report added to another) are left as they are."""
    english = column + "_en"
    if english not in frame:
        frame = frame.assign(**{english: pd.Series(None, index=frame.index, dtype=object)})
    missing = frame[english].isna().to_numpy()
    if not missing.any():
        return frame
    frame = frame.astype({column: object, english: object})  # a copy; a column of no text yet is float
    said = frame.loc[missing, column]
    frame.loc[missing, english] = apply_unique(said, lambda v: in_language(v, "en")).to_numpy()
    frame.loc[missing, column] = apply_unique(said, lambda v: in_language(v, "vi")).to_numpy()
    return frame


def cut(text: str, width: int = 80) -> str | Term:
    """A quoted cell cut for a message in any language: a 100,000-character cell must not
    fill the screen.

    >>> cut("x" * 200, 10).in_language("en")
    'xxxxxxxxx… (200 characters)'
    """
    return text if len(text) <= width else Term("text_cut", head=text[:width - 1], size=len(text))


def said(code: str, lang: str, values: dict[str, object]) -> str:
    """A message of the table in ``lang`` with its values put in (terms in the same language)."""
    row = _messages()[code]
    shown = {k: in_language(v, lang) if isinstance(v, (Term, Words)) else v for k, v in values.items()}
    return row["en" if lang == "en" else "vi"].format(**shown)


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    from emulation_stats.core.resources import read_reference  # resources raises DataError itself

    table = read_reference("messages.csv", strip=False)  # a term may begin with its space: " (có phải …?)"
    return {code: {"vi": vi, "en": en} for code, vi, en in zip(table["code"], table["vi"], table["en"])}


DataError.__module__ = "emulation_stats"  # a traceback says emulation_stats.DataError, as the user imports it
