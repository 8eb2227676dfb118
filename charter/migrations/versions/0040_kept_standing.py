"""kept standing: one row per signatory with its verdict, reasons and facts

Revision ID: 0040
Revises: 0010
Create Date: 2026-12-07 06:30:00.000000

The rows are derived (charter.services.kept_standing): the upgrade computes them once from the
facts, under ``flask db upgrade``'s application context; afterwards every event that changes a
fact keeps them, and ``flask charter refresh-standing`` (daily) recomputes them.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session

import charter.db  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signatory_standing',
    sa.Column('organization_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('folded_name', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.Column('siret', sa.String(length=14).with_variant(sa.String(length=14, collation='C'), 'postgresql'), nullable=False),
    sa.Column('department', sa.String(length=3), nullable=False),
    sa.Column('services_json', sa.Text(), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('folded_text', sa.String(length=320), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_rank', sa.Integer(), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=True),
    sa.Column('charter_label', sa.String(length=20), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('validated_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('certificate_number', sa.String(length=30), nullable=True),
    sa.Column('renewal_pending', sa.Boolean(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('index', sa.Double(), nullable=True),
    sa.Column('failed_essential', sa.Boolean(), nullable=False),
    sa.Column('accompanied', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('verdict_rank', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('computed_on', sa.Date(), nullable=False),
    sa.Column('computed_at', charter.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_signatory_standing_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organization_id', name=op.f('pk_signatory_standing'))
    )
    with op.batch_alter_table('signatory_standing', schema=None) as batch_op:
        batch_op.create_index('ix_signatory_standing_computed_on', ['computed_on'], unique=False)
        batch_op.create_index('ix_signatory_standing_department', ['department', 'verdict_rank', 'folded_name', 'siret'], unique=False)
        batch_op.create_index('ix_signatory_standing_listed', ['listed', 'department', 'folded_name', 'siret'], unique=False)
        batch_op.create_index('ix_signatory_standing_listed_name', ['listed', 'folded_name', 'siret'], unique=False)
        batch_op.create_index('ix_signatory_standing_name', ['folded_name', 'siret'], unique=False)
        batch_op.create_index('ix_signatory_standing_verdict', ['verdict_rank', 'folded_name', 'siret'], unique=False)
    _backfill()


def _backfill():
    """Compute every provider's standing once (nothing to do on an empty database)."""
    connection = op.get_bind()
    providers = connection.execute(sa.text("SELECT count(*) FROM organization")).scalar()
    if not providers:
        return
    from charter.services import kept_standing

    session = Session(bind=connection)
    kept_standing.refresh(session)
    session.flush()


def downgrade():
    with op.batch_alter_table('signatory_standing', schema=None) as batch_op:
        batch_op.drop_index('ix_signatory_standing_verdict')
        batch_op.drop_index('ix_signatory_standing_name')
        batch_op.drop_index('ix_signatory_standing_listed_name')
        batch_op.drop_index('ix_signatory_standing_listed')
        batch_op.drop_index('ix_signatory_standing_department')
        batch_op.drop_index('ix_signatory_standing_computed_on')
    op.drop_table('signatory_standing')
