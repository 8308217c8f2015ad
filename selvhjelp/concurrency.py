"""Two people editing the same thing at once: the second is told, nothing is lost.

Objects edited in the workspace (a group, an enquiry) carry a ``version`` number. The
edit form sends back the version it was opened with; the service calls
``version_claim`` inside its transaction, which raises ``EditConflict`` when someone
saved in between. The view then shows the form again, with what the person typed and
a message saying what changed.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(ValidationError):
    """Someone else saved the object after this person opened it."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Someone else saved changes here after you opened the page. Your text is "
                "still in the form: check the current version and save again."
            ),
            code="edit_conflict",
        )


def version_claim(model, *, pk, version):
    """Raise the stored version of ``model`` ``pk`` by one if it still is ``version``.

    Call inside ``transaction.atomic()`` before writing the other fields; the row stays
    locked until the transaction ends, so two saves cannot both pass. Raises
    ``EditConflict`` when the version has moved on (or the object is gone).
    """
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise EditConflict() from None
    claimed = model.objects.filter(pk=pk, version=version).update(version=F("version") + 1)
    if claimed != 1:
        raise EditConflict()
    return version + 1
