"""TOTP secrets sealed at rest

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 01:40:00

The seeds stored in clear until now are sealed with the key derived from SECRET_KEY
(charter/sealing.py); downgrading opens them again. Runs under ``flask db upgrade``, whose
application context gives the configuration.
"""
from alembic import op
import sqlalchemy as sa

import charter.db
from charter.sealing import seal, unseal


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

users = sa.table('user_account', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))


def _rewrite(change):
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))
    ).all()
    for user_id, value in rows:
        connection.execute(
            users.update().where(users.c.id == user_id).values(totp_secret=change(value))
        )


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.String(length=64),
               type_=charter.db.SealedString(),
               existing_nullable=True)
    _rewrite(seal)


def downgrade():
    _rewrite(unseal)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=charter.db.SealedString(),
               type_=sa.String(length=64),
               existing_nullable=True)
