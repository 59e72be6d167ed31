from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talent_pool.models import Criterion, Evaluation
from talent_pool.services import evaluate, weighted_total
from tests.talent_pool.builders import make_entry, make_person


def test_weighted_total_uses_weights_and_scales(db):
    a = Criterion(name="a", weight=3, scale_max=10)
    b = Criterion(name="b", weight=1, scale_max=5)
    # (10/10*3 + 1/5*1) / 4 = 0.8
    assert weighted_total([(a, Decimal(10)), (b, Decimal(1))]) == Decimal("80.00")


def test_evaluation_keeps_scores_weights_evaluator_and_texts(personas):
    entry = make_entry(make_person(personas.district_a), personas.district_a)
    criteria = list(Criterion.objects.all())
    criteria[0].weight = 40
    criteria[0].save()
    evaluation = evaluate(
        by=personas.staff_a,
        scores={c: 10 if c == criteria[0] else 5 for c in criteria},
        political_performance="立场坚定。",
        achievements="社会影响较大。",
        pool_entry=entry,
    )
    # (40*1 + 25*0.5*3) / 115 = 0.6739...
    assert evaluation.total == Decimal("67.39")
    assert [(s.criterion.name, s.score, s.weight) for s in evaluation.scores.all()][0] == (
        "政治素质",
        10,
        40,
    )
    assert (evaluation.evaluator, evaluation.political_performance) == (
        personas.staff_a,
        "立场坚定。",
    )


@pytest.mark.parametrize("value", [-1, 10.5, "abc", None])
def test_scores_outside_the_scale_or_missing_are_refused(personas, value):
    entry = make_entry(make_person(personas.district_a), personas.district_a)
    criteria = list(Criterion.objects.all())
    scores = {c.pk: 5 for c in criteria} | {criteria[2].pk: value}
    with pytest.raises(ValidationError) as exc:
        evaluate(by=personas.staff_a, scores=scores, pool_entry=entry)
    assert list(exc.value.message_dict) == [f"score_{criteria[2].pk}"]
    assert not Evaluation.objects.exists()


def test_staff_of_another_district_cannot_evaluate(personas):
    entry = make_entry(make_person(personas.district_a), personas.district_a)
    with pytest.raises(PermissionDenied):
        evaluate(by=personas.staff_b, scores={}, pool_entry=entry)
