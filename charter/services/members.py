"""The people of an organisation: listing, changing roles, removing, handing over, leaving.

Owners (« responsables ») manage the people; members (« membres ») see and fill everything
else of their organisation. :mod:`charter.core.members` holds the rules that keep at least one
active owner; each change here checks them inside its transaction and records an audit event.

Who calls this: the ``team`` blueprint (the actor is the logged-in person, whose
organisation is the only one acted upon), the account deletion, tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.core import members as rules
from charter.db import write_transaction
from charter.models import OrganizationRole, User
from charter.services import audit


class MemberProblem(Exception):
    """A change the rules refuse; ``code`` comes from :mod:`charter.core.members`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def has_active_owner(session: Session, organization_id: int) -> bool:
    """Whether the organisation has at least one active owner (« responsable »)."""
    return (
        session.scalar(
            select(User.id)
            .where(
                User.organization_id == organization_id,
                User.organization_role == OrganizationRole.OWNER,
                User.active.is_(True),
            )
            .limit(1)
        )
        is not None
    )


def people_of(session: Session, organization_id: int) -> list[User]:
    """The active people of an organisation, owners first, then by name."""
    return list(
        session.scalars(
            select(User)
            .where(User.organization_id == organization_id, User.active.is_(True))
            .order_by(User.organization_role.desc(), User.full_name, User.id)
        )
    )


def names_of(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """The names of these accounts (who saved an answer, changed a plan status...)."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return dict(rows.all())


def counts(session: Session, organization_id: int) -> tuple[int, int]:
    """(active owners, active people) of an organisation."""
    owners, people = session.execute(
        select(
            func.count().filter(User.organization_role == OrganizationRole.OWNER),
            func.count(),
        ).where(User.organization_id == organization_id, User.active.is_(True))
    ).one()
    return int(owners or 0), int(people or 0)


def colleague(session: Session, organization_id: int, user_id: int) -> User | None:
    """An active person of this organisation, or None (another organisation's person does not
    exist for the caller)."""
    user = session.get(User, user_id)
    if user is None or not user.active or user.organization_id != organization_id:
        return None
    return user


def departure_problem(session: Session, user: User, *, deleting: bool) -> str | None:
    """Why ``user`` may not leave their organisation (or delete their account), or None."""
    if user.organization_id is None:
        return None
    owners, people = counts(session, user.organization_id)
    role = user.organization_role.value if user.organization_role else None
    return rules.departure_problem(role, owners, people, deleting=deleting)


def owner_actor(session: Session, actor_id: int) -> User:
    """The acting owner, inside the caller's transaction; MemberProblem if not an owner."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.active or not actor.is_owner:
        raise MemberProblem("not_owner")
    return actor


def change_role(session: Session, *, actor_id: int, user_id: int, role: str) -> User:
    """Make a colleague owner or member (owners only). Raises :class:`MemberProblem`, or
    LookupError for a person outside the actor's organisation."""
    with write_transaction(session):
        actor = owner_actor(session, actor_id)
        assert actor.organization_id is not None
        target = colleague(session, actor.organization_id, user_id)
        if target is None:
            raise LookupError(user_id)
        owners, _people = counts(session, actor.organization_id)
        current = target.organization_role.value if target.organization_role else None
        problem = rules.role_change_problem(current, role, owners)
        if problem is not None:
            raise MemberProblem(problem)
        target.organization_role = OrganizationRole(role)
        audit.record(
            session,
            "member.role_changed",
            actor_id=actor.id,
            target_type="user",
            target_id=target.id,
            details={"organization_id": actor.organization_id, "from": current, "to": role},
        )
    return target


def _owner_and_other(session: Session, actor_id: int, user_id: int) -> tuple[User, User]:
    """The acting owner and a colleague they may hand over to or remove, inside the caller's
    transaction: MemberProblem (not an owner, or themself), LookupError (not a colleague)."""
    actor = owner_actor(session, actor_id)
    assert actor.organization_id is not None
    target = colleague(session, actor.organization_id, user_id)
    if target is None:
        raise LookupError(user_id)
    problem = rules.removal_problem(actor.id, target.id)
    if problem is not None:
        raise MemberProblem(problem)
    return actor, target


def transfer_ownership(session: Session, *, actor_id: int, user_id: int) -> User:
    """Hand over: the colleague becomes owner, the actor becomes a member (owners only)."""
    with write_transaction(session):
        actor, target = _owner_and_other(session, actor_id, user_id)
        target.organization_role = OrganizationRole.OWNER
        actor.organization_role = OrganizationRole.MEMBER
        audit.record(
            session,
            "member.ownership_transferred",
            actor_id=actor.id,
            target_type="user",
            target_id=target.id,
            details={"organization_id": actor.organization_id},
        )
    return target


def remove(session: Session, *, actor_id: int, user_id: int) -> User:
    """Take a colleague out of the organisation (owners only). Their account stays, without
    an organisation: an owner may invite them again later."""
    with write_transaction(session):
        actor, target = _owner_and_other(session, actor_id, user_id)
        organization_id = target.organization_id
        role = target.organization_role.value if target.organization_role else None
        target.organization_id = None
        target.organization_role = None
        audit.record(
            session,
            "member.removed",
            actor_id=actor.id,
            target_type="user",
            target_id=target.id,
            details={"organization_id": organization_id, "role": role},
        )
    return target


def leave(session: Session, *, actor_id: int) -> None:
    """Leave one's organisation; the last owner must hand over first. The account stays."""
    with write_transaction(session):
        actor = session.get(User, actor_id)
        if actor is None or actor.organization_id is None:
            raise MemberProblem("no_organization")
        problem = departure_problem(session, actor, deleting=False)
        if problem is not None:
            raise MemberProblem(problem)
        organization_id = actor.organization_id
        actor.organization_id = None
        actor.organization_role = None
        audit.record(
            session,
            "member.left",
            actor_id=actor.id,
            target_type="user",
            target_id=actor.id,
            details={"organization_id": organization_id},
        )
