import pytest
from rest_framework.test import APIClient

from accounts.demo import seed_offices, seed_users


@pytest.fixture
def world(db):
    """The demo office tree and one user per role (see accounts/demo.py), no households."""
    offices = seed_offices()
    users = seed_users(offices)
    return {"offices": offices, "users": users}


@pytest.fixture
def users(world):
    return world["users"]


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
