"""Messages of Django and django-allauth that we translate ourselves.

Their own bokmål catalogues lag behind or read awkwardly for these. Naming the messages
here lets `make messages` keep them in locale/nb, and LOCALE_PATHS catalogues take
precedence over those of installed packages. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO = [
    # Django 5.2 changed this msgid (%(min_length)d became %d); its nb catalogue has only
    # the old one, so the error showed in English.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
]

ALLAUTH = [
    gettext_noop("Change Password"),
    gettext_noop("Forgot your password?"),
]
