"""The real app over the small Dutch test documents (fake embedder)."""
import pytest

WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"
DEMENTIA = "pg-noord/2023-2024/verslag-dementie.md"
DEBTS = "wt-zuid/2023-2024/casus-schulden.md"


@pytest.fixture
def client(filled_client):
    return filled_client


@pytest.fixture
def runtime(client):
    return client.app.state.runtime
