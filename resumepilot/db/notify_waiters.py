"""Requests that wait for a PostgreSQL notification about one row (long-polling).

One listening connection per web process, opened on the first wait, fans each notification on
`channel` out to the waiters of its payload (a row id). A notification only shortens a wait:
callers still re-read the row at least every few seconds, so one lost while the listener
reconnects (a database restart) costs a little latency, never a wrong answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import psycopg

log = logging.getLogger(__name__)


class NotifyWaiters:
    def __init__(self, database_url: str, channel: str) -> None:
        self._url = database_url
        self._channel = channel
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._listener: asyncio.Task[None] | None = None
        # Set while the listening connection is up (tests wait for it; nothing else needs to).
        self.listening = asyncio.Event()

    @contextlib.contextmanager
    def watch(self, key: str) -> Iterator[asyncio.Event]:
        """An event set whenever `key` is notified while the block runs.

        Watch before reading the row: a notification between the read and the wait would
        otherwise be missed.
        """
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen())
        event = asyncio.Event()
        self._waiters.setdefault(key, set()).add(event)
        try:
            yield event
        finally:
            waiting = self._waiters.get(key)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del self._waiters[key]

    async def _listen(self) -> None:
        pause = 0.5
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self._url, autocommit=True)
                async with conn:
                    await conn.execute(
                        psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(self._channel))
                    )
                    pause = 0.5
                    self.listening.set()
                    async for notification in conn.notifies():
                        for event in self._waiters.get(notification.payload, ()):
                            event.set()
            except Exception as exc:  # the database went away: waiters fall back to re-reading
                channel = self._channel
                log.warning("listening on %s stopped (%s); again in %.1f s", channel, exc, pause)
            self.listening.clear()
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
