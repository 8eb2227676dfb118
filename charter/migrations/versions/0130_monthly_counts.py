"""monthly counts: signatures and SME diagnoses per month and department, kept

Revision ID: 0130
Revises: 0100
Create Date: 2026-12-07 09:40:00.000000

The dashboard counted twelve months of signatures and diagnoses at each view; the counts are
now kept (charter.services.monthly_counts). The upgrade counts the facts once, under
``flask db upgrade``'s application context (the months are those of the programme's time
zone); afterwards every event that changes them moves them.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0130'
down_revision = "0080"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monthly_count',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('department', sa.String(length=3), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'department', 'month', name=op.f('pk_monthly_count'))
    )
    _backfill()


def _backfill():
    """Count the facts once (nothing to do on an empty database)."""
    connection = op.get_bind()
    if not connection.execute(sa.text("SELECT count(*) FROM organization")).scalar():
        return
    from charter.services import monthly_counts

    session = Session(bind=connection)
    monthly_counts.recount(session)
    session.flush()


def downgrade():
    op.drop_table('monthly_count')
