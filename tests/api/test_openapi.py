"""The API's OpenAPI document is valid, and generated requests never break the API."""

import jsonschema_rs
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.data import make_hidden_data, make_public_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_validates_against_the_openapi_31_schema(openapi_document):
    assert openapi_document["openapi"].startswith("3.1")

    schemathesis.openapi.from_dict(openapi_document).validate()


def test_openapi_validation_catches_a_broken_document(openapi_document):
    """The check above is not vacuous: a document with a mistake in it fails."""
    openapi_document["paths"]["/api/v1/groups"]["get"]["responses"]["200"] = "OK"

    with pytest.raises(jsonschema_rs.ValidationError):
        schemathesis.openapi.from_dict(openapi_document).validate()


def test_openapi_document_describes_every_endpoint(openapi_document):
    operations = {path: set(methods) for path, methods in openapi_document["paths"].items()}

    assert operations == {
        "/api/v1/groups": {"get"},
        "/api/v1/groups/{slug}": {"get"},
        "/api/v1/events": {"get"},
        "/api/v1/events/{slug}": {"get"},
        "/api/v1/contact-points": {"get"},
        "/api/v1/contact-points/{slug}": {"get"},
        "/api/v1/topics": {"get"},
        "/api/v1/municipalities": {"get"},
    }


def test_openapi_document_declares_every_answer_the_api_gives(openapi_document):
    for path, methods in openapi_document["paths"].items():
        codes = set(methods["get"]["responses"])
        expected = {"200", "422", "404"} if "{slug}" in path else {"200", "422"}
        assert codes == expected, path


@pytest.fixture
def some_of_everything(db):
    """Public and hidden objects, so generated requests find real ones and hidden ones."""
    make_public_data()
    make_hidden_data()


@pytest.fixture
def keep_test_connection():
    """Requests through the WSGI application close the database connection when they
    end, as in production; here that connection holds the test's transaction. Django's
    test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded through the WSGI application, as a client would load it; reading the document
# touches no database, so it can happen when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.usefixtures("some_of_everything", "keep_test_connection")
@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_generated_requests_as_documented(case):
    """No 5xx, and every answer matches its declared status, content type and schema."""
    case.call_and_validate()


@pytest.mark.usefixtures("keep_test_connection")
@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/v1/groups/{slug}", "group"),
        ("/api/v1/groups/{slug}", "hidden_venue_group"),
        ("/api/v1/events/{slug}", "event"),
        ("/api/v1/events/{slug}", "region_event"),
        ("/api/v1/contact-points/{slug}", "contact_point"),
    ],
)
def test_detail_answers_for_real_objects_match_the_schema(path, key):
    """Generated slugs rarely name a real object; these do."""
    obj = make_public_data()[key]
    case = schema[path]["GET"].Case(path_parameters={"slug": obj.slug})

    response = case.call_and_validate()

    assert response.status_code == 200
