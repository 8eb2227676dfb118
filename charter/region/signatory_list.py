"""The compliance list (``/region/signataires``) and its CSV and XLSX exports.

The three read the same query string (``q``, ``departement``, ``statut``, ``verdict``,
``service``, ``version``, ``tri``, ``ordre``), so a view can be bookmarked, shared and exported
as it is on screen. Unknown values are ignored rather than refused.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.core.change_requests import LIST_FILTERS
from charter.core.compliance import REASONS, VERDICT_LABELS
from charter.downloads import attachment
from charter.extensions import db
from charter.models import Role
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.region import compliance_content
from charter.region.blueprint import bp
from charter.reports.region_exports import compliance_csv_chunks, compliance_xlsx
from charter.services import charters, kept_standing, standing_list
from charter.services import compliance_facts as compliance
from charter.services.dates import today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Query-string names of the filters, as the address shows them.
FILTER_ARGS = (
    "q",
    "departement",
    "statut",
    "verdict",
    "service",
    "version",
    "demande",
    "tri",
    "ordre",
)


def _filters() -> compliance.ComplianceFilters:
    args = request.args

    def known(name: str, allowed: Any) -> str:
        value = args.get(name, "")
        return value if value in allowed else ""

    return compliance.ComplianceFilters(
        text=args.get("q", "")[: compliance.MAX_TEXT].strip(),
        department=known("departement", NORMANDY_DEPARTMENTS),
        status=known("statut", compliance.ROW_STATUSES),
        verdict=known("verdict", compliance.VERDICTS),
        service=known("service", PROVIDER_SERVICES),
        version=args.get("version", "")[:20],
        request=known("demande", LIST_FILTERS),
        sort=known("tri", compliance.SORT_KEYS) or "name",
        descending=args.get("ordre") == "desc",
    )


def _query_args(filters: compliance.ComplianceFilters) -> dict[str, str]:
    """The filters as query-string arguments (empty ones left out)."""
    values = {
        "q": filters.text,
        "departement": filters.department,
        "statut": filters.status,
        "verdict": filters.verdict,
        "service": filters.service,
        "version": filters.version,
        "demande": filters.request,
        "tri": "" if filters.sort == "name" else filters.sort,
        "ordre": "desc" if filters.descending else "",
    }
    return {k: v for k, v in values.items() if v}


def _filtered_rows() -> tuple[compliance.ComplianceFilters, list[compliance.ComplianceRow]]:
    """The filters asked for and every matching row from the kept standing, in order (read
    now, inside the request: the CSV is streamed after the view returns)."""
    filters = _filters()
    kept_standing.ensure_current(db.session)
    return filters, list(standing_list.compliance_rows(db.session, filters))


@bp.get("/signataires", endpoint="compliance")
def compliance_list() -> str:
    """Every provider with its signature, self-assessment, outreach and verdict (read from the
    kept standing: a fixed number of queries for the page, whatever the number of signatories;
    the content is memoised under a stamp of what it prints, see compliance_content)."""
    filters = _filters()
    per_page = request.args.get("par_page", type=int)
    if per_page not in compliance.PAGE_SIZES:
        per_page = int(current_app.config["COMPLIANCE_PAGE_SIZE"])
    kept_standing.ensure_current(db.session)
    page = standing_list.compliance_page_rows(
        db.session, filters, request.args.get("page", 1, type=int), per_page
    )
    args = _query_args(filters)
    view = compliance_content.ListView(
        filters=filters,
        page=page,
        args=args,
        page_args={**args, **({"par_page": str(per_page)} if "par_page" in request.args else {})},
        labels=charters.published_labels(db.session),
        can_import=current_user.role is Role.REGION_ADMIN,
    )
    return render_template(
        "region/compliance.html",
        page=page,
        content=compliance_content.rendered_content(
            view, lambda key: _sort_link(filters, args, key)
        ),
    )


def _sort_link(
    filters: compliance.ComplianceFilters, args: dict[str, str], key: str
) -> dict[str, str | None]:
    """The address that sorts by ``key`` (reversing the order if it is the current key), and
    the ``aria-sort`` value of its column header."""
    current = filters.sort == key
    descending = not filters.descending if current else False
    target = {k: v for k, v in args.items() if k not in ("tri", "ordre")}
    if key != "name":
        target["tri"] = key
    if descending:
        target["ordre"] = "desc"
    state = ("descending" if filters.descending else "ascending") if current else None
    return {"href": url_for("region.compliance", **target), "aria_sort": state}


@bp.get("/signataires.csv", endpoint="compliance_csv")
def compliance_csv() -> Response:
    """The filtered list as CSV (semicolons, UTF-8 with BOM, French headers), streamed."""
    _filters_used, rows = _filtered_rows()
    chunks = compliance_csv_chunks(rows, _export_labels())  # produced while it is sent
    return attachment(chunks, "text/csv; charset=utf-8", _filename("csv"))  # type: ignore[arg-type]


@bp.get("/signataires.xlsx", endpoint="compliance_xlsx")
def compliance_xlsx_view() -> Response:
    """The filtered list as an Excel workbook: typed cells, dates as dates, header frozen."""
    _filters_used, rows = _filtered_rows()
    body = compliance_xlsx(rows, _export_labels(), title=_("Signataires de la charte"))
    return attachment(body, XLSX, _filename("xlsx"))


def _export_labels() -> dict[str, str]:
    """Every label an export writes, translated now, inside the request (the exports module is
    pure, and the streamed CSV is written after the view returns)."""
    names = {f"department:{code}": str(label) for code, label in NORMANDY_DEPARTMENTS.items()}
    names |= {f"service:{code}": str(label) for code, label in PROVIDER_SERVICES.items()}
    names |= {f"status:{c}": _(label) for c, label in compliance.ROW_STATUS_LABELS.items()}
    names |= {f"verdict:{c}": _(label) for c, label in VERDICT_LABELS.items()}
    names |= {f"reason:{c}": _(label) for c, label in REASONS.items()}
    return names


def _filename(extension: str) -> str:
    return f"signataires-charte-{today().isoformat()}.{extension}"
