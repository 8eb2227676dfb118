"""The rules that keep an owner in every organisation (charter/core/members.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from charter.core.members import (
    MEMBER,
    OWNER,
    departure_problem,
    removal_problem,
    role_change_problem,
)


def test_the_last_owner_cannot_leave_while_colleagues_remain():
    assert departure_problem(OWNER, owners=1, people=3, deleting=False) == "last_owner"
    assert departure_problem(OWNER, owners=1, people=3, deleting=True) == "last_owner"
    assert departure_problem(OWNER, owners=2, people=3, deleting=False) is None
    assert departure_problem(MEMBER, owners=1, people=3, deleting=False) is None


def test_a_person_alone_may_delete_the_account_but_not_leave():
    assert departure_problem(OWNER, owners=1, people=1, deleting=True) is None
    assert departure_problem(OWNER, owners=1, people=1, deleting=False) == "alone"


def test_the_only_owner_cannot_be_demoted():
    assert role_change_problem(OWNER, MEMBER, owners=1) == "last_owner"
    assert role_change_problem(OWNER, MEMBER, owners=2) is None
    assert role_change_problem(MEMBER, OWNER, owners=1) is None
    assert role_change_problem(MEMBER, MEMBER, owners=1) == "unchanged"
    assert role_change_problem(MEMBER, "admin", owners=1) == "unknown_role"


def test_an_owner_removes_others_not_themselves():
    assert removal_problem(1, 1) == "self"
    assert removal_problem(1, 2) is None


@given(
    roles=st.lists(st.sampled_from([OWNER, MEMBER]), min_size=1, max_size=8),
    index=st.integers(min_value=0, max_value=7),
    deleting=st.booleans(),
)
def test_every_allowed_departure_leaves_an_owner_or_nobody(roles, index, deleting):
    if OWNER not in roles:
        roles = [OWNER, *roles]
    index %= len(roles)
    problem = departure_problem(roles[index], roles.count(OWNER), len(roles), deleting=deleting)
    rest = roles[:index] + roles[index + 1 :]
    if problem is None:
        assert not rest or OWNER in rest


@given(
    roles=st.lists(st.sampled_from([OWNER, MEMBER]), min_size=1, max_size=8),
    index=st.integers(min_value=0, max_value=7),
    new=st.sampled_from([OWNER, MEMBER]),
)
def test_every_allowed_role_change_keeps_an_owner(roles, index, new):
    if OWNER not in roles:
        roles = [OWNER, *roles]
    index %= len(roles)
    if role_change_problem(roles[index], new, roles.count(OWNER)) is None:
        roles[index] = new
        assert OWNER in roles
