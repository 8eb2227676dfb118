"""Print the URL of a reachable local PostgreSQL test database, or nothing.

Used by ``make test`` to decide whether to run the PostgreSQL leg when TEST_DATABASE_URL is
not set: the development and CI machines' server listens on 127.0.0.1:5432 with trust auth.
"""

from __future__ import annotations

import psycopg

CANDIDATE = "postgresql://postgres@127.0.0.1:5432/test"

if __name__ == "__main__":
    try:
        with psycopg.connect(CANDIDATE, connect_timeout=2) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error:
        pass
    else:
        print(CANDIDATE)
