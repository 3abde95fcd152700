"""Metrics (Prometheus) and structured logs with a request id: what operators watch.

It sits beside `web/`: it knows ASGI and FastAPI but nothing of the features, which report
through the helpers on `Metrics`.
"""
