"""One Page type for every long list: counted and cut in the database, clamped, windowed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent
from charter.services import audit
from charter.services.pages import Page, page_of, page_of_list
from tests.region.helpers import officer_client


@pytest.mark.parametrize(
    ("page", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 5, [1, 2, 3, 4, 5]),
        (1, 20, [1, 2, 3, None, 20]),
        (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
        (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ],
)
def test_the_window_links_the_ends_and_the_neighbours(page, pages, expected):
    assert Page(["x"], pages * 10, page, 10).window() == expected


def test_a_page_out_of_range_gives_the_nearest_one():
    items = list(range(25))
    assert page_of_list(items, 99, 10).items == [20, 21, 22, 23, 24]
    assert page_of_list(items, -3, 10).page == 1
    empty = page_of_list([], 4, 10)
    assert (empty.page, empty.pages, empty.first, empty.last) == (1, 1, 0, 0)
    third = page_of_list(items, 3, 10)
    assert (third.first, third.last, third.total) == (21, 25, 25)


def test_page_of_counts_and_cuts_in_the_database(app):
    with app.app_context():
        for number in range(7):
            audit.record(db.session, f"test.event_{number}", actor_id=None)
        db.session.commit()
        statement = select(AuditEvent).order_by(AuditEvent.id.desc())
        last = page_of(db.session, statement, 3, 3)
        assert last.page == 3 and last.total == 7 and len(last.items) == 1
        assert last.items[0].action == "test.event_0"
        assert page_of(db.session, statement, 9, 3).page == 3


def test_a_long_audit_log_shows_a_window_of_page_links(app, factory):
    """500 events make 10 pages at 50 a page: the links name the ends and the neighbours."""
    with app.app_context():
        for number in range(500):
            audit.record(db.session, "test.bulk", actor_id=None, details={"n": number})
        db.session.commit()
    client = officer_client(app, factory)
    page = client.get("/region/journal?page=5").get_data(as_text=True)
    assert 'aria-current="page"><span class="visually-hidden">Page </span>5</span>' in page
    assert "…" in page
    for linked in (1, 3, 4, 6, 7, 10):  # 2 is shown too: a single skipped page
        assert f'page={linked}"' in page
    for skipped in (8, 9):
        assert f'page={skipped}"' not in page
