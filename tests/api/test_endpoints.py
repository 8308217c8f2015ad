"""What each endpoint of the JSON API answers, and what it keeps out."""

import pytest

from contactpoints.models import ContactPoint
from groups.models import SelfHelpGroup
from tests.factories import ContactPointFactory, SelfHelpGroupFactory, municipality, topic

pytestmark = pytest.mark.django_db


def get_json(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(page):
    return [item["slug"] for item in page["items"]]


def test_groups_list_gives_public_groups_with_their_facts(client, public_data):
    page = get_json(client, "/api/v1/groups")

    assert page["count"] == 2
    assert slugs(page) == ["angst-gamle-oslo", "sorg-gamle-oslo"]
    group = page["items"][0]
    assert group["title"] == "Samtalegruppe om angst"
    assert group["url"] == "http://testserver/grupper/angst-gamle-oslo/"
    assert group["poster_url"] == "http://testserver/grupper/angst-gamle-oslo/plakat/"
    assert group["status"] == "recruiting"
    assert group["format"] == "in_person"
    assert group["kind"] == "same_problem"
    assert group["open_for_new_members"] is True
    assert group["topics"] == [{"slug": "angst", "name": "Angst", "name_en": "Anxiety"}]
    assert group["municipality"] == {
        "number": "0301",
        "name": "Oslo - Oslove",
        "county": {"number": "03", "name": "Oslo"},
    }
    assert group["weekday"] == 1
    assert group["start_time"] == "18:00"
    assert group["next_meeting"].endswith(("T18:00:00+01:00", "T18:00:00+02:00"))
    assert group["venue"] == {"name": "Biblioteket på Tøyen", "address": "Hagegata 1"}
    assert group["contact_point"] == {
        "slug": "gamle-oslo",
        "name": "Frivilligsentralen i Gamle Oslo",
        "url": "http://testserver/kontaktpunkter/gamle-oslo/",
        "email": "post@gamleoslo.example.no",
        "phone": "22 00 00 00",
    }


def test_group_with_unpublished_venue_has_no_venue(client, public_data):
    group = get_json(client, "/api/v1/groups/sorg-gamle-oslo")

    assert group["venue"] is None
    assert group["next_meeting"] is None


def test_group_detail_matches_its_list_entry(client, public_data):
    listed = get_json(client, "/api/v1/groups")["items"][0]

    assert get_json(client, "/api/v1/groups/angst-gamle-oslo") == listed


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"municipality": "0301"}, ["angst-gamle-oslo", "sorg-gamle-oslo", "video-bergen"]),
        ({"municipality": "4601"}, ["bergen-pa-tvers"]),
        ({"county": "46"}, ["bergen-pa-tvers"]),
        ({"county": "03"}, ["angst-gamle-oslo", "sorg-gamle-oslo", "video-bergen"]),
        ({"topic": "sorg"}, ["sorg-gamle-oslo"]),
        ({"topic": "finnes-ikke"}, []),
        ({"format": "video"}, ["video-bergen"]),
        ({"open": "false"}, ["bergen-pa-tvers"]),
        ({"open": "true", "county": "03", "topic": "angst"}, ["angst-gamle-oslo"]),
    ],
)
def test_groups_list_filters(client, public_data, params, expected):
    bergen = ContactPointFactory(slug="bergen", municipality=municipality("4601"))
    SelfHelpGroupFactory(
        contact_point=bergen,
        title="Bergen på tvers",
        slug="bergen-pa-tvers",
        kind=SelfHelpGroup.Kind.CROSS_PROBLEM,
        topics=[topic("pa-tvers")],
        status=SelfHelpGroup.Status.RUNNING,
        open_for_new_members=False,
    )
    SelfHelpGroupFactory(
        contact_point=public_data["contact_point"],
        title="Videogruppe",
        slug="video-bergen",
        format=SelfHelpGroup.Format.VIDEO,
        status=SelfHelpGroup.Status.STARTING,
    )

    page = get_json(client, "/api/v1/groups", **params)

    assert sorted(slugs(page)) == sorted(expected)
    assert page["count"] == len(expected)


