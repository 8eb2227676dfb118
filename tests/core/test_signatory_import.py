"""Reading the Region's file of paper signatories and judging each row (pure core)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from stdnum import luhn

from charter.core.signatory_import import (
    COLUMNS,
    ERROR,
    NEW,
    PRESENT,
    ImportFileError,
    normalise_version,
    plan,
    read_table,
)
from tests.examples import examples

TODAY = date(2026, 12, 7)
VERSIONS = {"1": "1", "2": "2"}
HEADER = ";".join(COLUMNS)


def siret(seed: int) -> str:
    siren = f"{100_000_000 + seed * 7919 % 800_000_000:09d}"[:8]
    siren += luhn.calc_check_digit(siren)
    return siren + "0001" + luhn.calc_check_digit(siren + "0001")


def row(n: int, **changes: str) -> dict[str, str]:
    values = {
        "siret": siret(n),
        "raison_sociale": f"Société {n}",
        "departement": "14",
        "email": f"contact{n}@exemple.fr",
        "version": "1",
        "date_signature": "15/03/2024",
    }
    return values | changes


def csv_file(rows: list[dict[str, str]], delimiter: str = ";", bom: bool = False) -> bytes:
    lines = [delimiter.join(COLUMNS)] + [delimiter.join(r[c] for c in COLUMNS) for r in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_file(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or list(COLUMNS))
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def fates(content: bytes, **known: set[str]) -> list[tuple[str, list[str]]]:
    result = plan(read_table(content, 10_000), versions=VERSIONS, today=TODAY, **known)
    return [(r.fate, [reason.text() for reason in r.reasons]) for r in result.rows]


# ------------------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", False), (";", True), (",", False), (",", True)]
)
def test_csv_with_either_delimiter_and_with_or_without_bom_reads_the_same(delimiter, bom):
    content = csv_file([row(1), row(2)], delimiter, bom)
    rows = read_table(content, 10_000)
    assert [r.line for r in rows] == [2, 3]
    assert rows[0].cells["siret"] == siret(1)
    assert rows[1].cells["raison_sociale"] == "Société 2"


def test_an_xlsx_workbook_reads_dates_and_numbers():
    content = xlsx_file(
        [[int(siret(1)), "Société 1", 14, "a@exemple.fr", 1, datetime(2024, 3, 15)]]  # noqa: DTZ001 (a spreadsheet date)
    )
    [only] = plan(read_table(content, 10_000), versions=VERSIONS, today=TODAY).rows
    assert only.fate == NEW
    assert only.row.siret == siret(1) and only.row.department == "14"
    assert only.row.signed_on == date(2024, 3, 15) and only.row.version == "1"


def test_column_titles_are_matched_without_case_accents_or_spaces():
    header = ["SIRET", "Raison sociale", "Département", "E-mail", "Version", "Date signature"]
    header[3] = "email"
    content = xlsx_file([[siret(1), "A", "14", "a@exemple.fr", "1", "01/02/2024"]], header)
    assert read_table(content, 10)[0].cells["departement"] == "14"


def test_wrong_columns_are_named():
    content = b"siret;nom;departement;mail;version;date_signature\r\n1;2;3;4;5;6\r\n"
    with pytest.raises(ImportFileError) as error:
        read_table(content, 10_000)
    message = error.value.reason.text()
    assert "colonnes manquantes : raison_sociale, email" in message
    assert "colonnes inconnues : nom, mail" in message


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,  # an old .xls
        b"PK\x03\x04 not really a workbook",  # a broken zip
        "siret;raison_sociale\n".encode("cp1252") + "Société".encode("cp1252"),  # not UTF-8
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(content):
    with pytest.raises(ImportFileError) as error:
        read_table(content, 10_000)
    assert "ni un CSV" in error.value.reason.text() or "ni un classeur" in str(error.value)


def test_max_rows_or_more_is_refused_and_one_less_is_read():
    assert len(read_table(csv_file([row(n) for n in range(4)]), 5)) == 4
    with pytest.raises(ImportFileError) as error:
        read_table(csv_file([row(n) for n in range(5)]), 5)
    assert "5 lignes ou plus" in error.value.reason.text()


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+2", "@SUM(A1)", "-2+3"])
def test_a_formula_in_a_cell_refuses_the_file_and_names_the_cell(value):
    content = csv_file([row(1), row(2, raison_sociale=value)])
    with pytest.raises(ImportFileError) as error:
        read_table(content, 10_000)
    assert "Ligne 3, colonne « raison_sociale »" in error.value.reason.text()


def test_a_real_formula_in_an_xlsx_cell_is_refused():
    content = xlsx_file([[siret(1), '=CONCAT("a","b")', "14", "a@b.fr", "1", "01/01/2024"]])
    with pytest.raises(ImportFileError, match="formule"):
        read_table(content, 10_000)


def test_an_empty_file_or_one_without_rows_is_refused():
    with pytest.raises(ImportFileError, match="vide"):
        read_table(b"", 10)
    with pytest.raises(ImportFileError, match="aucune ligne"):
        read_table(HEADER.encode() + b"\r\n\r\n;;;;;\r\n", 10)


# ---------------------------------------------------------------------------- each row


def test_each_reason_in_french():
    content = csv_file(
        [
            row(1, siret="12345678901234"),
            row(2, departement="75"),
            row(3, version="9"),
            row(4, date_signature="08/12/2026"),
            row(5, email="pas-une-adresse"),
            row(6),
            row(7, siret=siret(6)),
            row(8, date_signature="hier"),
        ]
    )
    result = fates(content)
    assert result[0] == (ERROR, ["SIRET invalide (14 chiffres avec leur clé de contrôle)."])
    assert result[1][0] == ERROR and "hors de Normandie" in result[1][1][0]
    assert result[2] == (ERROR, ["Version de la charte inconnue : « 9 »."])
    assert result[3] == (ERROR, ["Date de signature dans le futur."])
    assert result[4] == (ERROR, ["Adresse e-mail invalide."])
    assert result[5] == (NEW, [])
    assert result[6] == (ERROR, ["En double dans le fichier : même SIRET qu'à la ligne 7."])
    assert result[7] == (ERROR, ["Date de signature illisible (attendu : JJ/MM/AAAA)."])


def test_registered_sirets_are_already_present_and_known_addresses_cannot_get_an_account():
    content = csv_file([row(1), row(2), row(3, email="contact1@exemple.fr")])
    result = fates(content, known_sirets={siret(1)}, known_emails={"contact2@exemple.fr"})
    assert result[0] == (PRESENT, [])
    assert result[1] == (ERROR, ["Cette adresse e-mail a déjà un compte sur le service."])
    assert result[2] == (NEW, [])  # the present row's address did not claim anything


def test_the_same_address_on_two_new_rows_is_a_duplicate():
    result = fates(csv_file([row(1), row(2, email="CONTACT1@exemple.fr")]))
    assert result[1] == (
        ERROR,
        ["En double dans le fichier : même adresse e-mail qu'à la ligne 2."],
    )


@pytest.mark.parametrize(("typed", "label"), [("1", "1"), ("v1", "1"), ("V1.0", "1"), (" 2 ", "2")])
def test_version_spellings(typed, label):
    assert normalise_version(typed) == normalise_version(label)


# ---------------------------------------------------------------------------- properties

cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.lists(cells, min_size=6, max_size=6), min_size=1, max_size=20))
def test_any_csv_either_reads_or_is_refused_with_a_reason(table):
    """Whatever the cells hold: a row per non-empty line with one fate each, or a clear refusal,
    never another exception."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    try:
        raw = read_table(buffer.getvalue().encode("utf-8"), 10_000)
    except ImportFileError as error:
        refusal = error.reason.text()
        assert refusal
        return
    result = plan(raw, versions=VERSIONS, today=TODAY)
    assert len(result.rows) == len(raw)
    for item in result.rows:
        assert item.fate in (NEW, PRESENT, ERROR)
        assert (item.fate == ERROR) == bool(item.reasons)


@settings(max_examples=examples(100), deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=30),
    st.sets(st.integers(min_value=0, max_value=40)),
)
def test_each_siret_is_new_at_most_once_and_never_when_registered(seeds, registered):
    """Duplicates and registered companies never create a second organisation."""
    content = csv_file([row(s, email=f"c{i}@exemple.fr") for i, s in enumerate(seeds)])
    known = {siret(s) for s in registered}
    result = plan(read_table(content, 10_000), versions=VERSIONS, today=TODAY, known_sirets=known)
    created = [r.row.siret for r in result.rows if r.fate == NEW]
    assert len(created) == len(set(created)) == len({siret(s) for s in seeds} - known)
    assert sum(result.counts.values()) == len(seeds)


def test_digits_of_other_scripts_are_an_error_not_a_crash():
    """Found by the property test: "²" is a digit to str.isdigit but not to int()."""
    from charter.core.signatory_import import _department

    assert _department("²") == "²" and _department("014") == "14"
