"""Every dependency of every route is a coroutine: FastAPI runs a plain function on a worker
thread, two thread hand-offs per dependency per request, measurable CPU on a busy server."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.routing import APIRoute

from resumepilot.app import create_app
from resumepilot.config import Settings


def _routes(routes: list[Any]) -> Iterator[tuple[APIRoute, list[Callable[..., Any]]]]:
    """Each route with the dependencies its included routers add (FastAPI 0.16x keeps an
    included router as a wrapper around the original)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route, []
        elif (router := getattr(route, "original_router", None)) is not None:
            added = [d.dependency for d in route.include_context.dependencies]
            for inner, more in _routes(router.routes):
                yield inner, [*added, *more]


def _calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _runs_on_the_event_loop(call: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)


def test_no_route_has_a_dependency_that_runs_on_a_thread() -> None:
    app = create_app(Settings(RESUMEPILOT_IN_PROCESS_WORKER=False), "postgresql://unused/x")
    routes = list(_routes(app.routes))
    assert len(routes) > 100  # the whole application, not an empty shell
    on_threads = sorted(
        {
            f"{call.__module__}.{call.__qualname__}"
            for route, added in routes
            for call in [*added, *_calls(route.dependant)]
            if not _runs_on_the_event_loop(call)
        }
    )
    assert on_threads == []