def test_groups_list_is_paginated(client, public_data):
    first = get_json(client, "/api/v1/groups", limit=1)
    second = get_json(client, "/api/v1/groups", limit=1, offset=1)

    assert (first["count"], second["count"]) == (2, 2)
    assert slugs(first) + slugs(second) == ["angst-gamle-oslo", "sorg-gamle-oslo"]


def test_events_list_gives_upcoming_public_events_soonest_first(client, public_data, hidden_data):
    page = get_json(client, "/api/v1/events")

    assert slugs(page) == ["infomote-gamle-oslo", "igangsetteropplaering"]
    event, training = page["items"]
    assert event["url"] == "http://testserver/arrangementer/infomote-gamle-oslo/"
    assert event["poster_url"] == "http://testserver/arrangementer/infomote-gamle-oslo/plakat/"
    assert event["kind"] == "information_meeting"
    assert event["starts_at"].endswith(("T18:00:00+01:00", "T18:00:00+02:00"))
    assert event["venue"] == {"name": "Biblioteket", "address": ""}
    assert event["municipality"]["number"] == "0301"
    assert (event["capacity"], event["places_left"]) == (10, 9)
    assert event["contact_point"]["slug"] == "gamle-oslo"
    assert event["region"] is None
    assert training["contact_point"] is None
    assert training["region"] == {"slug": "testost", "name": "Region Testøst"}
    assert (training["is_online"], training["venue"], training["municipality"]) == (
        True,
        None,
        None,
    )
    assert (training["capacity"], training["places_left"]) == (None, None)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"contact_point": "gamle-oslo"}, ["infomote-gamle-oslo"]),
        ({"contact_point": "godkjent-skjult"}, []),
        ({"municipality": "0301"}, ["infomote-gamle-oslo"]),
        ({"kind": "starter_training"}, ["igangsetteropplaering"]),
        ({"kind": "network_meeting"}, []),
    ],
)
def test_events_list_filters(client, public_data, hidden_data, params, expected):
    assert slugs(get_json(client, "/api/v1/events", **params)) == expected


def test_past_event_is_still_found_by_slug(client, hidden_data):
    event = get_json(client, "/api/v1/events/forbi")

    assert event["slug"] == "forbi"


def test_contact_points_list_gives_approved_contact_points(client, public_data, hidden_data):
    page = get_json(client, "/api/v1/contact-points")

    assert slugs(page) == ["gamle-oslo", "godkjent-skjult"]
    contact_point = page["items"][0]
    assert contact_point["name"] == "Frivilligsentralen i Gamle Oslo"
    assert contact_point["url"] == "http://testserver/kontaktpunkter/gamle-oslo/"
    assert contact_point["embed_url"] == "http://testserver/innbygging/gamle-oslo/"
    assert contact_point["poster_url"] == "http://testserver/kontaktpunkter/gamle-oslo/plakat/"
    assert contact_point["organisation_type"]["code"] == "frivilligsentral"
    assert contact_point["email"] == "post@gamleoslo.example.no"
    assert contact_point["description"] == "Vi hjelper deg å finne eller starte en gruppe."
    assert contact_point["municipality"]["county"]["number"] == "03"
    assert contact_point["response_days"] == 3
    assert "responsible_person" not in contact_point


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"county": "03"}, ["gamle-oslo"]),
        ({"municipality": "4601"}, ["bergen"]),
        ({"county": "46"}, ["bergen"]),
    ],
)
def test_contact_points_list_filters(client, public_data, params, expected):
    ContactPointFactory(slug="bergen", name="Bergen", municipality=municipality("4601"))

    assert slugs(get_json(client, "/api/v1/contact-points", **params)) == expected


def test_contact_point_detail(client, public_data):
    contact_point = get_json(client, "/api/v1/contact-points/gamle-oslo")

    assert contact_point["slug"] == "gamle-oslo"
    assert contact_point["phone"] == "22 00 00 00"


def test_topics_list_gives_every_topic_in_order(client, db):
    page = get_json(client, "/api/v1/topics", limit=100)

    assert page["count"] == 16
    assert page["items"][0] == {"slug": "angst", "name": "Angst", "name_en": "Anxiety"}


