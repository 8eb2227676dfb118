"""Rules about the people of an organisation: there is always an owner (« responsable »).

Pure logic, no Flask and no database: the services count the active people and owners and
ask here whether a departure or a change of role is allowed. Each function answers None when
the change is allowed, else a short reason code that the pages turn into a French message.
"""

from __future__ import annotations

OWNER = "owner"
MEMBER = "member"
ROLES = (OWNER, MEMBER)


def departure_problem(role: str | None, owners: int, people: int, *, deleting: bool) -> str | None:
    """Why a person may not leave the organisation (or delete their account), or None.

    ``owners`` and ``people`` count the active owners and active people, this person included.
    The last owner of an organisation that has other people must first hand over ownership.
    Leaving (not deleting) an organisation one is alone in would lock it out: refused too.
    """
    if people <= 1:
        return None if deleting else "alone"
    if role == OWNER and owners <= 1:
        return "last_owner"
    return None


def role_change_problem(current: str | None, new: str, owners: int) -> str | None:
    """Why a person's role may not become ``new``, or None.

    ``owners`` counts the active owners now. Demoting the only owner is refused.
    """
    if new not in ROLES:
        return "unknown_role"
    if current == new:
        return "unchanged"
    if current == OWNER and owners <= 1:
        return "last_owner"
    return None


def removal_problem(actor_id: int, target_id: int) -> str | None:
    """Why an owner may not remove this person, or None (to go, one leaves instead).

    An owner may remove any other person, another owner included: the actor stays an owner,
    so the organisation keeps one.
    """
    if actor_id == target_id:
        return "self"
    return None
