import pytest

from tests.api.data import make_hidden_data, make_public_data


@pytest.fixture
def public_data(db):
    return make_public_data()


@pytest.fixture
def hidden_data(db):
    return make_hidden_data()
