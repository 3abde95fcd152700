"""A loopback server speaking OpenAI's /v1/chat/completions, for the letter writer's tests.

Tests queue replies (status, content, delay); the server records each request body. The
real `openai` SDK is the client, so wire format, status codes and timeouts are real.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scripted:
    status: int = 200
    content: str | None = None
    delay: float = 0.0


@dataclass
class FakeChatServer:
    queue: list[Scripted] = field(default_factory=list)
    seen: list[dict[str, Any]] = field(default_factory=list)
    httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def _answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        self.seen.append(body)
        step = self.queue.pop(0) if self.queue else Scripted(500)
        if step.status != 200:
            return (
                step.status,
                {
                    "error": {
                        "message": "scripted failure",
                        "type": "x",
                        "param": None,
                        "code": None,
                    }
                },
                step.delay,
            )
        return (
            200,
            {
                "id": "c1",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "m"),
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": step.content},
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            },
            step.delay,
        )

    def start(self) -> FakeChatServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (the http.server API)
                size = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(size) or b"{}")
                status, payload, delay = server._answer(body)
                if self.path != "/v1/chat/completions":
                    status, payload = 404, {"error": {"message": "no such path"}}
                time.sleep(delay)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
