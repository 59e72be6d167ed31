from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Cap, has_cap

# (label, URL name, capability); entries whose URL does not exist yet are left out.
NAVIGATION = [
    (_("首页"), "home", None),
    (_("人员名册"), "people:list", Cap.VIEW_ROSTER),
    (_("代表人士人才库"), "talent_pool:list", Cap.VIEW_POOL),
    (_("推荐"), "talent_pool:recommendations", Cap.SUBMIT_RECOMMENDATION),
    (_("推荐审核"), "talent_pool:recommendations", Cap.REVIEW_RECOMMENDATION),
    (_("联席会议"), "meetings:list", Cap.VIEW_MEETINGS),
    (_("议定事项"), "meetings:actions", Cap.VIEW_MEETINGS),
    (_("成员单位"), "units:list", Cap.VIEW_UNITS),
    (_("审计日志"), "audit:list", Cap.VIEW_AUDIT),
    (_("管理后台"), "admin:index", Cap.MANAGE_ACCOUNTS),
]


def navigation(request):
    """Give templates the navigation entries the signed-in user may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, cap in NAVIGATION:
        if cap is not None and not has_cap(user, cap):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # Highlight the one entry whose URL is the longest prefix of the current path.
    matches = [item for item in items if _matches(request.path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}


def _matches(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)
