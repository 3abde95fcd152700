"""The specification's schema, as its own queries and rows exercise it, with DESIGN section 4."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from resumepilot.db.migrate import apply_migrations, pending_migrations

SPEC_COLUMNS = {
    "profiles": {
        "id": "uuid",
        "user_id": "uuid",
        "full_name": "text",
        "job_title": "text",
        "company": "text",
        "created_at": "timestamp with time zone",
        "updated_at": "timestamp with time zone",
    },
    "subscriptions": {
        "stripe_customer_id": "text",
        "stripe_subscription_id": "text",
        "plan_name": "text",
        "status": "text",
        "current_period_start": "timestamp with time zone",
        "current_period_end": "timestamp with time zone",
        "cancel_at_period_end": "boolean",
    },
    "usage_tracking": {
        "month": "text",
        "interviews_used": "integer",
        "cover_letters_used": "integer",
    },
    "resume_bullets": {
        "question": "text",
        "transcript": "text",
        "bullets": "jsonb",
        "role": "text",
        "experience": "text",
    },
    "interview_sessions": {
        "session_type": "text",
        "role_type": "text",
        "duration_seconds": "integer",
        "turns_count": "integer",
        "status": "text",
        "completed_at": "timestamp with time zone",
    },
    "interview_turns": {
        "session_id": "uuid",
        "speaker": "text",
        "message": "text",
        "turn_number": "integer",
        "audio_url": "text",
        "processing_time_ms": "integer",
    },
    "interview_transcripts": {
        "audio_file_url": "text",
        "transcript_text": "text",
        "confidence_score": "numeric",
        "processing_time_ms": "integer",
    },
    "resume_generations": {
        "session_id": "uuid",
        "template_name": "text",
        "role_type": "text",
        "resume_data": "jsonb",
        "latex_content": "text",
        "generation_status": "text",
        "error_message": "text",
        "processing_time_ms": "integer",
        "completed_at": "timestamp with time zone",
    },
    "resume_downloads": {
        "generation_id": "uuid",
        "format": "text",
        "file_url": "text",
        "file_size_bytes": "integer",
        "download_count": "integer",
    },
    "admin_users": {"user_id": "uuid", "email": "text", "role": "text", "permissions": "jsonb"},
    "system_events": {
        "event_type": "text",
        "event_data": "jsonb",
        "user_id": "uuid",
        "ip_address": "inet",
        "user_agent": "text",
    },
}

SPEC_INDEXES = [
    "idx_profiles_user_id",
    "idx_profiles_created_at",
    "idx_subscriptions_user_id",
    "idx_subscriptions_stripe_customer_id",
    "idx_subscriptions_status",
    "idx_subscriptions_plan_name",
    "idx_usage_tracking_user_id",
    "idx_usage_tracking_month",
    "idx_usage_tracking_user_month",
    "idx_resume_bullets_user_id",
    "idx_resume_bullets_created_at",
    "idx_resume_bullets_role",
    "idx_resume_bullets_bullets_gin",
    "idx_interview_sessions_user_id",
    "idx_interview_sessions_created_at",
    "idx_interview_sessions_status",
    "idx_interview_turns_session_id",
    "idx_interview_turns_speaker",
    "idx_interview_transcripts_user_id",
    "idx_interview_transcripts_created_at",
    "idx_resume_generations_user_id",
    "idx_resume_generations_status",
    "idx_resume_generations_created_at",
    "idx_resume_downloads_generation_id",
    "idx_resume_downloads_format",
    "idx_admin_users_user_id",
    "idx_admin_users_email",
    "idx_system_events_event_type",
    "idx_system_events_created_at",
    "idx_system_events_user_id",
]


@pytest.mark.parametrize("table", sorted(SPEC_COLUMNS))
def test_spec_columns_exist_with_spec_types(owner, table):
    rows = owner.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name = %s",
        [table],
    ).fetchall()
    actual = {r["column_name"]: r["data_type"] for r in rows}
    for column, data_type in SPEC_COLUMNS[table].items():
        assert actual.get(column) == data_type, f"{table}.{column}"


def test_spec_indexes_and_functions_exist(owner):
    names = {r["indexname"] for r in owner.execute("SELECT indexname FROM pg_indexes")}
    assert set(SPEC_INDEXES) <= names
    functions = {r["proname"] for r in owner.execute("SELECT proname FROM pg_proc")}
    assert {
        "update_updated_at_column",
        "increment_usage",
        "get_user_subscription_status",
        "try_consume_usage",
        "is_admin",
    } <= functions


def test_migrations_are_current_and_rerunning_changes_nothing(database_url, owner):
    assert pending_migrations(database_url) == []
    before = owner.execute("SELECT count(*) AS n FROM plans").fetchone()["n"]
    assert apply_migrations(database_url) == []
    assert owner.execute("SELECT count(*) AS n FROM plans").fetchone()["n"] == before


def test_the_spec_monitoring_queries_run_unchanged(owner):
    owner.execute("""SELECT COUNT(DISTINCT user_id) FROM usage_tracking
                     WHERE month = TO_CHAR(NOW(), 'YYYY-MM')""")
    owner.execute("""SELECT plan_name, COUNT(*) as count FROM subscriptions WHERE status = 'active'
                     GROUP BY plan_name ORDER BY count DESC""")
    owner.execute("""SELECT session_type, COUNT(*) as total_sessions,
        COUNT(*) FILTER (WHERE status = 'completed') as completed_sessions,
        ROUND(COUNT(*) FILTER (WHERE status = 'completed') * 100.0 / COUNT(*), 2) as completion_rate
        FROM interview_sessions WHERE created_at >= NOW() - INTERVAL '30 days'
        GROUP BY session_type""")
    owner.execute("""SELECT COUNT(*) FROM profiles p LEFT JOIN auth.users u ON p.user_id = u.id
                     WHERE u.id IS NULL""")
    owner.execute("""SELECT user_id, COUNT(*) FROM subscriptions GROUP BY user_id
                     HAVING COUNT(*) > 1""")


def new_user(owner) -> uuid.UUID:
    return owner.execute(
        "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
        [f"u-{uuid.uuid4().hex[:10]}@example.com"],
    ).fetchone()["id"]


def test_rows_shaped_as_the_spec_describes_insert(owner):
    uid = new_user(owner)
    owner.execute(
        "INSERT INTO subscriptions (user_id, stripe_customer_id, stripe_subscription_id,"
        " plan_name, status) VALUES (%s, 'cus_1', 'sub_1', 'pro', 'active')",
        [uid],
    )
    owner.execute(
        "INSERT INTO usage_tracking (user_id, month, interviews_used, cover_letters_used)"
        " VALUES (%s, '2024-01', 2, 0)",
        [uid],
    )
    owner.execute(
        "INSERT INTO interview_transcripts (user_id, audio_file_url, transcript_text,"
        " confidence_score) VALUES (%s, 's3://a.webm', 'hello', 0.93)",
        [uid],
    )


def test_signing_up_creates_a_profile(owner):
    uid = new_user(owner)
    assert owner.execute("SELECT 1 FROM profiles WHERE user_id = %s", [uid]).fetchone()


def status(owner, uid):
    return owner.execute("SELECT * FROM get_user_subscription_status(%s)", [uid]).fetchone()


def test_fix1_no_subscription_row_means_starter_with_one_interview(owner):
    s = status(owner, new_user(owner))
    assert (s["plan_name"], s["interviews_remaining"], s["cover_letters_remaining"]) == (
        "starter",
        1,
        0,
    )


def test_fix3_consuming_refuses_past_the_limit(owner):
    uid = new_user(owner)
    consume = "SELECT try_consume_usage(%s, 'interview') AS ok"
    assert owner.execute(consume, [uid]).fetchone()["ok"] is True
    assert owner.execute(consume, [uid]).fetchone()["ok"] is False
    assert status(owner, uid)["interviews_remaining"] == 0
    with pytest.raises(psycopg.errors.RaiseException, match="limit reached"):
        owner.execute("SELECT increment_usage(%s, 'interview')", [uid])


def test_fix5_one_live_subscription_per_user(owner):
    uid = new_user(owner)
    owner.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, 'pro', 'canceled')",
        [uid],
    )
    owner.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, 'pro', 'active')", [uid]
    )
    with pytest.raises(psycopg.errors.UniqueViolation):
        owner.execute(
            "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s,"
            " 'career', 'trialing')",
            [uid],
        )


@pytest.mark.parametrize(
    "stripe_status",
    ["trialing", "incomplete", "incomplete_expired", "paused", "unpaid", "past_due"],
)
def test_fix6_every_stripe_status_is_accepted(owner, stripe_status):
    owner.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, 'pro', %s)",
        [new_user(owner), stripe_status],
    )


def test_fix6_plans_follow_stripe_status(owner):
    trial, paused = new_user(owner), new_user(owner)
    owner.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES"
        " (%s, 'career', 'trialing'), (%s, 'career', 'paused')",
        [trial, paused],
    )
    assert status(owner, trial)["interviews_remaining"] == 30
    assert status(owner, paused)["plan_name"] == "starter"


def test_fix7_limits_are_data(owner):
    uid = new_user(owner)
    owner.execute("INSERT INTO subscriptions (user_id, plan_name) VALUES (%s, 'pro')", [uid])
    owner.execute("UPDATE plans SET interviews_per_month = 12 WHERE name = 'pro'")
    assert status(owner, uid)["interviews_remaining"] == 12


def test_fix8_month_is_utc_whatever_the_session_time_zone(owner):
    owner.execute("SET LOCAL TIME ZONE 'Pacific/Kiritimati'")  # UTC+14
    utc = owner.execute("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') AS m").fetchone()
    assert owner.execute("SELECT current_usage_month() AS m").fetchone()["m"] == utc["m"]


def test_fix9_deleting_an_account_keeps_audit_rows(owner):
    uid = new_user(owner)
    sid = owner.execute(
        "INSERT INTO interview_sessions (user_id, session_type) VALUES (%s, 'chat') RETURNING id",
        [uid],
    ).fetchone()["id"]
    owner.execute(
        "INSERT INTO resume_generations (user_id, session_id, template_name, role_type,"
        " resume_data) VALUES (%s, %s, 't', 'r', '{}')",
        [uid, sid],
    )
    event = owner.execute(
        "INSERT INTO system_events (event_type, user_id) VALUES ('x', %s) RETURNING id", [uid]
    ).fetchone()["id"]
    owner.execute("DELETE FROM auth.users WHERE id = %s", [uid])
    row = owner.execute("SELECT user_id FROM system_events WHERE id = %s", [event]).fetchone()
    assert row == {"user_id": None}
    assert (
        owner.execute("SELECT 1 FROM resume_generations WHERE user_id = %s", [uid]).fetchone()
        is None
    )


def test_fix11_turn_numbers_are_unique_per_session(owner):
    uid = new_user(owner)
    sid = owner.execute(
        "INSERT INTO interview_sessions (user_id, session_type) VALUES (%s, 'chat') RETURNING id",
        [uid],
    ).fetchone()["id"]
    insert = (
        "INSERT INTO interview_turns (session_id, speaker, message, turn_number)"
        " VALUES (%s, 'user', 'hi', 1)"
    )
    owner.execute(insert, [sid])
    with pytest.raises(psycopg.errors.UniqueViolation):
        owner.execute(insert, [sid])


def test_fix12_downloads_count_atomically(owner):
    uid = new_user(owner)
    gid = owner.execute(
        "INSERT INTO resume_generations (user_id, template_name, role_type,"
        " resume_data) VALUES (%s, 't', 'r', '{}') RETURNING id",
        [uid],
    ).fetchone()["id"]
    counts = [
        owner.execute("SELECT record_download(%s, 'pdf') AS n", [gid]).fetchone()["n"]
        for _ in range(3)
    ]
    assert counts == [1, 2, 3]
