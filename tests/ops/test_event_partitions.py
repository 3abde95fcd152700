"""Migration 0018 turns system_events into a table partitioned by month: the rows already
there, the indexes, the row-level security and the grants all survive the conversion."""

from __future__ import annotations

import json
import uuid

import psycopg
from yoyo import get_backend, read_migrations

from resumepilot.db.migrate import MIGRATIONS_DIR, _yoyo_url, apply_migrations
from tests.ops.backup_support import create_database, drop_database

PARTITIONING = "0018_system_events_partitions"


def _migrate_until_partitioning(url: str) -> None:
    backend = get_backend(_yoyo_url(url))
    try:
        migrations = read_migrations(str(MIGRATIONS_DIR))
        earlier = migrations.filter(lambda m: m.id < PARTITIONING)
        with backend.lock():
            backend.apply_migrations(backend.to_apply(earlier))
    finally:
        backend.connection.close()


def _as_user(conn: psycopg.Connection, user_id: uuid.UUID) -> None:
    conn.execute("SET LOCAL ROLE authenticated")
    conn.execute(
        "SELECT set_config('request.jwt.claims', %s, true)",
        [json.dumps({"sub": str(user_id), "role": "authenticated"})],
    )


def test_the_conversion_keeps_rows_indexes_policies_and_grants(pg_server_url: str) -> None:
    url = create_database(pg_server_url, "partition", migrate=False)
    try:
        _migrate_until_partitioning(url)
        with psycopg.connect(url, autocommit=True) as conn:
            ada = conn.execute(
                "INSERT INTO auth.users (email) VALUES ('ada@example.com') RETURNING id"
            ).fetchone()[0]
            zoe = conn.execute(
                "INSERT INTO auth.users (email) VALUES ('zoe@example.com') RETURNING id"
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO system_events (event_type, user_id, created_at) VALUES"
                " ('auth.login', %s, now() - interval '5 months'),"
                " ('auth.login', %s, now()), ('auth.login', %s, now())",
                [ada, ada, zoe],
            )
            before = conn.execute(
                "SELECT array_agg(id::text || created_at::text ORDER BY id) FROM system_events"
            ).fetchone()[0]

        apply_migrations(url)

        with psycopg.connect(url) as conn:
            kind = conn.execute(
                "SELECT relkind FROM pg_class WHERE oid = 'public.system_events'::regclass"
            ).fetchone()[0]
            assert kind == "p"
            after = conn.execute(
                "SELECT array_agg(id::text || created_at::text ORDER BY id) FROM system_events"
            ).fetchone()[0]
            assert after == before
            months = conn.execute("SELECT count(*) FROM system_events_partitions()").fetchone()[0]
            assert months >= 8  # five months back, this one and two ahead
            assert conn.execute("SELECT count(*) FROM system_events_default").fetchone() == (
                0,
            )  # every old row found its month
            indexes = {
                r[0]
                for r in conn.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'system_events'"
                )
            }
            assert {
                "idx_system_events_event_type",
                "idx_system_events_created_at",
                "idx_system_events_user_id",
            } <= indexes
            grants = {
                (r[0], r[1])
                for r in conn.execute(
                    "SELECT grantee, privilege_type FROM information_schema.role_table_grants"
                    " WHERE table_name = 'system_events'"
                )
            }
            assert ("authenticated", "SELECT") in grants
            assert ("authenticated", "INSERT") not in grants
            assert ("service_role", "DELETE") in grants

            # A user sees their own events through the table, and nothing in a partition.
            _as_user(conn, ada)
            mine = conn.execute("SELECT count(*) FROM system_events").fetchone()[0]
            assert mine == 2
            this_month = conn.execute(
                "SELECT system_events_partition_name(current_date)"
            ).fetchone()[0]
            try:
                conn.execute(f"SELECT count(*) FROM {this_month}")
                raise AssertionError("a partition was readable directly")
            except psycopg.errors.InsufficientPrivilege:
                pass
            conn.rollback()

            # Deleting a user still empties user_id in every month (the foreign key survived).
            conn.execute("DELETE FROM auth.users WHERE id = %s", [ada])
            left = conn.execute(
                "SELECT count(*) FROM system_events WHERE user_id = %s", [ada]
            ).fetchone()[0]
            assert left == 0
            assert conn.execute("SELECT count(*) FROM system_events").fetchone()[0] == 3
    finally:
        drop_database(pg_server_url, url)
