"""factory_boy factories for the portal's models, with Norwegian-looking data."""

import datetime

import factory
from django.utils import timezone

from accounts.models import User
from contactpoints.models import ContactPoint, Membership, OrganisationType, Starter
from enquiries.models import Enquiry, InterestRegistration
from events.models import Event, Registration
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment, Topic
from regions.models import Municipality, Region

factory.Faker._DEFAULT_LOCALE = "no_NO"

PASSWORD = "et-langt-testpassord"


def municipality(number="0301"):
    return Municipality.objects.get(number=number)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Mark the address verified, as allauth requires before sign-in."""
        obj.save()
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    name = factory.Sequence(lambda n: f"Frivilligsentral nr. {n}")
    slug = factory.Sequence(lambda n: f"kontaktpunkt-{n}")
    organisation_type = factory.LazyFunction(
        lambda: OrganisationType.objects.get(code="frivilligsentral")
    )
    organisation = "Oslo kommune"
    municipality = factory.LazyFunction(municipality)
    email = factory.Sequence(lambda n: f"post{n}@frivilligsentral.no")
    responsible_person = "Kari Nordmann, daglig leder"
    status = ContactPoint.Status.APPROVED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    contact_point = factory.SubFactory(ContactPointFactory)
    role = Membership.Role.STAFF


class StarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Starter

    contact_point = factory.SubFactory(ContactPointFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"igangsetter{n}@example.no")
    trained_on = datetime.date(2025, 9, 1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Testregion {n}")
    slug = factory.Sequence(lambda n: f"testregion-{n}")


def topic(slug="angst"):
    return Topic.objects.get(slug=slug)


class SelfHelpGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfHelpGroup
        skip_postgeneration_save = True

    contact_point = factory.SubFactory(ContactPointFactory)
    title = factory.Sequence(lambda n: f"Samtalegruppe {n}")
    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    municipality = factory.SelfAttribute("contact_point.municipality")
    status = SelfHelpGroup.Status.RECRUITING

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class GroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMeeting

    group = factory.SubFactory(SelfHelpGroupFactory)
    starts_at = factory.Sequence(
        lambda n: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7 + n)
    )


class StarterAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StarterAssignment

    meeting = factory.SubFactory(GroupMeetingFactory)
    starter = factory.SubFactory(
        StarterFactory, contact_point=factory.SelfAttribute("..meeting.group.contact_point")
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    contact_point = factory.SubFactory(ContactPointFactory)
    title = factory.Sequence(lambda n: f"Informasjonsmøte om selvhjelp {n}")
    slug = factory.Sequence(lambda n: f"arrangement-{n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    municipality = factory.LazyAttribute(
        lambda o: o.contact_point.municipality if o.contact_point else municipality()
    )
    venue_name = "Biblioteket"
    capacity = 20


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.no")


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    contact_point = factory.SubFactory(ContactPointFactory)
    kind = Enquiry.Kind.JOIN_GROUP
    name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"innbygger{n}@example.no")
    consent_given_at = factory.LazyFunction(timezone.now)


class InterestRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestRegistration

    topic = factory.LazyFunction(topic)
    municipality = factory.LazyFunction(municipality)
