"""A fake OpenAI-compatible transcription server on loopback: POST
/v1/audio/transcriptions with a multipart body, as the real API takes it.

Tests queue replies (a verbose_json body, an error status, or a delay longer than the
client's timeout) and read back what the client sent: form fields and the uploaded file.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] | None = None  # the JSON body of a 200 reply
    raw: bytes | None = None  # sent as it is instead of JSON (malformed replies)
    delay: float = 0.0  # seconds to wait before answering (a hanging server)


@dataclass
class Received:
    path: str
    fields: dict[str, list[str]]
    file_name: str
    file_bytes: bytes
    authorization: str


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, list[str]], str, bytes]:
    """Form fields, and the file part's name and bytes, of a multipart/form-data body."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, list[str]] = {}
    file_name, file_bytes = "", b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            file_name, file_bytes = part.get_filename() or "", payload
        else:
            fields.setdefault(str(name), []).append(payload.decode())
    return fields, file_name, file_bytes


@dataclass
class FakeTranscriptionServer:
    replies: list[Reply] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeTranscriptionServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fields, name, data = parse_multipart(self.headers["Content-Type"], body)
                fake.received.append(
                    Received(self.path, fields, name, data, self.headers.get("Authorization", ""))
                )
                reply = (
                    fake.replies.pop(0)
                    if fake.replies
                    else Reply(
                        500, {"error": {"message": "no reply queued", "type": "server_error"}}
                    )
                )
                if self.path != "/v1/audio/transcriptions":
                    reply = Reply(404, {"error": {"message": "unknown path", "type": "x"}})
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.raw is not None:
                    data_out = reply.raw
                elif reply.status == 200:
                    data_out = json.dumps(reply.body).encode()
                else:
                    data_out = json.dumps(
                        reply.body or {"error": {"message": "server error", "type": "server_error"}}
                    ).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data_out)))
                    self.end_headers()
                    self.wfile.write(data_out)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout tests)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def verbose_json(
    text: str,
    words: list[tuple[str, float, float]],
    duration: float,
    *,
    word_probability: bool = False,
) -> dict[str, Any]:
    """A verbose_json reply as OpenAI's API shapes it (one segment)."""
    return {
        "task": "transcribe",
        "language": "english",
        "duration": duration,
        "text": text,
        "segments": [
            {
                "id": 0,
                "seek": 0,
                "start": 0.0,
                "end": duration,
                "text": text,
                "tokens": [1, 2],
                "temperature": 0.0,
                "avg_logprob": -0.2,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
            }
        ],
        "words": [
            {"word": w, "start": s, "end": e, **({"probability": 0.42} if word_probability else {})}
            for w, s, e in words
        ],
    }
