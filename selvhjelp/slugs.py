"""Readable, unique slugs for public addresses: "Sorggruppe i Bodø" → "sorggruppe-i-bodo".

Shared by contact points, groups and events (and the demo data). A slug is made once,
when the thing is created; editing a title later does not change it, so posters and
links already handed out keep working.
"""

import re
import unicodedata

from django.utils.text import slugify

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
MAX_BASE_LENGTH = 180  # the slug fields hold 200; room for "-123"


def norwegian_slugify(text):
    """slugify() would drop æ, ø and å (they do not decompose to ASCII); spell them out
    first so "Bodø" becomes "bodo"."""
    return slugify(unicodedata.normalize("NFC", text).translate(_NORWEGIAN_LETTERS))


def unique_slug(queryset, text, *, fallback, reserved=()):
    """The slug of ``text``, or with -2, -3, … when ``queryset`` already has it (or it is
    in ``reserved``, words the URLs use). ``fallback`` when nothing is left of ``text``.
    """
    base = norwegian_slugify(text)[:MAX_BASE_LENGTH].strip("-") or fallback
    taken = set(
        queryset.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list(
            "slug", flat=True
        )
    )
    taken.update(reserved)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
