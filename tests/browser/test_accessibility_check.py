"""The accessibility check the browser tests rely on (``assert_accessible``) fails when it
should: a serious violation fails the test and names the rule, twice on one page as well."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1>Essai</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">
</main></body></html>"""
CLEAN = """<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1>Essai</h1><img alt="Logo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label for="nom">Nom</label><input id="nom" type="text"></main></body></html>"""


def test_a_serious_violation_fails_and_names_its_rule_each_time(browser: Browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.set_content(CLEAN)
        assert_accessible(page, "clean page")
        page.set_content(BROKEN)
        for _ in range(2):  # the second call finds axe already in the page
            with pytest.raises(AssertionError) as failure:
                assert_accessible(page, "broken page")
            assert "axe violations on broken page" in str(failure.value)
            assert "image-alt (critical)" in str(failure.value)
            assert "label (critical)" in str(failure.value)
    finally:
        context.close()
