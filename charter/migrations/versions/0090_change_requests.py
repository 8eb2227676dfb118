"""change requests with a deadline and a thread; the contact of a client link

Revision ID: 0090
Revises: 0051
Create Date: 2026-12-07 09:00:00

A request for changes used to be an audit event only; it becomes a row the company sees in its
space (change_request: reason, deadline, status, last reminder step) with the messages
exchanged about it (change_request_message). A client link remembers the SME member who made
it (client_link.contact_id), the provider's contact at its client. The signing form's step-1
answers wait in signing_draft so that the review page is reached by a redirect.
"""
from alembic import op
import sqlalchemy as sa

import charter.db  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0090'
down_revision = "0110"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'change_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=False),
        sa.Column('status', sa.Enum('open', 'answered', 'closed', name='changerequeststatus', native_enum=False, length=32), nullable=False),
        sa.Column('done_at', charter.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_at', charter.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.Column('reminded_days', sa.Integer(), nullable=True),
        sa.Column('created_at', charter.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('change_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_request_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_request_status'), ['status'], unique=False)

    op.create_table(
        'change_request_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('side', sa.String(length=10), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('done', sa.Boolean(), nullable=False),
        sa.Column('created_at', charter.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['change_request.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('change_request_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_request_message_request_id'), ['request_id'], unique=False)

    op.create_table(
        'signing_draft',
        sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('charter_hash', sa.String(length=64), nullable=False),
        sa.Column('signer_name', sa.String(length=120), nullable=False),
        sa.Column('signer_role', sa.String(length=120), nullable=False),
        sa.Column('created_at', charter.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )

    with op.batch_alter_table('client_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_client_link_contact_id_user_account', 'user_account', ['contact_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('client_link', schema=None) as batch_op:
        batch_op.drop_constraint('fk_client_link_contact_id_user_account', type_='foreignkey')
        batch_op.drop_column('contact_id')
    op.drop_table('signing_draft')
    with op.batch_alter_table('change_request_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_request_message_request_id'))
    op.drop_table('change_request_message')
    with op.batch_alter_table('change_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_request_status'))
        batch_op.drop_index(batch_op.f('ix_change_request_organization_id'))
    op.drop_table('change_request')
