"""The programme's partners in the header, the footer and the home page (issue 19): names as
text by default, configured logo files served from the instance folder, a malformed list
refused at start-up, and no State identity."""

from __future__ import annotations

import re

import pytest

from charter import create_app
from charter.partners import InvalidPartners, read_partners
from tests.conftest import _test_config

#: A neutral image drawn for the test: a grey rounded square. No third-party logo.
NEUTRAL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<rect x="1" y="1" width="118" height="38" rx="6" fill="#eef1f5" stroke="#5a6472"/></svg>'
)


def _region(html: str, tag: str) -> str:
    match = re.search(rf"<{tag}\b.*?</{tag}>", html, re.S)
    assert match, tag
    return match.group(0)


def test_by_default_the_partners_are_named_as_text_and_the_home_page_says_who_runs_it(client):
    home = client.get("/").text
    header, footer = _region(home, "header"), _region(home, "footer")
    for part in (header, footer):
        assert "Région Normandie" in part and "CCI Normandie" in part
        assert "partner_logo" not in part and "/partenaires/" not in part
    assert "Qui est derrière ce service ?" in home
    assert "Le service est édité par Région Normandie" in home
    for page in ("/", "/annuaire", "/connexion"):
        text = client.get(page).text.lower()
        assert "marianne" not in text and "dsfr" not in text
        assert "république française" not in text


def test_configured_logos_are_shown_and_served_from_the_instance_folder(make_app, tmp_path):
    folder = tmp_path / "logos"
    folder.mkdir()
    (folder / "region.svg").write_text(NEUTRAL_SVG, encoding="utf-8")
    app = make_app(
        PARTNER_LOGO_DIR="logos",
        PARTNERS=[
            {"name": "Région Normandie", "logo": "region.svg", "url": "https://example.org/r"},
            {"name": "CCI Normandie", "logo": "missing.png"},
        ],
    )
    app.instance_path = str(tmp_path)
    client = app.test_client()
    home = client.get("/").text
    header = _region(home, "header")
    assert '<img src="/partenaires/region.svg" alt="Région Normandie">' in header
    assert '<a href="https://example.org/r">' in header
    # a logo file not (yet) in the folder: the name, as text
    assert "/partenaires/missing.png" not in home and "CCI Normandie" in header
    logo = client.get("/partenaires/region.svg")
    assert logo.status_code == 200 and logo.mimetype == "image/svg+xml"
    assert "sandbox" in logo.headers["Content-Security-Policy"]
    assert logo.headers["Cache-Control"] == "public, max-age=86400"
    assert logo.get_data(as_text=True) == NEUTRAL_SVG
    logo.close()
    assert client.get("/partenaires/missing.png").status_code == 404
    assert client.get("/partenaires/other.svg").status_code == 404
    assert client.get("/partenaires/..%2Fconfig.py").status_code == 404


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"logo": "a.png"}, "has no name"),
        ({"name": "A", "logo": "../a.png"}, "must be a file name"),
        ({"name": "A", "logo": "a.gif"}, "must be a file name"),
        ({"name": "A", "url": "http://a.example"}, "https://"),
    ],
)
def test_a_malformed_partner_list_is_refused_at_start_up(tmp_path, entry, message):
    with pytest.raises(InvalidPartners, match=message):
        read_partners([entry])
    with pytest.raises(InvalidPartners):
        create_app(_test_config(f"sqlite:///{tmp_path}/x.sqlite3", tmp_path, PARTNERS=[entry]))
