from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from talent_pool.enums import RecommendationState, ReviewStatus, Tier
from talent_pool.models import (
    AnnualReview,
    Association,
    ContactLog,
    CouncilPost,
    Evaluation,
    Membership,
    PoliticalArrangement,
    PoolEntry,
    Recommendation,
    TrainingCourse,
    TrainingParticipant,
)
from talent_pool.selectors import assignments_with_last_contact, quota_rows


def counts():
    return (
        PoolEntry.objects.count(),
        Recommendation.objects.count(),
        AnnualReview.objects.count(),
        Evaluation.objects.count(),
        PoliticalArrangement.objects.count(),
        TrainingParticipant.objects.count(),
        ContactLog.objects.count(),
        Membership.objects.count(),
    )


@pytest.mark.django_db
def test_demo_pools_reviews_and_recommendations(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first

    states = set(Recommendation.objects.values_list("state", flat=True))
    assert states == set(RecommendationState.values)
    assert Recommendation.objects.values("unit").distinct().count() >= 4
    accepted = Recommendation.objects.filter(state=RecommendationState.ACCEPTED)
    assert all(rec.pool_entry.recommended_by == rec.unit for rec in accepted)

    staff = User.objects.get(username="city_staff")
    below = {
        row.region.name
        for row in quota_rows(staff)
        if row.tier == Tier.REPRESENTATIVE and row.below_minimum
    }
    assert below == {"云溪区"}
    pools = set(PoolEntry.objects.values_list("region__name", flat=True))
    assert pools == {"示范市", "明湖区", "青山区", "临江区", "云溪区"}

    last_year = timezone.localdate().year - 1
    closed = AnnualReview.objects.filter(year=last_year, status=ReviewStatus.CLOSED)
    assert closed.count() == 5
    assert AnnualReview.objects.filter(status=ReviewStatus.OPEN).count() == 1
    assert Evaluation.objects.filter(pool_entry__isnull=False).count() > 100

    # The team records.
    levels = set(PoliticalArrangement.objects.values_list("level", flat=True))
    assert {"province", "city", "county", "township"} <= levels
    statuses = set(PoliticalArrangement.objects.values_list("status", flat=True))
    assert {"recommended", "appointed"} <= statuses
    assert TrainingCourse.objects.count() == 3
    assert all(c.participants.exists() for c in TrainingCourse.objects.all())
    leader = User.objects.get(username="leader")
    contacts = list(assignments_with_last_contact(leader))
    assert len(contacts) == 6
    assert [c.overdue for c in contacts].count(True) == 1
    assert Association.objects.count() == 4
    assert {a.region.name for a in Association.objects.all()} == {
        "明湖区",
        "青山区",
        "临江区",
        "云溪区",
    }
    assert CouncilPost.objects.filter(role="president").count() == 4
