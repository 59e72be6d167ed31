"""One export of the roster, for the benchmark: ``python -m bench.probe VARIANT QUERY``.

VARIANT is ``ours`` (GET /people/export.xlsx through the whole stack), ``floor`` (a plain
openpyxl write-only loop over the same rows and columns) or ``import_export``
(django-import-export's default: ``PersonResource().export()`` to a tablib Dataset, saved
as .xlsx). QUERY is the list filters' query string. Run as a program, it prints the
export's time and the process's peak memory (resident set) as JSON: the peak is reset
after Django has started, so ``export_peak_mb`` is what the export itself added.
"""

import json
import os
import sys
import tempfile
import time


def _persons(query: str):
    from django.http import QueryDict

    from accounts.models import User
    from people.filters import PersonFilter
    from people.selectors import persons_visible_to

    user = User.objects.get(username="city_staff")
    queryset = PersonFilter(
        QueryDict(query) or None, queryset=persons_visible_to(user), user=user
    ).qs
    return queryset.order_by("name_pinyin", "id")


def export(variant: str, query: str) -> int:
    """Write the export once; return the number of bytes written."""
    if variant == "ours":
        from django.test import Client

        from accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username="city_staff"))
        response = client.get(f"/people/export.xlsx?{query}")
        if response.status_code != 200:
            raise SystemExit(f"export answered {response.status_code}")
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        return size
    if variant == "floor":
        from openpyxl import Workbook

        from people.resources import COLUMNS, REGION, SUBTYPE

        names = [f"{c.field}__name" if c.kind in (SUBTYPE, REGION) else c.field for c in COLUMNS]
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("人员名册")  # not-ui: as the export names its sheet
        sheet.append([c.header for c in COLUMNS])
        for row in _persons(query).values_list(*names).iterator(chunk_size=2000):
            sheet.append(row)
        with tempfile.TemporaryFile() as handle:
            workbook.save(handle)
            return handle.tell()
    if variant == "import_export":
        from people.resources import PersonResource

        dataset = PersonResource().export(_persons(query))
        data = dataset.export("xlsx")
        with tempfile.TemporaryFile() as handle:
            handle.write(data)
            return handle.tell()
    raise SystemExit(f"unknown variant {variant!r}")


def _status(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    variant, query = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roster_site.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Import what the export uses before the peak is reset, so that it counts the data.
    import import_export.resources  # noqa: F401
    import openpyxl  # noqa: F401
    import tablib  # noqa: F401

    from people.models import Person
    from people.resources import PersonResource  # noqa: F401

    Person.objects.exists()
    before = _status("VmRSS")
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # reset the peak (VmHWM) to the current size
        reset = True
    except OSError:
        reset = False
    began = time.perf_counter()
    size = export(variant, query)
    seconds = time.perf_counter() - began
    peak = _status("VmHWM")
    print(
        json.dumps(
            {
                "probe_seconds": round(seconds, 2),
                "bytes": size,
                "rss_before_mb": round(before, 1),
                "process_peak_mb": round(peak, 1),
                "export_peak_mb": round(peak - before, 1) if reset else None,
            }
        )
    )


if __name__ == "__main__":
    main()
