"""The outbox: e-mails written in the transaction of the change that causes them

Revision ID: 0070
Revises: 0009
Create Date: 2026-12-07 06:30:00

``charter send-mail`` delivers the rows (issue 22): an outage of the mail server delays mail
instead of failing the request that caused it.
"""
from alembic import op
import sqlalchemy as sa

import charter.db


# revision identifiers, used by Alembic.
revision = '0070'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outgoing_mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template', sa.String(length=80), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('message', sa.LargeBinary(), nullable=True),
        sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', name='mailstatus',
                                    native_enum=False, create_constraint=False, length=32),
                  nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', charter.db.UTCDateTime(), nullable=False),
        sa.Column('next_attempt_at', charter.db.UTCDateTime(), nullable=False),
        sa.Column('claimed_at', charter.db.UTCDateTime(), nullable=True),
        sa.Column('claim', sa.String(length=32), nullable=True),
        sa.Column('sent_at', charter.db.UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail')),
    )
    op.create_index('ix_outgoing_mail_due', 'outgoing_mail', ['status', 'next_attempt_at'])


def downgrade():
    op.drop_index('ix_outgoing_mail_due', table_name='outgoing_mail')
    op.drop_table('outgoing_mail')
