"""Helpers for the group search tests: groups placed in named municipalities.

Municipality numbers used: Bodø 1804 and Fauske 1841 (Nordland), Oslo 0301, Tromsø 5501
(Troms).
"""

from tests.factories import ContactPointFactory, SelfHelpGroupFactory, municipality

BODO = "1804"
FAUSKE = "1841"
OSLO = "0301"
TROMSO = "5501"


def contact_point_in(number, **kwargs):
    return ContactPointFactory(municipality=municipality(number), **kwargs)


def group_in(number, *, contact_point=None, **kwargs):
    """A public group meeting in municipality ``number``, run by a contact point there."""
    contact_point = contact_point or contact_point_in(number)
    return SelfHelpGroupFactory(
        contact_point=contact_point, municipality=municipality(number), **kwargs
    )
