"""The Region imports its paper signatories; their contacts claim the imported companies

Revision ID: 0110
Revises: 0051
Create Date: 2026-12-07 09:10:00

Issue 20 §2: ``signatory_import`` keeps an uploaded file until the officer confirms it, then
the import's record; ``claim_invitation`` the single-use links that let an imported company's
contact create its account. A signature imported from paper has no signer account
(``signer_id`` becomes nullable) and points at its import.
"""
from alembic import op
import sqlalchemy as sa

import charter.db


# revision identifiers, used by Alembic.
revision = '0110'
down_revision = '0051'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signatory_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', charter.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('confirmed_at', charter.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('present_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_signatory_import_uploaded_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatory_import')),
    sa.UniqueConstraint('reference', name=op.f('uq_signatory_import_reference')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_signatory_import_token_hash'))
    )
    with op.batch_alter_table('signatory_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatory_import_file_hash'), ['file_hash'], unique=False)

    op.create_table('claim_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', charter.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', charter.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', charter.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user_account.id'], name=op.f('fk_claim_invitation_accepted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['import_id'], ['signatory_import.id'], name=op.f('fk_claim_invitation_import_id_signatory_import'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_claim_invitation_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_claim_invitation_token_hash'))
    )
    with op.batch_alter_table('claim_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_invitation_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_invitation_organization_id'), ['organization_id'], unique=False)

    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.alter_column('signer_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_signature_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_signature_import_id_signatory_import'), 'signatory_import', ['import_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    # Imported signatures have no signer account: the downgrade cannot keep them.
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_signature_import_id_signatory_import'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_signature_import_id'))
        batch_op.alter_column('signer_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('import_id')

    with op.batch_alter_table('claim_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_invitation_organization_id'))
        batch_op.drop_index(batch_op.f('ix_claim_invitation_import_id'))

    op.drop_table('claim_invitation')
    with op.batch_alter_table('signatory_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatory_import_file_hash'))

    op.drop_table('signatory_import')
