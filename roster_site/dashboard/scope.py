"""Which region the dashboard shows: the user's own, or one chosen with ``?region=``."""

from dataclasses import dataclass

from django.http import Http404

from accounts.selectors import region_scope
from units.enums import RegionLevel
from units.models import Region


@dataclass
class Scope:
    """The region the dashboard shows, and whether the user chose it (``?region=``)."""

    region: object
    chosen: bool

    def narrow(self, queryset, region_field: str):
        """Return queryset limited to the shown region's subtree (when one was chosen).

        The selectors already limit every queryset to the user's own scope, so the user's
        own region needs no further filter. The subtree is a subquery on the region ids
        rather than a join: on PostgreSQL that keeps a million-row count a semi-join.
        """
        if not self.chosen:
            return queryset
        subtree = Region.objects.filter(path__startswith=self.region.path).values("pk")
        return queryset.filter(**{f"{region_field}__in": subtree})

    def contains(self, region) -> bool:
        return region.path.startswith(self.region.path)

    @property
    def list_params(self) -> dict:
        """Return the query parameters that limit the roster list to the shown region."""
        return {"region": self.region.pk} if self.chosen else {}


def resolve_scope(user, raw_region) -> Scope | None:
    """Return the scope for ``?region=<pk>``; 404 for a region outside the user's scope.

    Without a region the scope is the user's own (their unit's region); None when the
    user has no unit and so sees nothing.
    """
    if user.unit_id is None:
        if raw_region:
            raise Http404
        return None
    own = user.unit.region
    if raw_region in (None, ""):
        return Scope(region=own, chosen=False)
    if not str(raw_region).isdigit() or len(str(raw_region)) > 12:
        raise Http404
    region = region_scope(user).filter(pk=int(raw_region)).first()
    if region is None:
        raise Http404
    return Scope(region=region, chosen=region.pk != own.pk)


def switchable_regions(user, scope: Scope) -> list:
    """Return the regions the user can switch the whole dashboard to (city and counties)."""
    regions = list(
        region_scope(user)
        .filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY])
        .order_by("path")
    )
    if scope.region not in regions:
        regions.append(scope.region)
    return regions
