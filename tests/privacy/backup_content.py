"""Run inside `manage.py shell` by test_backup.py against a throwaway database: makes a small
site (pages, a base with a term and a yearly report, a document with a file, an account) and
prints its state as JSON, to compare before the backup and after the restore."""

import hashlib
import json

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from bases.models import BaseTerm
from tests.factories import (
    CoursePageFactory,
    InnovationBasePageFactory,
    YearlyReportPageFactory,
    build_bases,
    build_site,
)


def create():
    home, courses, _ = build_site()
    CoursePageFactory(parent=courses, title="备份测试课程")
    index, _ = build_bases(home)
    base = InnovationBasePageFactory(parent=index, title="备份测试基地", term=("2022-01-01", "2026-12-31"))
    YearlyReportPageFactory(parent=base, year=2023)
    document = get_document_model()(title="备份测试文件")
    document.file.save("backup-test.txt", ContentFile("书面报告：备份测试\n".encode()), save=True)
    get_user_model().objects.create_user("backup-user", password="backup-password-1")


def state():
    documents = []
    for document in get_document_model().objects.order_by("title"):
        with document.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        documents.append([document.title, document.file.name, digest])
    print(
        json.dumps(
            {
                "pages": sorted(Page.objects.filter(depth__gt=1).values_list("title", flat=True)),
                "documents": documents,
                "terms": sorted(
                    f"{term.base.title} {term.start_date} {term.end_date}" for term in BaseTerm.objects.all()
                ),
                "users": sorted(get_user_model().objects.values_list("username", flat=True)),
            },
            ensure_ascii=False,
        )
    )
