"""The page behind the "stop these emails" link in digests and summaries.

No sign-in: the signed token in the link is the key. GET only asks (mail scanners open
links, but they do not press buttons); POST switches the digests off.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from notifications.digests import digests_unsubscribe, user_for_unsubscribe_token


def _masked(email):
    """p•••@example.no: enough to recognise one's own address, not to read someone's."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    user = user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        digests_unsubscribe(user=user)
        return render(request, "notifications/unsubscribe_done.html")
    return render(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "email": _masked(user.email), "subscribed": user.receives_digest},
    )
