import pytest
from django.core.exceptions import ValidationError

from units.enums import RegionLevel
from units.models import Region
from units.validators import validate_region_code


@pytest.fixture
def tree(db):
    """A 4-level tree: province → city → two counties → townships and a community."""
    province = Region.objects.create(code="330000", name="某省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(
        code="339900", name="示范市", level=RegionLevel.CITY, parent=province
    )
    county_a = Region.objects.create(
        code="339902", name="明湖区", level=RegionLevel.COUNTY, parent=city
    )
    county_b = Region.objects.create(
        code="339903", name="青山区", level=RegionLevel.COUNTY, parent=city
    )
    town_a = Region.objects.create(
        code="339902001", name="湖滨街道", level=RegionLevel.TOWNSHIP, parent=county_a
    )
    community = Region.objects.create(
        code="339902001002", name="柳岸社区", level=RegionLevel.COMMUNITY, parent=town_a
    )
    town_b = Region.objects.create(
        code="339903001", name="青峰街道", level=RegionLevel.TOWNSHIP, parent=county_b
    )
    return {
        "province": province,
        "city": city,
        "county_a": county_a,
        "county_b": county_b,
        "town_a": town_a,
        "community": community,
        "town_b": town_b,
    }


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_subtree_of_county_holds_only_its_own_descendants(tree):
    assert names(tree["county_a"].subtree()) == {"明湖区", "湖滨街道", "柳岸社区"}


def test_subtree_of_city_holds_every_county_and_below(tree):
    assert names(tree["city"].subtree()) == {
        "示范市",
        "明湖区",
        "青山区",
        "湖滨街道",
        "柳岸社区",
        "青峰街道",
    }


def test_subtree_of_leaf_is_itself(tree):
    assert names(tree["community"].subtree()) == {"柳岸社区"}


def test_path_is_chain_of_codes(tree):
    assert tree["community"].path == "/330000/339900/339902/339902001/339902001002/"


def test_moving_a_region_moves_its_descendants_paths(tree):
    town = tree["town_a"]
    town.parent = tree["county_b"]
    town.save()
    tree["community"].refresh_from_db()
    assert tree["community"].path == "/330000/339900/339903/339902001/339902001002/"
    assert names(tree["county_b"].subtree()) == {"青山区", "青峰街道", "湖滨街道", "柳岸社区"}
    assert names(tree["county_a"].subtree()) == {"明湖区"}


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("33990", RegionLevel.COUNTY),
        ("33990A", RegionLevel.COUNTY),
        ("339900", RegionLevel.COUNTY),
        ("339901", RegionLevel.CITY),
        ("330100", RegionLevel.PROVINCE),
        ("003300", RegionLevel.CITY),
        ("3399020", RegionLevel.TOWNSHIP),
        ("339902001", RegionLevel.COMMUNITY),
    ],
)
def test_malformed_codes_are_refused_with_chinese_message(code, level):
    with pytest.raises(ValidationError) as exc:
        validate_region_code(code, level)
    assert any("区划代码" in message for message in exc.value.messages)


def test_child_code_must_extend_parent_code(tree):
    stray = Region(
        code="339904001", name="错位街道", level=RegionLevel.TOWNSHIP, parent=tree["county_a"]
    )
    with pytest.raises(ValidationError) as exc:
        stray.full_clean()
    assert "339902" in exc.value.message_dict["code"][0]


def test_region_cannot_be_moved_below_itself(tree):
    county = tree["county_a"]
    county.parent = tree["town_a"]
    with pytest.raises(ValidationError):
        county.full_clean()
