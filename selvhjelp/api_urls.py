"""The JSON API under /api/v1/ (selvhjelp/api.py) and its documentation page.

Every response under /api/v1/ may be read by pages on other websites: ninja's views are
wrapped in ``allow_any_origin`` here, so its error answers (404, 422) carry the header too.
"""

from django.urls import include, path
from django.urls.resolvers import URLPattern
from django.views.generic import RedirectView

from selvhjelp import api_docs
from selvhjelp.api import allow_any_origin, api

ninja_patterns, ninja_app_name, ninja_namespace = api.urls


def _open_to_any_origin(pattern):
    return URLPattern(
        pattern.pattern, allow_any_origin(pattern.callback), pattern.default_args, pattern.name
    )


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    # Before ninja's own root view (which only answers 404), so a person
                    # who opens /api/v1/ lands on the documentation.
                    path("", RedirectView.as_view(pattern_name="api:docs")),
                    path("docs", allow_any_origin(api_docs.docs), name="docs"),
                    *(_open_to_any_origin(pattern) for pattern in ninja_patterns),
                ],
                ninja_app_name,
            ),
            namespace=ninja_namespace,
        ),
    ),
]
