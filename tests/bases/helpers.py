"""Form data a browser would send back for the base and report editors."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def base_form_data(page, **changes):
    values = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "district": page.district,
        "summary": page.summary,
        "cover_image": "",
        "introduction": page.introduction or "",
        "contact_phone": page.contact_phone,
        "contact_email": page.contact_email,
        "visit_notes": page.visit_notes,
        "address": page.address,
        "location_precision": page.location_precision,
        "latitude": "",
        "longitude": "",
        "seo_title": "",
        "search_description": "",
        **changes,
    }
    values["introduction"] = rich_text(values["introduction"])
    values["practices"] = streamfield([])
    return nested_form_data(values)


def report_form_data(year, **changes):
    values = {
        "title": f"{year}年度工作报告",
        "slug": f"report-{year}",
        "year": str(year),
        "work_summary": "<p>全年开展家长课堂 10 次。</p>",
        "guidance_activities": "10",
        "families_served": "200",
        "summary": "",
        "seo_title": "",
        "search_description": "",
        **changes,
    }
    values["work_summary"] = rich_text(values["work_summary"])
    values["photos"] = inline_formset([])
    values["attachments"] = inline_formset([])
    return nested_form_data(values)
