"""Exports of the filtered compliance list: CSV for French spreadsheets, typed XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from charter.models import Role
from tests.region.helpers import bare_provider, compliant_provider
from tests.signing.helpers import provider, region_officer


def test_csv_has_a_bom_semicolons_french_headers_and_only_the_filtered_rows(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil", department="50")
    late = provider(factory, name="Manche Lente", department="50")
    factory.signature(late, validate_by=admin)
    bare_provider(factory, name="=HYPERLINK(1)", department="50")
    response = region.get("/region/signataires.csv?departement=50&verdict=a_regulariser")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Entreprise", "SIRET", "Département"]
    assert rows[0][-2:] == ["Verdict", "Motifs"]
    assert [r[0] for r in rows[1:]] == ["Manche Lente"]
    assert rows[1][-2] == "À régulariser"
    assert "Aucune autoévaluation transmise" in rows[1][-1]
    everything = region.get("/region/signataires.csv?departement=50").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in everything  # never run as a formula


def test_xlsx_cells_are_typed_and_the_header_frozen(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil")
    bare_provider(factory, name="=SUM(A1)")
    response = region.get("/region/signataires.xlsx?tri=name")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[0] == "Entreprise" and header[-1] == "Motifs"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    granit = rows["Granit Conseil"]
    signed = granit[header.index("Signée le")].value
    assert isinstance(signed, date)
    assert granit[header.index("Indice de l'autoévaluation")].value == 100  # a number
    assert granit[header.index("Diagnostics accompagnés (12 mois)")].value == 1
    assert granit[header.index("Verdict")].value == "Conforme"
    assert rows["=SUM(A1)"][0].data_type == "s"
