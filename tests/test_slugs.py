"""Slugs for public addresses (selvhjelp/slugs.py)."""

import pytest

from groups.models import SelfHelpGroup
from selvhjelp.slugs import norwegian_slugify, unique_slug
from tests.factories import SelfHelpGroupFactory


def test_norwegian_letters_are_spelled_out():
    assert norwegian_slugify("Pårørende i Bodø – Ærlig talt") == "parorende-i-bodo-aerlig-talt"


@pytest.mark.django_db
def test_unique_slug_numbers_a_taken_one_and_ignores_lookalikes():
    SelfHelpGroupFactory(slug="sorg")
    SelfHelpGroupFactory(slug="sorg-2")
    SelfHelpGroupFactory(slug="sorgtunge")  # starts the same, is another word
    assert unique_slug(SelfHelpGroup.objects.all(), "Sorg", fallback="gruppe") == "sorg-3"
    assert unique_slug(SelfHelpGroup.objects.all(), "Sorgtung", fallback="gruppe") == "sorgtung"


@pytest.mark.django_db
def test_unique_slug_avoids_reserved_words_and_falls_back_on_nothing():
    groups = SelfHelpGroup.objects.all()
    assert unique_slug(groups, "Ny", fallback="gruppe", reserved={"ny"}) == "ny-2"
    assert unique_slug(groups, "!!!", fallback="gruppe") == "gruppe"
