"""organisation members: owner or member role, and invitations of colleagues

Revision ID: 0100
Revises: 0051
Create Date: 2026-12-07 09:00:00

Every account of an organisation gets a role. The person who registered each organisation
(its earliest account, the lowest id on a tie) becomes its owner (« responsable »); any other
account of the organisation is a member. Invitations of colleagues get their own table.
"""
from alembic import op
import sqlalchemy as sa

import charter.db


# revision identifiers, used by Alembic.
revision = '0100'
down_revision = "0090"
branch_labels = None
depends_on = None

user_account = sa.table(
    'user_account',
    sa.column('id', sa.Integer),
    sa.column('organization_id', sa.Integer),
    sa.column('created_at', sa.DateTime),
    sa.column('organization_role', sa.String),
)


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organization_role', sa.Enum('owner', 'member', name='organizationrole', native_enum=False, create_constraint=False, length=32), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(user_account.c.id, user_account.c.organization_id)
        .where(user_account.c.organization_id.is_not(None))
        .order_by(user_account.c.organization_id, user_account.c.created_at, user_account.c.id)
    ).all()
    owners: list[int] = []
    members: list[int] = []
    seen = set()
    for user_id, organization_id in rows:
        (members if organization_id in seen else owners).append(user_id)
        seen.add(organization_id)
    for role, ids in (('owner', owners), ('member', members)):
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            op.execute(
                user_account.update()
                .where(user_account.c.id.in_(chunk))
                .values(organization_role=role)
            )

    op.create_table('member_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.Enum('owner', 'member', name='organizationrole', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', charter.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', charter.db.UTCDateTime(), nullable=False),
    sa.Column('last_sent_at', charter.db.UTCDateTime(), nullable=False),
    sa.Column('send_count', sa.Integer(), nullable=False),
    sa.Column('accepted_at', charter.db.UTCDateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', charter.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user_account.id'], name=op.f('fk_member_invitation_accepted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_member_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_member_invitation_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_member_invitation_token_hash'))
    )
    op.create_index('ix_member_invitation_org_email', 'member_invitation', ['organization_id', 'email'], unique=False)


def downgrade():
    op.drop_index('ix_member_invitation_org_email', table_name='member_invitation')
    op.drop_table('member_invitation')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('organization_role')
