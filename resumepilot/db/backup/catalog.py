"""What a backup records about a database, and what a restore checks: tables, row counts,
checksums, roles, other sessions. All of it SQL over one psycopg connection."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from psycopg import Connection, sql
from psycopg.rows import tuple_row

# Row text depends on these; fixing them makes a checksum comparable across servers.
CHECKSUM_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
    # Count every row; a policy that would hide some makes the query fail instead of lying.
    "row_security": "off",
    # A backup runs as long as it needs to.
    "statement_timeout": "0",
    "idle_in_transaction_session_timeout": "0",
}

_TABLES = """
SELECT n.nspname AS schema, c.relname AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
-- A partitioned table is summarised whole, through its parent, not partition by partition:
-- the months it is cut into change as time passes, its rows do not.
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  -- an extension's own tables are recreated by the extension, not dumped
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
"""

# Roles named in the database's privileges and policies: cluster-wide, so not in the dump.
_ROLES = """
WITH named AS (
  SELECT (aclexplode(relacl)).grantee AS role FROM pg_class WHERE relacl IS NOT NULL
  UNION SELECT (aclexplode(nspacl)).grantee FROM pg_namespace WHERE nspacl IS NOT NULL
  UNION SELECT (aclexplode(proacl)).grantee FROM pg_proc WHERE proacl IS NOT NULL
  UNION SELECT (aclexplode(typacl)).grantee FROM pg_type WHERE typacl IS NOT NULL
  UNION SELECT (aclexplode(defaclacl)).grantee FROM pg_default_acl
  UNION SELECT unnest(polroles) FROM pg_policy
)
SELECT r.rolname AS name, r.rolinherit AS inherit, r.rolbypassrls AS bypass_rls,
       EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles me ON me.oid = m.member
               WHERE m.roleid = r.oid AND me.rolname = current_user) AS granted_to_owner
FROM pg_roles r JOIN named ON named.role = r.oid
WHERE r.rolname NOT LIKE 'pg\\_%' AND r.rolname <> current_user AND NOT r.rolsuper
ORDER BY 1
"""


@dataclass(frozen=True)
class TableSummary:
    schema: str
    name: str
    rows: int
    checksum: str

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class RoleSummary:
    name: str
    inherit: bool
    bypass_rls: bool
    granted_to_owner: bool


def prepare_session(conn: Connection[Any]) -> None:
    for name, value in CHECKSUM_SETTINGS.items():
        _run(conn, "SELECT set_config(%s, %s, false)", [name, value])


def server_version(conn: Connection[Any]) -> str:
    row = _run(conn, "SELECT current_setting('server_version')").fetchone()
    assert row is not None
    return str(row[0]).split()[0]  # "18.1 (Debian 18.1-1)" -> "18.1"


def list_tables(conn: Connection[Any]) -> list[tuple[str, str]]:
    return [(str(schema), str(name)) for schema, name in _run(conn, _TABLES).fetchall()]


def list_roles(conn: Connection[Any]) -> list[RoleSummary]:
    return [
        RoleSummary(str(n), bool(i), bool(b), bool(g))
        for n, i, b, g in _run(conn, _ROLES).fetchall()
    ]


def summarize_table(conn: Connection[Any], schema: str, name: str) -> TableSummary:
    """Row count and an order-independent checksum of every row's text, in one scan.

    Each row's md5 is split into two 64-bit numbers that are summed: no sort, constant memory,
    and a row changed, added or lost changes the sums.
    """
    query = sql.SQL(
        "SELECT count(*),"
        " coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text,"
        " coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text"
        " FROM (SELECT md5(t::text) AS h FROM {} AS t) AS hashed"
    ).format(sql.Identifier(schema, name))
    row = _run(conn, query).fetchone()
    assert row is not None
    rows, high, low = row
    checksum = hashlib.sha256(f"{high}:{low}".encode()).hexdigest()[:32]
    return TableSummary(schema, name, int(rows), checksum)


def other_sessions(conn: Connection[Any]) -> int:
    """Other connections of our own role to this database: a running ResumePilot."""
    row = _run(
        conn,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND usename = current_user AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'",
    ).fetchone()
    assert row is not None
    return int(row[0])


def existing_tables(conn: Connection[Any]) -> int:
    """Tables outside the system schemas: zero for a database nothing was put in yet."""
    row = _run(
        conn,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg\\_%'",
    ).fetchone()
    assert row is not None
    return int(row[0])


def detach_partitions(conn: Connection[Any]) -> list[tuple[str, str]]:
    """Detaches every partition from its table, in one transaction; returns them.

    pg_restore --clean drops a partition's inherited primary key and indexes one by one, which
    PostgreSQL refuses while the partition is attached; once detached they drop like any
    other table's. The rows stay in the detached tables until pg_restore replaces them.
    """
    partitions = _run(
        conn,
        "SELECT n.nspname, c.relname, format('%I.%I', pn.nspname, p.relname)"
        " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
        " WHERE c.relispartition AND c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%'",
    ).fetchall()
    with conn.transaction():
        for schema, name, parent in partitions:
            _run(
                conn,
                sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(
                    sql.SQL(parent), sql.Identifier(schema, name)
                ),
            )
            # Its copies of the parent's foreign keys: pg_restore does not know them, and they
            # would stop it dropping the tables they point to.
            keys = _run(
                conn,
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass",
                [sql.Identifier(schema, name).as_string(conn)],
            ).fetchall()
            for (key,) in keys:
                _run(
                    conn,
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                        sql.Identifier(schema, name), sql.Identifier(key)
                    ),
                )
    return [(str(schema), str(name)) for schema, name, _ in partitions]


def drop_unattached(conn: Connection[Any], tables: list[tuple[str, str]]) -> list[str]:
    """Drops those of `tables` that are not partitions (any more): the months a restore did not
    bring back, which would otherwise stand in the way of a partition of the same name."""
    dropped = []
    with conn.transaction():
        for schema, name in tables:
            row = _run(
                conn,
                "SELECT c.relispartition FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s",
                [schema, name],
            ).fetchone()
            if row is not None and not row[0]:
                _run(conn, sql.SQL("DROP TABLE {}").format(sql.Identifier(schema, name)))
                dropped.append(f"{schema}.{name}")
    return dropped


def create_missing_roles(conn: Connection[Any], roles: list[RoleSummary]) -> list[str]:
    """Creates the roles the dump's privileges name (NOLOGIN); returns the ones created."""
    created = []
    for role in roles:
        exists = _run(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role.name]).fetchone()
        if exists is None:
            options = sql.SQL(" ").join(
                sql.SQL(o)
                for o in (
                    "NOLOGIN",
                    "INHERIT" if role.inherit else "NOINHERIT",
                    "BYPASSRLS" if role.bypass_rls else "NOBYPASSRLS",
                )
            )
            _run(conn, sql.SQL("CREATE ROLE {} {}").format(sql.Identifier(role.name), options))
            created.append(role.name)
        member = _run(
            conn, "SELECT pg_has_role(current_user, %s, 'MEMBER')", [role.name]
        ).fetchone()
        if role.granted_to_owner and member is not None and not member[0]:
            _run(conn, sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(role.name)))
    return created


def _run(conn: Connection[Any], query: Any, params: Any = None) -> Any:
    """Executes with tuple rows, whatever row factory the caller's connection uses."""
    return conn.cursor(row_factory=tuple_row).execute(query, params)
