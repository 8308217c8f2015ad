"""The API's documentation page: drawn from the OpenAPI document, with nothing from a CDN."""

import re

import pytest

from selvhjelp.api_docs import describe_type

pytestmark = pytest.mark.django_db


def test_docs_page_describes_every_endpoint_and_object(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    for path in (
        "/api/v1/groups",
        "/api/v1/groups/{slug}",
        "/api/v1/events",
        "/api/v1/events/{slug}",
        "/api/v1/contact-points",
        "/api/v1/contact-points/{slug}",
        "/api/v1/topics",
        "/api/v1/municipalities",
    ):
        assert f"GET {path}</code>" in html
    assert 'href="/api/v1/openapi.json"' in html
    for schema in ("PagedGroupOut", "GroupOut", "VenueOut", "EventOut", "ValidationErrorOut"):
        assert f'id="schema-{schema}"' in html
    # Every link to an object's description lands on one.
    for target in re.findall(r'href="#(schema-[^"]+)"', html):
        assert f'id="{target}"' in html


def test_docs_page_loads_nothing_from_other_sites(client):
    html = client.get("/api/v1/docs").content.decode()

    sources = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") for source in sources), sources
    assert "swagger" not in html.lower()
    assert "cdn" not in html.lower()


@pytest.mark.parametrize(
    ("schema", "described"),
    [
        ({"$ref": "#/components/schemas/GroupOut"}, "GroupOut"),
        ({"type": "string", "pattern": "^[0-9]{4}$"}, "string (pattern ^[0-9]{4}$)"),
        (
            {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 6}, {"type": "null"}]},
            "integer (0–6) or null",
        ),
        ({"type": "array", "items": {"$ref": "#/components/schemas/TopicOut"}}, "list of TopicOut"),
        ({"enum": ["a", "b"], "type": "string"}, "string (one of a, b)"),
    ],
)
def test_describe_type_reads_json_schema(schema, described):
    assert describe_type(schema) == described


def test_api_root_leads_to_the_docs(client):
    response = client.get("/api/v1/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"
