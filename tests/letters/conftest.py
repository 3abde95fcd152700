"""A draft, a bullet library and postings for the letter tests; the fake OpenAI server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.letters.fake_openai import FakeChatServer

POSTING = """Senior Data Analyst at Harbor Health

Requirements
- Strong SQL and Python (pandas)
- Experience with Power BI or Tableau
- Experience with Epic or other EHR data
- Excellent written communication

Nice to have
- Forecasting
"""


@pytest.fixture
def draft() -> dict[str, Any]:
    return {
        "basics": {"name": "Tomasz Lindqvist", "label": "Data Analyst"},
        "work": [
            {
                "name": "Harrowgate Building Society",
                "position": "Senior Data Analyst",
                "startDate": "2021-01",
                "highlights": [
                    "Built a mortgage arrears dashboard in Power BI used by 40 branch managers",
                    "Automated the monthly regulatory return, saving 3 analyst days each month",
                ],
            },
            {
                "name": "Northern Rail Freight",
                "position": "Data Analyst",
                "startDate": "2018-09",
                "endDate": "2020-12",
                "highlights": [
                    "Modelled wagon utilisation across 12 depots with Python and pandas"
                ],
            },
        ],
    }


@pytest.fixture
def library() -> list[dict[str, Any]]:
    return [
        {
            "id": "b-17",
            "text": "Flagged a pricing error worth £210k through a reconciliation check in SQL",
            "company": "Harrowgate Building Society",
        },
        {
            "id": "b-18",
            "text": "Forecast monthly arrears with a seasonal model",
            "company": "Harrowgate Building Society",
        },
    ]


@pytest.fixture
def fake_openai() -> Iterator[FakeChatServer]:
    server = FakeChatServer().start()
    yield server
    server.stop()
