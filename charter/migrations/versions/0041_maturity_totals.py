"""maturity totals: count, sum and sum of squares per department and per theme, kept

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-07 06:45:00.000000

Filled from the SMEs' latest rows (latest_assessment, latest_theme_score) by two aggregate
statements; afterwards each submission moves them (charter.services.maturity).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('maturity_total',
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('item', sa.String(length=80), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('total', sa.Double(), nullable=False),
    sa.Column('squares', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key', 'item', name=op.f('pk_maturity_total'))
    )
    op.execute(
        "INSERT INTO maturity_total (scope, key, item, n, total, squares) "
        "SELECT 'department', department, '', count(*), sum(\"index\"), sum(\"index\" * \"index\") "
        "FROM latest_assessment WHERE audience = 'sme' AND \"index\" IS NOT NULL "
        "GROUP BY department"
    )
    op.execute(
        "INSERT INTO maturity_total (scope, key, item, n, total, squares) "
        "SELECT 'theme', questionnaire_slug, theme_id, count(*), sum(score), sum(score * score) "
        "FROM latest_theme_score GROUP BY questionnaire_slug, theme_id"
    )


def downgrade():
    op.drop_table('maturity_total')
