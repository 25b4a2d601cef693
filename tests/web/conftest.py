"""The real app over the small Dutch test documents (fake embedder), or over the
access world (tests/access_world.py)."""
import pytest

from access_world import app_for


@pytest.fixture
def app(access_store, fake_embedder):
    """The real app over a fresh copy of the access world."""
    return app_for(access_store, fake_embedder)


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
