"""Links to the public pages of groups, events and contact points, and QR codes for them.

The public pages belong to the groups, events and contact points apps; their paths are
fixed by the URL layout in ``selvhjelp/urls.py``. Posters, the embeddable lists and the
API all link to them through these helpers, so a path changes in one place.

QR codes are drawn on the server with segno and returned as an SVG ``data:`` URI: the
Content Security Policy allows ``img-src data:``, and a poster needs no request to any
other site to show its code.
"""

from urllib.parse import quote

import segno

# Medium error correction survives a creased or partly covered poster; segno raises it
# further by itself when the symbol has room to spare.
QR_ERROR = "m"


def group_path(group):
    return f"/grupper/{quote(group.slug)}/"


def event_path(event):
    return f"/arrangementer/{quote(event.slug)}/"


def contact_point_path(contact_point):
    return f"/kontaktpunkter/{quote(contact_point.slug)}/"


def qr_code(url):
    """The QR symbol (never a Micro QR, which most phone cameras cannot read) for a URL."""
    return segno.make_qr(url, error=QR_ERROR)


def qr_svg_data_uri(url):
    """An SVG ``data:`` URI of the QR code for ``url``, for an ``<img src>``.

    The SVG has no fixed size in print units; the page's CSS gives the image its size.
    A quiet zone of four modules is what the QR standard asks for.
    """
    return qr_code(url).svg_data_uri(border=4, dark="#000", light="#fff", omitsize=True)
