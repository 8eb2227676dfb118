"""one referential of sectors and size bands

Revision ID: 0051
Revises: 0050
Create Date: 2026-12-07 06:30:00

Registration and the SME questionnaires used three different lists; the organisations' codes
move to the one referential (charter/referential.py), which is the questionnaires' list.
Downgrading maps the new codes back to the nearest old ones.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0051'
down_revision = '0050'
branch_labels = None
depends_on = None

organization = sa.table(
    'organization', sa.column('sector', sa.String), sa.column('size_band', sa.String)
)

SECTORS = {
    'artisanat-btp': 'artisanat-batiment',
    'sante': 'sante-social',
    'juridique-comptable': 'services-entreprises',
    'hotellerie-restauration': 'hotels-restaurants-tourisme',
    'agriculture': 'agriculture-agroalimentaire',
    'services': 'services-entreprises',
}
SECTORS_BACK = {
    'artisanat-batiment': 'artisanat-btp',
    'sante-social': 'sante',
    'services-entreprises': 'services',
    'hotels-restaurants-tourisme': 'hotellerie-restauration',
    'agriculture-agroalimentaire': 'agriculture',
    'metiers-de-bouche': 'commerce',
    'immobilier-finance': 'services',
    'numerique-communication': 'services',
}


def _rename(column, mapping):
    for old, new in mapping.items():
        op.execute(organization.update().where(column == old).values({column.name: new}))


def upgrade():
    # "250-ou-plus" needs 11 characters
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.alter_column('size_band', existing_type=sa.String(length=10), type_=sa.String(length=20), existing_nullable=True)
    _rename(organization.c.sector, SECTORS)
    _rename(organization.c.size_band, {'250+': '250-ou-plus'})


def downgrade():
    _rename(organization.c.sector, SECTORS_BACK)
    _rename(organization.c.size_band, {'250-ou-plus': '250+'})
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.alter_column('size_band', existing_type=sa.String(length=20), type_=sa.String(length=10), existing_nullable=True)
