"""action plan tracking and follow-up reminders

Revision ID: 0050
Revises: 0042
Create Date: 2026-12-07 06:20:00

Per organisation and measure, the status of the action plan (plan_action); the follow-up mails
claimed per diagnosis and milestone (follow_up_reminder); the opt-out of those mails; and, for
a re-assessment, the diagnosis it started from and which copied answers are not reviewed yet.
"""
from alembic import op
import sqlalchemy as sa

import charter.db  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0050'
down_revision = '0042'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plan_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('measure_id', sa.String(length=80), nullable=False),
        sa.Column('state', sa.Enum('todo', 'doing', 'done', 'dismissed', name='actionstate', native_enum=False, length=32), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('owner', sa.String(length=120), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('state_changed_at', charter.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', charter.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('organization_id', 'measure_id'),
    )
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_action_organization_id'), ['organization_id'], unique=False)

    op.create_table(
        'follow_up_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('sent_at', charter.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assessment_id', 'months'),
    )
    with op.batch_alter_table('follow_up_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_reminder_assessment_id'), ['assessment_id'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_emails', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_over', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('based_on_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_assessment_based_on_id_assessment', 'assessment', ['based_on_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint('fk_assessment_based_on_id_assessment', type_='foreignkey')
        batch_op.drop_column('based_on_id')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('carried_over')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('follow_up_emails')
    with op.batch_alter_table('follow_up_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_reminder_assessment_id'))
    op.drop_table('follow_up_reminder')
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_action_organization_id'))
    op.drop_table('plan_action')
