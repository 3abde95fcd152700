"""`resumepilot bullets` as the scorer and a user run it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ANSWER = (
    "So, um, at Brightwave I led the migration of our billing service to Go with three "
    "other engineers, and we cut the AWS bill by around thirty percent."
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # The feature's own entry point: the same command without the other features' imports.
    return subprocess.run(
        [sys.executable, "-m", "resumepilot.ai", "bullets", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(tmp_path: Path, text: str, name: str = "answer.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_output_has_text_and_source(tmp_path: Path) -> None:
    p = run(
        "--role",
        "software_engineer",
        "--question",
        "A project?",
        "--transcript-file",
        write(tmp_path, ANSWER),
        "--json",
    )
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["bullets"], data
    for bullet in data["bullets"]:
        assert set(bullet) == {"text", "source"}
        start, end = bullet["source"]["start"], bullet["source"]["end"]
        assert 0 <= start < end <= len(ANSWER)
    assert any("30%" in b["text"] for b in data["bullets"])


def test_plain_output_is_one_bullet_a_line(tmp_path: Path) -> None:
    p = run("--role", "software_engineer", "--transcript-file", write(tmp_path, ANSWER))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.strip().splitlines()
    assert lines and all(line[:1].isupper() and not line.startswith("{") for line in lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("I led it. " * 6000, "longer than 50,000"),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_code_2(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = str(tmp_path / "missing.txt") if content is None else write(tmp_path, content)
    p = run("--role", "nurse", "--transcript-file", path, "--json")
    assert p.returncode == 2
    assert message in p.stderr and "Traceback" not in p.stderr
    assert p.stdout == ""


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audio.bin"
    path.write_bytes(b"\xff\xfe\x00\x01" * 100)
    p = run("--role", "nurse", "--transcript-file", str(path))
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_foreign_language_answer_prints_an_empty_list(tmp_path: Path) -> None:
    text = "J'ai dirigé la migration vers Kubernetes avec une équipe de cinq ingénieurs."
    p = run("--role", "other", "--transcript-file", write(tmp_path, text), "--json")
    assert p.returncode == 0 and json.loads(p.stdout) == {"bullets": []}


def test_the_configured_provider_answers_and_its_invented_numbers_are_dropped(
    tmp_path: Path,
) -> None:
    import os

    from tests.ai.fake_openai import FakeOpenAI, Reply

    fake = FakeOpenAI().start()
    try:
        invented = {
            "bullets": [
                "Led the Go migration of the billing service at Brightwave",
                "Cut the AWS bill by 45% across 12 services",
            ]
        }
        fake.replies.append(Reply(content=json.dumps(invented)))
        env = {
            **os.environ,
            "RESUMEPILOT_AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": fake.base_url,
            "OPENAI_API_KEY": "test-key",
        }
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "resumepilot.ai",
                "bullets",
                "--role",
                "software_engineer",
                "--transcript-file",
                write(tmp_path, ANSWER),
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    finally:
        fake.stop()
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert fake.requests, "the configured provider was not asked"
    texts = [b["text"] for b in data["bullets"]]
    assert "Led the Go migration of the billing service at Brightwave" in texts
    assert not any("45%" in t or "12" in t for t in texts)


def interview(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resumepilot.ai", "interview", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_interview_runs_offline_with_scripted_answers(tmp_path: Path) -> None:
    answers = write(
        tmp_path,
        "\n".join(
            [
                "At Harbor Freightways I rebuilt our dispatch board in Excel.",
                "Late pickups went from thirty a week to eight.",
                "skip",
                "back",
                "It covered about two hundred drivers.",
            ]
        ),
        "answers.txt",
    )
    p = interview("--role", "operations", "--answers", answers, "--json", "--provider", "builtin")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    questions = data["questions"]
    assert questions[0]["kind"] == "opening"
    assert questions[1]["kind"] == "follow_up"
    kinds = [q["kind"] for q in questions]
    assert "back" in kinds and kinds[-1] == "done"
    back = questions[kinds.index("back")]
    skipped = next(q for q in questions if q.get("answer") == "skip")
    assert back["question"] == skipped["question"]
    texts = [b["text"] for a in data["answers"] for b in a["bullets"]]
    assert any("from 30 a week to 8" in t and "Harbor Freightways" in t for t in texts), texts


def test_interview_plain_output_lists_questions_and_bullets(tmp_path: Path) -> None:
    answers = write(
        tmp_path,
        "I set up a tool library at Fernbrook School and lending went "
        "from forty to ninety items a month.\nfinish\n",
        "answers.txt",
    )
    p = interview("--role", "teacher", "--answers", answers, "--provider", "builtin")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Q: ")
    assert "A: finish" in p.stdout and "- Set up a tool library" in p.stdout


def test_interview_bad_answers_file_is_a_clear_error(tmp_path: Path) -> None:
    p = interview("--role", "nurse", "--answers", str(tmp_path / "none.txt"))
    assert p.returncode == 2 and "answers file not found" in p.stderr
    assert "Traceback" not in p.stderr
