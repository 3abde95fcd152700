import psycopg
import pytest


@pytest.fixture(autouse=True)
def forget_login_attempts(database_url):
    """Every request in these tests comes from 127.0.0.1: start each test with no failures on
    record, so the per-IP limit of one test does not lock out the next."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM app_auth.login_attempts")
    yield
