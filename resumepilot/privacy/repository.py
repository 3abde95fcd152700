"""All SQL of privacy: finding every row about a user (by the foreign keys that lead to
auth.users, so new tables are covered without a list), exports, and account deletion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from psycopg import sql

from resumepilot.db.types import Conn, Row

# Secrets that never leave the database, even for their owner.
SECRET_COLUMNS = frozenset(
    {"encrypted_password", "token_hash", "csrf_token", "old_token_hash", "new_token_hash"}
)
# Tables reached through foreign keys at most this many steps from auth.users.
MAX_DEPTH = 4
# Audit rows are kept, without the person (issue #13): never deleted with the account.
AUDIT_TABLE = ("public", "system_events")


@dataclass(frozen=True)
class UserTable:
    """A table with rows about a user, and the condition that selects them."""

    schema: str
    name: str
    condition: sql.Composable  # over the table aliased as t, with the %(uid)s parameter
    depth: int

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def ident(self) -> sql.Composable:
        return sql.Identifier(self.schema, self.name)


async def _foreign_keys(conn: Conn) -> list[Row]:
    cur = await conn.execute(
        """
        SELECT cn.nspname AS child_schema, cc.relname AS child, ca.attname AS child_column,
               pn.nspname AS parent_schema, pc.relname AS parent, pa.attname AS parent_column
        FROM pg_constraint c
        JOIN pg_class cc ON cc.oid = c.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
        JOIN pg_class pc ON pc.oid = c.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
          AND cc.relkind IN ('r', 'p') AND NOT cc.relispartition AND cn.nspname NOT LIKE 'pg_%'
        ORDER BY 1, 2, 3
        """
    )
    return await cur.fetchall()


Table = tuple[str, str]
Edge = tuple[str, Table, str]  # (child column, parent table, parent column)


async def user_tables(conn: Conn) -> list[UserTable]:
    """Every table holding rows about a user: auth.users, tables referencing it, and tables
    referencing those (an interview's messages), nearest first."""
    keys = await _foreign_keys(conn)
    users: Table = ("auth", "users")
    edges: dict[Table, list[Edge]] = {}
    depth: dict[Table, int] = {users: 0}
    frontier = {users}
    for level in range(1, MAX_DEPTH + 1):
        reached: set[Table] = set()
        for key in keys:
            parent = (key["parent_schema"], key["parent"])
            child = (key["child_schema"], key["child"])
            if parent not in frontier or child == parent or depth.get(child, level) < level:
                continue
            edges.setdefault(child, []).append((key["child_column"], parent, key["parent_column"]))
            if child not in depth:
                depth[child] = level
                reached.add(child)
        frontier = reached
    return [
        UserTable(table[0], table[1], _condition(table, "t", edges, depth), depth[table])
        for table in sorted(depth, key=lambda t: (depth[t], t))
    ]


def _condition(
    table: Table, alias: str, edges: dict[Table, list[Edge]], depth: dict[Table, int]
) -> sql.Composable:
    """Rows of `table` (aliased `alias`) about the user %(uid)s, through any of its keys."""
    if depth[table] == 0:
        return sql.SQL("{}.id = %(uid)s").format(sql.Identifier(alias))
    parts: list[sql.Composable] = []
    for column, parent, parent_column in edges[table]:
        if depth[parent] >= depth[table]:
            continue  # only keys that lead nearer to auth.users
        inner = f"p{depth[table]}"
        parts.append(
            sql.SQL("{a}.{col} IN (SELECT {i}.{pcol} FROM {parent} {i} WHERE {cond})").format(
                a=sql.Identifier(alias),
                col=sql.Identifier(column),
                i=sql.Identifier(inner),
                pcol=sql.Identifier(parent_column),
                parent=sql.Identifier(*parent),
                cond=_condition(parent, inner, edges, depth),
            )
        )
    return sql.SQL(" OR ").join([sql.SQL("({})").format(p) for p in parts])


async def rows_of(conn: Conn, table: UserTable, user_id: UUID) -> list[Row]:
    query = sql.SQL("SELECT t.* FROM {table} t WHERE {cond}").format(
        table=table.ident, cond=table.condition
    )
    cur = await conn.execute(query, {"uid": user_id})
    return await cur.fetchall()


async def user_by_email(conn: Conn, email: str) -> Row | None:
    cur = await conn.execute(
        "SELECT id, email FROM auth.users WHERE lower(email) = lower(%s)", [email.strip()]
    )
    return await cur.fetchone()


async def email_of(conn: Conn, user_id: UUID) -> str | None:
    cur = await conn.execute("SELECT email FROM auth.users WHERE id = %s", [user_id])
    row = await cur.fetchone()
    return str(row["email"]) if row and row["email"] else None


# Exports ---------------------------------------------------------------------------------------


async def insert_export(conn: Conn, user_id: UUID, *, by_admin: bool = False) -> UUID:
    cur = await conn.execute(
        "INSERT INTO data_exports (user_id, requested_by_admin) VALUES (%s, %s) RETURNING id",
        [user_id, by_admin],
    )
    row = await cur.fetchone()
    assert row is not None
    export_id: UUID = row["id"]
    return export_id


async def defer_export(conn: Conn, export_id: UUID, folder: Path) -> None:
    """Queues the job that builds it, in this transaction (defer_data_export, migration 0013)."""
    await conn.execute("SELECT defer_data_export(%s, %s)", [export_id, str(folder)])


async def get_export(conn: Conn, export_id: UUID, user_id: UUID) -> Row | None:
    cur = await conn.execute(
        "SELECT id, status, done_steps, total_steps, file_path, size_bytes, error, created_at,"
        " finished_at, expires_at FROM data_exports WHERE id = %s AND user_id = %s",
        [export_id, user_id],
    )
    return await cur.fetchone()


async def export_owner(conn: Conn, export_id: UUID) -> UUID | None:
    cur = await conn.execute("SELECT user_id FROM data_exports WHERE id = %s", [export_id])
    row = await cur.fetchone()
    return row["user_id"] if row else None


async def export_mail_details(conn: Conn, export_id: UUID) -> Row | None:
    """Where and whether to announce a finished export: not for one an admin asked for."""
    cur = await conn.execute(
        "SELECT u.email, e.expires_at, e.requested_by_admin FROM data_exports e"
        " JOIN auth.users u ON u.id = e.user_id WHERE e.id = %s",
        [export_id],
    )
    return await cur.fetchone()


async def update_export(conn: Conn, export_id: UUID, **fields: object) -> None:
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in fields
    )
    await conn.execute(
        sql.SQL("UPDATE data_exports SET {} WHERE id = %(export_id)s").format(assignments),
        {**fields, "export_id": export_id},
    )


