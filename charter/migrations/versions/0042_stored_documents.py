"""stored documents: diagnosis reports and certificates built once, with their stamp

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-07 07:00:00.000000

Empty at first: each document is stored at its first download (charter.services.documents).
"""
from alembic import op
import sqlalchemy as sa

import charter.db  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('signature_id', sa.Integer(), nullable=True),
    sa.Column('stamp', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('built_at', charter.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_stored_document_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signature_id'], ['signature.id'], name=op.f('fk_stored_document_signature_id_signature'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_document')),
    sa.UniqueConstraint('assessment_id', name=op.f('uq_stored_document_assessment_id')),
    sa.UniqueConstraint('signature_id', name=op.f('uq_stored_document_signature_id'))
    )


def downgrade():
    op.drop_table('stored_document')
