"""Norwegian reference data (counties, municipalities, postcodes) and district regions.

Counties and municipalities use Statistics Norway's official numbers as primary keys,
so a number in a URL or a CSV export means the same everywhere. They are loaded from
the files in ``regions/data/`` (see ``regions.refdata``) and never deleted while data
points to them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A fylke, numbered by Statistics Norway (classification 104)."""

    number = models.CharField(_("county number"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{2}$"), name="regions_county_number_two_digits"
            ),
        ]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A kommune, numbered by Statistics Norway (classification 131)."""

    number = models.CharField(_("municipality number"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    is_current = models.BooleanField(
        _("current"),
        default=True,
        help_text=_("False once a reload no longer lists it (merged or split). Kept for history."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{4}$"),
                name="regions_municipality_number_four_digits",
            ),
        ]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A postnummer from Bring's register, mapped to its primary municipality.

    A few postcodes (Svalbard, Jan Mayen) lie outside any municipality; theirs is empty.
    """

    class Category(models.TextChoices):
        STREET = "G", _("street addresses")
        PO_BOX = "P", _("post boxes")
        BOTH = "B", _("street addresses and post boxes")
        SERVICE = "S", _("service code")

    code = models.CharField(_("postcode"), max_length=4, primary_key=True)
    place = models.CharField(_("postal town"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="postcodes",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    category = models.CharField(_("category"), max_length=1, choices=Category.choices)

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="regions_postcode_four_digits"
            ),
            models.CheckConstraint(
                condition=Q(category__in=["G", "P", "B", "S"]), name="regions_postcode_category"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.place}"


class Region(models.Model):
    """An area a district office oversees: a named set of counties.

    Selvhjelp Norge's district offices closed in 2023, so which counties belong to
    which region is data that national admins edit, not code.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    counties = models.ManyToManyField(
        County,
        through="RegionCounty",
        related_name="regions",
        blank=True,
        verbose_name=_("counties"),
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="administered_regions",
        blank=True,
        verbose_name=_("region admins"),
        help_text=_("District-office staff who approve and oversee this region's contact points."),
    )
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegionCounty(models.Model):
    """A county's place in a region. A county belongs to at most one region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="region_counties")
    county = models.OneToOneField(
        County, on_delete=models.CASCADE, related_name="region_county", verbose_name=_("county")
    )

    class Meta:
        verbose_name = _("county in region")
        verbose_name_plural = _("counties in region")
        ordering = ["county"]

    def __str__(self):
        return f"{self.region}: {self.county}"
