"""Reading the Region's spreadsheet of paper signatories, and the fate of each of its rows.

Pure functions: no Flask, no database. The service (``charter.services.signatory_import``)
passes in what it knows (the SIRETs already registered, the addresses that already have an
account, the charter versions, today) and writes what :func:`plan` decided.

A file is refused whole (:class:`ImportFileError`) when it cannot be read as a table of the
expected columns: not a CSV in UTF-8 nor an XLSX workbook, wrong columns (named), too many rows,
or a formula in a cell (a spreadsheet would run it when the file is opened again). Otherwise
every row gets a fate: « nouveau », « déjà présent » or « erreur » with its reasons.

Messages are French source strings marked with ``N_`` and ``%(name)s`` parameters; the web layer
translates them at display time (:meth:`Reason.text`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from stdnum.fr import siret as siret_number

from charter.core.i18n import N_

COLUMNS = ("siret", "raison_sociale", "departement", "email", "version", "date_signature")
NORMANDY_DEPARTMENTS = frozenset({"14", "27", "50", "61", "76"})
NEW, PRESENT, ERROR = "nouveau", "déjà présent", "erreur"
#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_NAME = 200
MAX_CELL = 300
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class Reason:
    """A French message with its parameters, translated when shown."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, translate: Callable[[str], str] = lambda m: m) -> str:
        """The message, translated by ``translate`` (gettext), with its parameters filled in."""
        return (
            translate(self.message) % dict(self.params) if self.params else translate(self.message)
        )


class ImportFileError(Exception):
    """The file as a whole cannot be imported; :attr:`reason` says why, in French."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.reason = Reason(message, params)


@dataclass(frozen=True)
class RawRow:
    """One data row as read: its line in the file (the header is line 1) and its cells."""

    line: int
    cells: Mapping[str, Any]


@dataclass(frozen=True)
class Row:
    """One row, cleaned: what the import writes if its fate is « nouveau »."""

    line: int
    siret: str
    name: str
    department: str
    email: str
    version: str
    signed_on: date | None


@dataclass(frozen=True)
class RowFate:
    """A row and what the import does with it."""

    row: Row
    fate: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Every row's fate, in file order, and the counts the preview and the audit event show."""

    rows: tuple[RowFate, ...]

    def count(self, fate: str) -> int:
        return sum(1 for r in self.rows if r.fate == fate)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "nouveau": self.count(NEW),
            "present": self.count(PRESENT),
            "erreur": self.count(ERROR),
        }

    def to_create(self) -> list[Row]:
        return [r.row for r in self.rows if r.fate == NEW]


# ------------------------------------------------------------------------------ reading


def read_table(content: bytes, max_rows: int) -> list[RawRow]:
    """The data rows of a CSV (``;`` or ``,``, UTF-8 with or without BOM) or XLSX file.

    Raises :class:`ImportFileError` when the file is not one of those, its header is not
    exactly :data:`COLUMNS` (in any order), it holds ``max_rows`` data rows or more, or a cell
    starts like a formula. Empty rows are skipped.
    """
    lines = _xlsx_lines(content) if content.startswith(b"PK\x03\x04") else _csv_lines(content)
    try:
        header = next(lines)
    except StopIteration:
        raise ImportFileError(N_("Le fichier est vide.")) from None
    names = _header(header)
    rows: list[RawRow] = []
    for number, values in enumerate(lines, start=2):
        cells = [_cell(v) for v in values]
        if all(c in ("", None) for c in cells):
            continue
        if len(rows) + 1 >= max_rows:
            raise ImportFileError(
                N_(
                    "Le fichier compte %(max)s lignes ou plus : importez-le en plusieurs "
                    "fichiers de moins de %(max)s lignes."
                ),
                max=max_rows,
            )
        row = dict.fromkeys(names, "")
        for name, value in zip(names, cells, strict=False):
            _refuse_formula(value, number, name)
            row[name] = value
        rows.append(RawRow(number, row))
    if not rows:
        raise ImportFileError(N_("Le fichier ne contient aucune ligne après les titres."))
    return rows


def _csv_lines(content: bytes) -> Iterator[list[Any]]:
    if b"\x00" in content[:4096]:
        raise ImportFileError(_NOT_A_TABLE)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            N_(
                "Le fichier n'est ni un classeur XLSX ni un CSV en UTF-8. Dans votre tableur, "
                "enregistrez-le au format « Classeur Excel (.xlsx) » ou « CSV UTF-8 »."
            )
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


_NOT_A_TABLE = N_(
    "Ce fichier n'est ni un CSV ni un classeur XLSX. Téléchargez le modèle et remplissez-le."
)


