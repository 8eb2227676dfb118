"""anonymous quick diagnosis

Revision ID: 0080
Revises: 0100
Create Date: 2026-12-07 09:00:00

A diagnosis may be filled without an account: it has no organisation until the visitor keeps
it, and is found through the SHA-256 of a random token held by the visitor's session.
Downgrading deletes the anonymous diagnoses (nothing else can own them).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0080'
down_revision = '0100'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymous_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_assessment_anonymous_token_hash'), ['anonymous_token_hash']
        )
        batch_op.alter_column('organization_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute('DELETE FROM assessment WHERE organization_id IS NULL')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.alter_column('organization_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(
            batch_op.f('uq_assessment_anonymous_token_hash'), type_='unique'
        )
        batch_op.drop_column('anonymous_token_hash')
