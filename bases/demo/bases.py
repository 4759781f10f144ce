"""Demo bases for `manage.py load_demo_content`: the 20 bases of the 2020 batch, a few demo
yearly reports, and the review setup. Idempotent like the rest of the loader: it adds only
what is missing and never changes a page, term or report that exists.

Recipe: edit bases/demo/bases_content.py and run `make demo` on a fresh database."""

import datetime

from ..access import ensure_review_setup
from ..models import BaseIndexPage, BaseTerm, InnovationBasePage, YearlyReportPage
from . import bases_content


def _date(text):
    return datetime.date.fromisoformat(text)


def _stream(blocks):
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def load_bases(report, home, content=None, *, records):
    """Create /bases/ under ``home`` and whatever demo bases and reports were never created
    (``records``: what the demo has created before, given by the orchestrating loader
    (home.demo.records.DemoRecords); what an editor deleted stays deleted)."""
    if content is None:
        content = bases_content

    index = report.ensure_child(home, BaseIndexPage, **content.INDEX)
    ensure_review_setup(index)

    existing = {page.slug: page for page in InnovationBasePage.objects.child_of(index)}
    for item in content.BASES:
        base = existing.get(item["slug"])
        key = f"base:{item['slug']}"
        if base is None and not records.seen(key):
            base = InnovationBasePage(
                title=item["title"],
                slug=item["slug"],
                district=item["district"],
                kind=item["kind"],
                summary=item["summary"],
                introduction=item["introduction"],
                practices=_stream(item.get("practices", [])),
                is_example=True,
            )
            index.add_child(instance=base)
            base.save_revision().publish()
            BaseTerm.objects.create(
                base=base,
                batch_year=content.TERM["batch_year"],
                document_title=content.TERM["document_title"],
                document_number=content.TERM["document_number"],
                start_date=_date(content.TERM["start_date"]),
                end_date=_date(content.TERM["end_date"]),
            )
            report.add(base.title)
        else:
            report.kept += 1
        records.remember(key)
        if base is None:
            continue

        years = set(YearlyReportPage.objects.child_of(base).values_list("year", flat=True))
        for entry in item.get("reports", []):
            report_key = f"report:{item['slug']}:{entry['year']}"
            if entry["year"] in years or records.seen(report_key):
                records.remember(report_key)
                report.kept += 1
                continue
            page = YearlyReportPage(
                title=f"{entry['year']}年度工作报告",
                slug=f"report-{entry['year']}",
                year=entry["year"],
                work_summary=entry["summary"],
                guidance_activities=entry["activities"],
                families_served=entry["families"],
                summary=f"{base.title} {entry['year']} 年度家庭教育指导服务工作情况（示例）。",
                is_example=True,
            )
            base.add_child(instance=page)
            page.save_revision().publish()
            records.remember(report_key)
            report.add(f"{base.title} {page.title}")
    return index
