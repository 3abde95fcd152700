"""Helpers for voice tests: a server and a job worker sharing one files folder, accounts with
credits, and recordings (the shared dev WAVs, or speech made here with espeak-ng)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from resumepilot.jobs import build_job_app
from tests.conftest import STRONG_PASSWORD, LiveServer, run_async
from tests.speech.conftest import dev_cases, speak

ANSWER_TEXT = (
    "I led a team of five engineers to migrate our billing system to Kubernetes, which cut "
    "our hosting costs by thirty percent."
)


@pytest.fixture(scope="module")
def files_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The data directory of this module's server and of the jobs it runs (the worker reads
    RESUMEPILOT_DATA_DIR from its environment, as a real worker process does)."""
    data_dir = tmp_path_factory.mktemp("voice-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESUMEPILOT_DATA_DIR", str(data_dir))
        yield data_dir


@pytest.fixture(scope="module")
def voice_server(database_url: str, files_root: Path) -> Iterator[LiveServer]:
    server = LiveServer(database_url, RESUMEPILOT_MAX_BODY_BYTES=100_000).start()
    yield server
    server.stop()


@pytest.fixture
def vclient(voice_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=voice_server.url, timeout=60, follow_redirects=False) as c:
        yield c


def make_user(
    client: httpx.Client, database_url: str, plan: str | None = "coach"
) -> dict[str, str]:
    email = f"voice-{uuid.uuid4().hex[:12]}@example.com"
    r = client.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    user = {"email": email, "token": r.json()["access_token"], "user_id": r.json()["user_id"]}
    if plan:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, %s, 'active')",
                [user["user_id"], plan],
            )
    return user


@pytest.fixture
def vuser(vclient: httpx.Client, database_url: str) -> dict[str, str]:
    return make_user(vclient, database_url)


def auth(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {user['token']}"}


def start_voice(
    client: httpx.Client, user: dict[str, str], role: str = "software_engineer"
) -> dict[str, Any]:
    r = client.post("/api/voice", json={"role": role}, headers=auth(user))
    assert r.status_code == 201, r.text
    return r.json()


def upload(
    client: httpx.Client,
    user: dict[str, str],
    interview: dict[str, Any],
    data: bytes,
    name: str = "answer.wav",
    turn_number: int | None = None,
) -> httpx.Response:
    number = turn_number if turn_number is not None else interview["next_turn_number"]
    return client.post(
        f"/api/voice/{interview['id']}/answers",
        headers=auth(user),
        files={"audio": (name, data, "application/octet-stream")},
        data={"turn_number": str(number)},
    )


def run_voice_jobs(database_url: str) -> None:
    """Runs every queued transcription to completion, as a worker process would."""
    app = build_job_app(database_url)

    async def work() -> None:
        async with app.open_async():
            await app.run_worker_async(wait=False, install_signal_handlers=False, queues=["voice"])

    run_async(work)


@pytest.fixture(scope="session")
def spoken_answer(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A dev recording when the shared set is present, else espeak-ng reading ANSWER_TEXT."""
    try:
        case = next(c for c in dev_cases() if c["id"] == "dev_01")
        return Path(case["path"]).read_bytes()
    except pytest.skip.Exception:
        out = tmp_path_factory.mktemp("spoken") / "answer.wav"
        return speak(ANSWER_TEXT, out).read_bytes()


def db_rows(database_url: str, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    from psycopg.rows import dict_row

    with psycopg.connect(database_url, row_factory=dict_row, autocommit=True) as conn:
        return conn.execute(sql, params or []).fetchall()
