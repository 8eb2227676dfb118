"""standing computed_at index: the public directory's stamp reads the latest write from an index

Revision ID: 0170
Revises: 0180
Create Date: 2026-12-07 12:25:00.000000

The public directory (its page, its validator, its memoised listing) is stamped by the latest
``computed_at`` and the number of kept standing rows; without an index the maximum scanned the
5,000 wide rows at every view (about 1 ms on SQLite). With it, the maximum is one index probe.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0170'
down_revision = "0180"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_signatory_standing_computed_at', 'signatory_standing', ['computed_at'], unique=False
    )


def downgrade():
    op.drop_index('ix_signatory_standing_computed_at', table_name='signatory_standing')
