"""Free-text search over groups: one function, a path per database.

On PostgreSQL, full-text search with the Norwegian configuration finds inflected forms
("grupper", "gruppen" → "gruppe"), and trigram word similarity finds words inside
Norwegian compounds and near misspellings ("selvhjelpsgruppe" → "Samtalegruppe",
"parorende" → "pårørende"). SQLite (``make run``) has neither; there every word must
appear somewhere in the group, ignoring case.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Case, F, FloatField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat

from groups.models import SelfHelpGroup

SEARCH_CONFIG = "norwegian"

# Word similarity of the query to a group's title and topic names. Tuned in
# tests/groups/test_search.py: a compound such as "selvhjelpsgruppe" scores 0.29 against
# "Samtalegruppe for pårørende", while unrelated short words ("sorg" against
# "Samtalegruppe for pårørende", "mestring" against "Leve med kreft") stay at or below 0.22.
TRIGRAM_THRESHOLD = 0.25


def group_search(*, queryset, text):
    """``queryset`` narrowed to groups matching ``text``, annotated with ``relevance``.

    Higher relevance is a better match. An empty text matches everything (relevance 0).
    """
    text = " ".join((text or "").split())
    if not text:
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_simple(queryset, text)


def _topic_names(*, english):
    """A group's topic names (Norwegian, and English too if asked) as one string."""
    name = (
        Concat("topic__name", Value(" "), "topic__name_en", output_field=TextField())
        if english
        else F("topic__name")
    )
    names = (
        SelfHelpGroup.topics.through.objects.filter(selfhelpgroup_id=OuterRef("pk"))
        .values("selfhelpgroup_id")
        .annotate(names=StringAgg(name, delimiter=" "))
        .values("names")
    )
    return Coalesce(Subquery(names), Value(""), output_field=TextField())


def _search_postgresql(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("topic_text", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    # Trigrams compare with the Norwegian topic names only: the English ones add enough
    # short words ("a", "and", "parent") to lift unrelated groups over the threshold.
    return (
        queryset.annotate(
            topic_text=_topic_names(english=True), topic_names=_topic_names(english=False)
        )
        .annotate(
            search=vector,
            similarity=TrigramWordSimilarity(
                text, Concat("title", Value(" "), "topic_names", output_field=TextField())
            ),
        )
        .filter(Q(search=query) | Q(similarity__gte=TRIGRAM_THRESHOLD))
        .annotate(relevance=SearchRank("search", query) + Coalesce("similarity", 0.0))
    )


def _search_simple(queryset, text):
    for word in text.split(" "):
        by_topic = SelfHelpGroup.objects.filter(
            Q(topics__name__icontains=word) | Q(topics__name_en__icontains=word)
        ).values("pk")
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(pk__in=by_topic)
        )
    return queryset.annotate(
        relevance=Case(
            When(title__icontains=text, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
