"""The one CSV writer of the application: every CSV route builds its file here.

French spreadsheets expect semicolons, CRLF line ends and UTF-8 with a byte-order mark. A cell
that starts with ``= + - @``, a tab or a carriage return would be run as a formula by Excel or
LibreOffice (``=HYPERLINK(...)`` typed as a company name): it is written with a leading
apostrophe, as OWASP advises for CSV injection. Plain numbers (``-1,5``, ``+2``) cannot be
formulas and are kept as they are.

Pure: no Flask, no database. Who calls this: the views and report builders that answer with a
CSV file (tests/security/test_csv_exports.py checks that every ``.csv`` route goes through it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

#: First characters a spreadsheet reads as the start of a formula (or that hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_ROWS_PER_CHUNK = 500


def spreadsheet_cell(value: Any) -> str:
    """``value`` as a cell text no spreadsheet will run as a formula (None: empty)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_chunks(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The file in pieces of a few hundred rows (the first starts with the BOM), so that a long
    export streams; every cell, headers included, goes through :func:`spreadsheet_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([spreadsheet_cell(h) for h in headers])
    for number, row in enumerate(rows, start=1):
        writer.writerow([spreadsheet_cell(v) for v in row])
        if number % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole file at once (see :func:`csv_chunks`)."""
    return b"".join(csv_chunks(headers, rows))
