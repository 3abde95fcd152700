"""A small app with metrics in multiprocess mode: `python -m tests.ops.multiprocess_app PORT`.

PROMETHEUS_MULTIPROC_DIR must be in the environment before this starts, as in production.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from resumepilot.observability.http_metrics import MetricsMiddleware, metrics_router
from resumepilot.observability.metrics import Metrics


def build() -> FastAPI:
    metrics = Metrics()
    app = FastAPI()

    @app.get("/items/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    app.include_router(metrics_router(metrics))
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


if __name__ == "__main__":
    uvicorn.run(build(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
