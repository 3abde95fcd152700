"""A runtime-only install works: the project installed WITHOUT extras into a clean virtualenv
runs `resumepilot serve`, and every outside-service client it carries works over HTTP.

A dependency that only the test extras bring (httpx, for the Stripe SDK's HTTPXClient, was one)
passes every other test and breaks a plain install. Here the app runs from a virtualenv holding
only what pyproject's `dependencies` pull in: sign-up, Stripe Checkout and a signed webhook,
the billing portal, an interview answer through the OpenAI-compatible provider, a resume
rendered by the in-process worker and downloaded; then SIGTERM stops it, PostgreSQL too.

Slow (a pip install, ~1 min with a warm pip cache); select it with `-m runtime_install`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ai.fake_openai import FakeOpenAI, Reply
from tests.billing.conftest import post_event, stripe_settings
from tests.billing.fake_stripe import FakeStripe
from tests.conftest import STRONG_PASSWORD, _free_port, unique_email
from tests.documents.conftest import load_sample
from tests.test_cli_serve import postgres_running_in

pytestmark = pytest.mark.runtime_install

ROOT = Path(__file__).resolve().parent.parent
# What a source checkout holds beside the package that an install must not need.
NOT_SHIPPED = shutil.ignore_patterns(
    ".venv",
    ".git",
    "build",
    "dist",
    "*.egg-info",
    "tests",
    "bench",
    "test-artifacts",
    "__pycache__",
    ".*_cache",
)


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the project installed from the working tree, no extras."""
    work = tmp_path_factory.mktemp("runtime-install")
    source = work / "source"
    # A copy, so the build leaves no build/ or egg-info in the working tree.
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(source)],
        capture_output=True,
        text=True,
        timeout=1500,
        env=_clean_env(),
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    return venv


def _clean_env() -> dict[str, str]:
    """The environment minus anything that would let the venv see the development install."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL", "PYTHONHOME")
    }
    env.setdefault("XDG_RUNTIME_DIR", "/tmp")
    return env


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeStripe, FakeOpenAI]]:
    stripe, openai = FakeStripe().start(), FakeOpenAI().start()
    yield stripe, openai
    stripe.stop()
    openai.stop()


def test_a_runtime_only_install_serves_every_outside_service(runtime_venv, fakes, tmp_path):
    stripe, openai = fakes
    installed = subprocess.run(
        [str(runtime_venv / "bin" / "pip"), "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
        env=_clean_env(),
    )
    names = {p["name"].lower() for p in json.loads(installed.stdout)}
    assert not names & {"pytest", "playwright", "pypdf"}, "test extras leaked into the venv"

    port = _free_port()
    env = (
        _clean_env()
        | stripe_settings(stripe)
        | {
            "RESUMEPILOT_DATA_DIR": str(tmp_path / "data"),
            "RESUMEPILOT_AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": openai.base_url,
            "OPENAI_API_KEY": "test-key",
            "OPENAI_MODEL": "fake-model",
        }
    )
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [str(runtime_venv / "bin" / "resumepilot"), "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            _wait_ready(client, server)
            _exercise(client, stripe, openai)
    except BaseException:
        log.seek(0)
        print(log.read()[-6000:])  # shown by pytest when the test fails
        raise
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            code = None
    assert code == 0, "serve did not stop cleanly on SIGTERM"
    deadline = time.monotonic() + 20
    while postgres_running_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not postgres_running_in(tmp_path), "PostgreSQL outlived `resumepilot serve`"


def _wait_ready(client: httpx.Client, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "serve exited during start-up"
        try:
            if client.get("/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("serve did not become ready in 120 s")


def _exercise(client: httpx.Client, stripe: FakeStripe, openai: FakeOpenAI) -> None:
    signed_up = client.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    )
    assert signed_up.status_code == 201, signed_up.text
    me = {"Authorization": f"Bearer {signed_up.json()['access_token']}"}

    # Stripe, through the SDK's HTTPX client: Checkout, the signed webhook it sets off, portal.
    checkout = client.post("/api/billing/checkout", json={"plan": "pro"}, headers=me)
    assert checkout.status_code == 200, checkout.text
    session_id = checkout.json()["url"].rsplit("/", 1)[1]
    for event in stripe.complete_checkout(session_id):
        delivered = post_event(client, event)
        assert delivered.status_code == 200, delivered.text
    status = client.get("/api/billing/status", headers=me).json()
    assert status["plan_name"] == "pro", status
    portal = client.post("/api/billing/portal", headers=me)
    assert portal.status_code == 200 and portal.json()["url"].startswith(stripe.url), portal.text

    # The OpenAI-compatible provider, through the openai SDK.
    openai.replies[:] = [Reply(content=json.dumps({"question": "What did you build at work?"}))]
    interview = client.post("/api/interviews", json={"role": "software_engineer"}, headers=me)
    assert interview.status_code == 201, interview.text
    assert interview.json()["turns"][0]["message"] == "What did you build at work?"
    openai.replies[:] = [
        Reply(
            content=json.dumps(
                {
                    "bullets": [
                        "Rebuilt checkout at Acme in Go, lifting conversion 12% for 2 million users"
                    ]
                }
            )
        ),
        Reply(content=json.dumps({"question": "How did you measure that change?"})),
    ]
    answered = client.post(
        f"/api/interviews/{interview.json()['id']}/answers",
        headers=me,
        json={
            "text": "At Acme I led 4 engineers to rebuild checkout in Go; "
            "conversion rose 12% for 2 million users.",
            "turn_number": 2,
        },
    )
    assert answered.status_code == 201, answered.text
    bullets = [b["text"] for b in answered.json()["answer"]["bullets"]]
    assert bullets and bullets[0].startswith("Rebuilt checkout at Acme"), bullets
    assert any(r["path"] == "/v1/chat/completions" for r in openai.requests)

    # A render by the in-process worker (typst, python-docx), then the PDF download.
    draft = client.post(
        "/api/resumes/drafts",
        headers=me,
        json={"title": "Runtime install", "resume": load_sample()},
    )
    assert draft.status_code == 201, draft.text
    queued = client.post(f"/api/resumes/drafts/{draft.json()['id']}/generations", headers=me)
    assert queued.status_code == 202, queued.text
    generation = f"/api/resumes/generations/{queued.json()['id']}"
    deadline = time.monotonic() + 120
    while (state := client.get(generation, headers=me).json())["status"] == "processing":
        assert time.monotonic() < deadline, "the render job did not finish in 120 s"
        time.sleep(0.3)
    assert state["status"] == "completed", state
    pdf = client.get(f"{generation}/download/pdf", headers=me)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:300]
