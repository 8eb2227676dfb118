#!/usr/bin/env bash
# The whole suite, on SQLite and on PostgreSQL, the two legs side by side (make test calls it).
#
# Each leg is one Python process that mostly keeps one core busy; the machines have two, so the
# legs run at once and the wall time is about that of the longer one instead of their sum. The
# PostgreSQL leg writes to a log that is printed after the SQLite leg's report. The legs use
# different Redis databases, since a test empties its own: the PostgreSQL leg takes the one below
# TEST_REDIS_URL's (14 for the default 15), so that two checkouts given different odd databases
# can run their suites at once.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/python -m pytest)

url="${TEST_DATABASE_URL:-$(.venv/bin/python -m tests.postgres_probe)}"
redis="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
redis_db="${redis##*/}"
[[ "$redis_db" =~ ^[0-9]+$ ]] && [ "$redis_db" -ge 1 ] || { echo "TEST_REDIS_URL must end with a database number >= 1"; exit 2; }
redis_postgres="${redis%/*}/$((redis_db - 1))"
pg_status=0
if [ -n "$url" ]; then
  log="$(mktemp -t charter-postgres-leg.XXXXXX)"
  echo "PostgreSQL leg on $url: running beside the SQLite leg, its report follows"
  CHARTER_TEST_LEGS=both CHARTER_TEST_BACKEND=postgresql TEST_DATABASE_URL="$url" \
    TEST_REDIS_URL="$redis_postgres" \
    "${PYTEST[@]}" -q -p no:cacheprovider -m "not browser and not sqlite" >"$log" 2>&1 &
  pg_pid=$!
elif [ -n "${REQUIRE_POSTGRES:-}" ]; then
  echo "REQUIRE_POSTGRES is set but no PostgreSQL answers"; exit 1
else
  echo "PostgreSQL leg skipped: no TEST_DATABASE_URL and no local server on 127.0.0.1:5432"
fi

echo "SQLite leg"
legs=""; [ -n "$url" ] && legs=both
CHARTER_TEST_LEGS="$legs" TEST_REDIS_URL="$redis" "${PYTEST[@]}" -q "$@"
sqlite_status=$?

if [ -n "$url" ]; then
  wait "$pg_pid"; pg_status=$?
  echo; echo "PostgreSQL leg on $url"
  cat "$log"; rm -f "$log"
fi
echo
echo "SQLite leg: exit $sqlite_status; PostgreSQL leg: exit $pg_status"
[ "$sqlite_status" -eq 0 ] && [ "$pg_status" -eq 0 ]
