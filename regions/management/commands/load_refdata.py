from django.core.management.base import BaseCommand
from django.db import transaction

from regions.models import County, Municipality, Postcode
from regions.refdata import load_reference_data


class Command(BaseCommand):
    help = (
        "Reload counties, municipalities and postcodes from regions/data/. "
        "Updates names, adds new entries, and never deletes a municipality."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = load_reference_data(
                County=County,
                Municipality=Municipality,
                Postcode=Postcode,
                progress=lambda line: self.stdout.write(f"  {line}"),
            )
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
        for line in summary.lines():
            self.stdout.write(line)
