"""Recordings whose answer row is gone (an account or interview deleted elsewhere) are removed
by the hourly job; recordings still referenced, and fresh uploads, are kept."""

from __future__ import annotations

import os
import time
import uuid

from resumepilot.jobs import build_job_app
from tests.conftest import run_async
from tests.voice.conftest import start_voice, upload


def test_hourly_job_removes_only_orphan_recordings(
    vclient, vuser, database_url, files_root, spoken_answer
) -> None:
    interview = start_voice(vclient, vuser)
    kept = upload(vclient, vuser, interview, spoken_answer).json()
    folder = files_root / "files" / "voice" / vuser["user_id"]
    kept_file = next(folder.glob(f"{kept['id']}.*"))
    orphan = folder / f"{uuid.uuid4()}.wav"
    fresh_orphan = folder / f"{uuid.uuid4()}.wav"
    orphan.write_bytes(spoken_answer)
    fresh_orphan.write_bytes(spoken_answer)
    two_hours_ago = time.time() - 7200
    for path in (kept_file, orphan):
        os.utime(path, (two_hours_ago, two_hours_ago))

    app = build_job_app(database_url)

    async def sweep() -> None:
        async with app.open_async():
            await app.configure_task("resumepilot:remove_orphan_recordings").defer_async(
                timestamp=int(time.time())
            )
            await app.run_worker_async(
                wait=False, install_signal_handlers=False, queues=["maintenance"]
            )

    run_async(sweep)
    assert not orphan.exists()
    assert kept_file.exists(), "a recording whose answer exists is kept"
    assert fresh_orphan.exists(), "a file younger than the grace period may be mid-upload"