def test_municipalities_list_filters_by_county(client, db):
    page = get_json(client, "/api/v1/municipalities", county="03")

    assert page["items"] == [
        {"number": "0301", "name": "Oslo - Oslove", "county": {"number": "03", "name": "Oslo"}}
    ]


def test_municipalities_list_gives_current_municipalities_by_number(client, db):
    page = get_json(client, "/api/v1/municipalities", limit=3)

    assert page["count"] > 300
    assert [item["number"] for item in page["items"]] == ["0301", "1101", "1103"]


def test_hidden_objects_are_absent_from_lists(client, public_data, hidden_data):
    everything = [
        get_json(client, path, limit=100)
        for path in ("/api/v1/groups", "/api/v1/events", "/api/v1/contact-points")
    ]
    listed = {slug for page in everything for slug in slugs(page)}

    hidden = (
        [c.slug for c in hidden_data["contact_points"]]
        + [g.slug for g in hidden_data["groups"]]
        + [e.slug for e in hidden_data["events"]]
        + [hidden_data["past_event"].slug]
    )
    assert listed.isdisjoint(hidden)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contact-points/venter",
        "/api/v1/contact-points/suspendert",
        "/api/v1/groups/ventende-gruppe",
        "/api/v1/groups/pauset-gruppe",
        "/api/v1/groups/planlagt-gruppe",
        "/api/v1/groups/lukket-gruppe",
        "/api/v1/events/utkast",
        "/api/v1/events/avlyst",
        "/api/v1/events/ventende-arrangement",
        "/api/v1/groups/finnes-ikke",
    ],
)
def test_hidden_or_unknown_object_is_404(client, hidden_data, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_contact_point_losing_approval_disappears_with_its_groups(client, public_data):
    ContactPoint.objects.filter(slug="gamle-oslo").update(status=ContactPoint.Status.SUSPENDED)

    assert get_json(client, "/api/v1/groups")["count"] == 0
    assert get_json(client, "/api/v1/contact-points")["count"] == 0
    assert slugs(get_json(client, "/api/v1/events")) == ["igangsetteropplaering"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/groups", {"municipality": "Oslo"}, "municipality"),
        ("/api/v1/groups", {"county": "3"}, "county"),
        ("/api/v1/groups", {"topic": "angst'; drop table"}, "topic"),
        ("/api/v1/groups", {"topic": "angst\x00"}, "topic"),
        ("/api/v1/groups", {"format": "teleport"}, "format"),
        ("/api/v1/groups", {"open": "kanskje"}, "open"),
        ("/api/v1/groups", {"limit": "0"}, "limit"),
        ("/api/v1/groups", {"limit": "101"}, "limit"),
        ("/api/v1/groups", {"limit": "mange"}, "limit"),
        ("/api/v1/groups", {"offset": "-1"}, "offset"),
        ("/api/v1/groups", {"offset": str(10**30)}, "offset"),
        ("/api/v1/events", {"kind": "party"}, "kind"),
        ("/api/v1/events", {"contact_point": "æøå"}, "contact_point"),
        ("/api/v1/contact-points", {"municipality": "03011"}, "municipality"),
        ("/api/v1/municipalities", {"county": "x"}, "county"),
    ],
)
def test_malformed_query_parameter_is_422_with_the_reason(client, db, path, params, field):
    response = client.get(path, params)

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    issues = response.json()["detail"]
    assert [issue["loc"] for issue in issues] == [["query", field]]
    assert all(issue["msg"] for issue in issues)


def test_malformed_slug_is_422(client, db):
    response = client.get("/api/v1/groups/%C3%A6%00")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "slug"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/groups",
        "/api/v1/groups/finnes-ikke",
        "/api/v1/groups?limit=0",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ],
)
def test_every_api_answer_allows_any_origin(client, db, path):
    response = client.get(path, HTTP_ORIGIN="https://www.kommune.example.no")

    assert response["Access-Control-Allow-Origin"] == "*"


def test_api_refuses_writes(client, public_data):
    response = client.post("/api/v1/groups", {}, content_type="application/json")

    assert response.status_code == 405
    assert SelfHelpGroup.objects.count() == 2
