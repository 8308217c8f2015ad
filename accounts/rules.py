"""Permission predicates about people, for `rules` and for the access helpers."""

import rules


@rules.predicate
def is_region_admin(user):
    return user.is_authenticated and user.administered_regions.exists()


@rules.predicate
def is_national_admin(user):
    return user.is_authenticated and user.is_superuser
