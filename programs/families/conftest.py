# The suite's fixtures (the demo world, API clients) for the tests inside family folders.
from tests.conftest import api, fresh_snapshot, users, world  # noqa: F401
