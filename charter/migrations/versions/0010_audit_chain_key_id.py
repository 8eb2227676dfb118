"""audit chain sealed with a key held outside the database

Revision ID: 0010
Revises: 0070
Create Date: 2026-12-07 06:30:00

Each event's hash becomes an HMAC with a key derived from CHARTER_AUDIT_KEY (or SECRET_KEY),
and ``key_id`` says which key (charter/services/audit.py). The events already written are
checked under the old rule (plain SHA-256), then sealed again under the new one, in order.
A chain already broken is sealed as it is, and the migration says so: the old chain could be
recomputed by anyone, so it proved nothing more. Runs under ``flask db upgrade``, whose
application context gives the configuration; downgrading goes back to plain SHA-256.
"""
import logging

from alembic import op
import sqlalchemy as sa

import charter.db

from charter.services.audit import GENESIS_HASH, compute_hash, current_key


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0070'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

events = sa.table(
    'audit_event',
    sa.column('id', sa.Integer),
    sa.column('created_at', charter.db.UTCDateTime),
    sa.column('actor_id', sa.Integer),
    sa.column('action', sa.String),
    sa.column('target_type', sa.String),
    sa.column('target_id', sa.String),
    sa.column('details_digest', sa.String),
    sa.column('prev_hash', sa.String),
    sa.column('hash', sa.String),
    sa.column('key_id', sa.String),
)


class _Event:
    """A row with what compute_hash reads, linked to ``prev_hash`` and sealed with ``key_id``."""

    def __init__(self, row, prev_hash, key_id):
        self.__dict__.update(row._mapping)
        self.prev_hash = prev_hash
        self.key_id = key_id


def _reseal(key_id, key):
    connection = op.get_bind()
    rows = connection.execute(sa.select(events).order_by(events.c.id)).all()
    previous = GENESIS_HASH
    old_previous = GENESIS_HASH
    broken = None
    for row in rows:
        old = _Event(row, row.prev_hash, None)
        if broken is None and (row.prev_hash != old_previous or compute_hash(old) != row.hash):
            broken = row.id
        old_previous = row.hash
        new = _Event(row, previous, key_id)
        previous = compute_hash(new, key)
        connection.execute(
            events.update()
            .where(events.c.id == row.id)
            .values(prev_hash=new.prev_hash, hash=previous, key_id=key_id)
        )
    if broken is not None:
        log.warning("audit chain was already broken at event %s before being sealed", broken)


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=True))
    _reseal(*current_key())


def downgrade():
    _reseal(None, None)
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('key_id')
