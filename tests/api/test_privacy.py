"""No personal data leaves through the API: first create it, then read every answer."""

import pytest

from tests.api.data import SECRETS

pytestmark = pytest.mark.django_db


def every_answer(client, public_data):
    paths = [
        "/api/v1/groups?limit=100",
        "/api/v1/events?limit=100",
        "/api/v1/contact-points?limit=100",
        "/api/v1/topics?limit=100",
        "/api/v1/municipalities?county=03",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        f"/api/v1/contact-points/{public_data['contact_point'].slug}",
        f"/api/v1/events/{public_data['event'].slug}",
        f"/api/v1/events/{public_data['region_event'].slug}",
        f"/api/v1/groups/{public_data['group'].slug}",
        f"/api/v1/groups/{public_data['hidden_venue_group'].slug}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.content.decode()


def test_no_answer_contains_personal_data(client, public_data, hidden_data):
    for path, body in every_answer(client, public_data):
        leaked = [name for name, secret in SECRETS.items() if secret in body]
        assert leaked == [], f"{path} shows {leaked}"


def test_no_answer_names_personal_fields(client, public_data):
    """The names of the fields people's data lives in appear in no object of the API."""
    for path, body in every_answer(client, public_data):
        if path.endswith(("openapi.json", "docs")):
            continue
        for field in ('"registrations"', '"enquiries"', '"starters"', '"online_url"', '"token"'):
            assert field not in body, f"{path} has {field}"