# Deletion --------------------------------------------------------------------------------------


async def delete_jobs_about(conn: Conn, user_id: UUID) -> int:
    """Queued or finished background jobs whose arguments name the user."""
    cur = await conn.execute("SELECT forget_jobs_about(%s) AS n", [user_id])
    row = await cur.fetchone()
    return int(row["n"]) if row else 0


async def anonymise_audit_rows(conn: Conn, user_id: UUID, email: str) -> int:
    """Keeps what happened and when, without who: no user id, address, agent or event data."""
    cur = await conn.execute(
        "UPDATE system_events SET user_id = NULL, ip_address = NULL, user_agent = NULL,"
        " event_data = jsonb_build_object('anonymised', true)"
        " WHERE user_id = %s OR strpos(lower(event_data::text), lower(%s)) > 0",
        [user_id, email],
    )
    return cur.rowcount


async def anonymise_stripe_events(conn: Conn, user_id: UUID, email: str) -> int:
    """Stripe's event copies name the customer; their ids stay (they keep redeliveries from
    being applied twice), their payloads go."""
    cur = await conn.execute(
        """
        UPDATE stripe_events e SET payload = '{}'::jsonb
        WHERE strpos(e.payload::text, %(uid)s) > 0
           OR (%(email)s <> '' AND strpos(lower(e.payload::text), lower(%(email)s)) > 0)
           OR EXISTS (SELECT 1 FROM billing_customers c
                      WHERE c.user_id = %(uid)s::uuid AND c.stripe_customer_id IS NOT NULL
                        AND strpos(e.payload::text, c.stripe_customer_id) > 0)
        """,
        {"uid": str(user_id), "email": email},
    )
    return cur.rowcount


async def delete_rows_by_email(conn: Conn, email: str) -> None:
    """Rows that name the address without a key to the account (rate-limit logs)."""
    await conn.execute(
        "DELETE FROM app_auth.login_attempts WHERE lower(email) = lower(%s)", [email]
    )
    await conn.execute("DELETE FROM app_auth.mail_requests WHERE email = lower(%s)", [email])
    await conn.execute(
        "DELETE FROM app_auth.email_changes WHERE lower(new_email) = lower(%s)", [email]
    )


async def delete_user(conn: Conn, user_id: UUID) -> int:
    """The account; every row keyed to it goes by ON DELETE CASCADE."""
    cur = await conn.execute("DELETE FROM auth.users WHERE id = %s", [user_id])
    return cur.rowcount


async def record_deletion(conn: Conn) -> None:
    await conn.execute(
        "SELECT record_system_event('account.deleted', '{}'::jsonb, NULL, NULL, NULL)"
    )