def _xlsx_lines(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise ImportFileError(_NOT_A_TABLE) from None

    def lines() -> Iterator[list[Any]]:
        try:
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        finally:
            workbook.close()

    return lines()


def _cell(value: Any) -> Any:
    """A cell as text (stripped), or a date / datetime kept as such (XLSX dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u00a0", " ").strip()[:MAX_CELL]


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _refuse_formula(value: Any, line: int, column: str) -> None:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        raise ImportFileError(
            N_(
                "Ligne %(line)s, colonne « %(column)s » : « %(value)s » est une formule, que "
                "l'import refuse. Remplacez-la par sa valeur, enregistrée comme texte."
            ),
            line=line,
            column=column,
            value=value[:40],
        )


def _normalise_title(title: Any) -> str:
    text = unicodedata.normalize("NFKD", str(title or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _header(values: Iterable[Any]) -> list[str]:
    names = [_normalise_title(v) for v in values]
    while names and names[-1] == "":
        names.pop()
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n or "(sans titre)" for n in names if n not in COLUMNS]
    repeated = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if missing or unknown or repeated:
        parts = []
        if missing:
            parts.append(N_("colonnes manquantes : %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            parts.append(N_("colonnes inconnues : %(names)s") % {"names": ", ".join(unknown)})
        if repeated:
            parts.append(N_("colonnes en double : %(names)s") % {"names": ", ".join(repeated)})
        raise ImportFileError(
            N_(
                "Les colonnes du fichier ne sont pas celles attendues (%(problems)s). La "
                "première ligne doit contenir : %(expected)s."
            ),
            problems=" ; ".join(parts),
            expected=", ".join(COLUMNS),
        )
    return names


# ---------------------------------------------------------------------------- checking


def normalise_version(text: str) -> str:
    """« v1 », « V1.0 », « 1 » all name version "1"."""
    value = text.strip().lower().removeprefix("version").strip().removeprefix("v").strip()
    return re.sub(r"\.0+$", "", value)


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} ", text) else text
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    return None


def _department(value: Any) -> str:
    text = str(value).strip()
    return str(int(text)) if text.isdigit() and len(text) <= 3 else text


def clean_siret(value: Any) -> str:
    """A SIRET as typed, without spaces or dots; a number cell gets its leading zeros back."""
    siret = re.sub(r"[\s.]", "", str(value))
    if siret.isdigit() and 12 <= len(siret) < 14:
        siret = siret.zfill(14)
    return siret


def clean_email(value: Any) -> str:
    """An address as typed, trimmed and lower-cased."""
    return str(value).strip().lower()


def check_row(raw: RawRow, versions: Mapping[str, str], today: date) -> tuple[Row, list[Reason]]:
    """Clean one row and list what is wrong with it on its own (duplicates come later).

    ``versions`` maps each normalised version label (:func:`normalise_version`) to its label.
    """
    cells = raw.cells
    reasons: list[Reason] = []
    siret = clean_siret(cells["siret"])
    if not siret_number.is_valid(siret):
        reasons.append(Reason(N_("SIRET invalide (14 chiffres avec leur clé de contrôle).")))
    department = _department(cells["departement"])
    if department not in NORMANDY_DEPARTMENTS:
        reasons.append(
            Reason(
                N_(
                    "Établissement hors de Normandie (département « %(department)s ») : la "
                    "charte est réservée aux départements 14, 27, 50, 61 et 76."
                ),
                {"department": department[:10]},
            )
        )
    name = str(cells["raison_sociale"]).strip()
    if not name:
        reasons.append(Reason(N_("Raison sociale manquante.")))
    elif len(name) > MAX_NAME:
        reasons.append(Reason(N_("Raison sociale trop longue (200 caractères au plus).")))
    email = clean_email(cells["email"])
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        reasons.append(Reason(N_("Adresse e-mail invalide.")))
    typed_version = str(cells["version"]).strip()
    version = versions.get(normalise_version(typed_version), "")
    if not version:
        reasons.append(
            Reason(
                N_("Version de la charte inconnue : « %(version)s »."),
                {"version": typed_version[:20]},
            )
        )
    signed_on = _parse_date(cells["date_signature"])
    if signed_on is None:
        reasons.append(Reason(N_("Date de signature illisible (attendu : JJ/MM/AAAA).")))
    elif signed_on > today:
        reasons.append(Reason(N_("Date de signature dans le futur.")))
    row = Row(raw.line, siret, name[:MAX_NAME], department, email, version, signed_on)
    return row, reasons


def plan(
    rows: Iterable[RawRow],
    *,
    versions: Mapping[str, str],
    today: date,
    known_sirets: frozenset[str] | set[str] = frozenset(),
    known_emails: frozenset[str] | set[str] = frozenset(),
) -> Plan:
    """The fate of every row: « erreur » (with every reason), « déjà présent » (its SIRET is
    registered already: nothing is written for it) or « nouveau ».

    A SIRET or an address seen on an earlier row is a duplicate (an account takes one company
    in hand); an address that already has an account cannot receive a new one.
    """
    fates: list[RowFate] = []
    first_siret: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for raw in rows:
        row, reasons = check_row(raw, versions, today)
        if row.siret in first_siret:
            reasons.append(
                Reason(
                    N_("En double dans le fichier : même SIRET qu'à la ligne %(line)s."),
                    {"line": first_siret[row.siret]},
                )
            )
        elif row.siret:
            first_siret[row.siret] = row.line
        if reasons:
            fates.append(RowFate(row, ERROR, tuple(reasons)))
            continue
        if row.siret in known_sirets:
            fates.append(RowFate(row, PRESENT))
            continue
        if row.email in first_email:
            reasons.append(
                Reason(
                    N_("En double dans le fichier : même adresse e-mail qu'à la ligne %(line)s."),
                    {"line": first_email[row.email]},
                )
            )
        elif row.email in known_emails:
            reasons.append(Reason(N_("Cette adresse e-mail a déjà un compte sur le service.")))
        else:
            first_email[row.email] = row.line
        fates.append(RowFate(row, ERROR, tuple(reasons)) if reasons else RowFate(row, NEW))
    return Plan(tuple(fates))


def template_rows() -> list[list[str]]:
    """The downloadable template: the column titles only (an example row would be imported
    if the file were sent back unchanged)."""
    return [list(COLUMNS)]
