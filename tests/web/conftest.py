"""The real app over the small Dutch test documents (fake embedder)."""
import pytest


@pytest.fixture
def client(filled_client):
    """Its posts carry the CSRF token as a header, like a page's form carries it
    as a field (refusals without one are tested in test_security.py)."""
    filled_client.get("/bladeren")
    filled_client.headers["x-csrf-token"] = filled_client.cookies["praktijkgeheugen_csrf"]
    return filled_client


@pytest.fixture
def runtime(client):
    return client.app.state.runtime
