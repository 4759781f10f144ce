"""The search results page costs as many queries with ten results shown as with two, on every
backend: the badges a result shows (a course's class hours, read from its sessions; a lesson's
media and length) are loaded with the page list, never one page at a time while rendering."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CoursePageFactory, MicroLessonPageFactory

from .conftest import refresh


def _add_courses(parent, count, start):
    for n in range(start, start + count):
        CoursePageFactory(
            parent=parent,
            title=f"亲子阅读课堂{n + 1}",
            sessions=[("2026-09-12 19:00", 2), ("2026-10-12 19:00", 1.5)],
        )


def _add_lessons(parent, count, start):
    for n in range(start, start + count):
        MicroLessonPageFactory(parent=parent, title=f"亲子阅读微课{n + 1}")


def _queries(client):
    client.get("/search/", {"q": "亲子阅读"})  # caches warm (content types, synonyms, sites)
    with CaptureQueriesContext(connection) as context:
        response = client.get("/search/", {"q": "亲子阅读"})
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.django_db
def test_ten_results_cost_as_many_queries_as_two(client, site_tree, backend):
    _, courses, lessons = site_tree
    _add_courses(courses, 1, 0)
    _add_lessons(lessons, 1, 0)
    refresh(backend)
    few, small = _queries(client)
    assert len(small.context["items"]) == 2
    assert "3.5 课时" in small.content.decode()

    _add_courses(courses, 4, 1)
    _add_lessons(lessons, 6, 1)
    refresh(backend)
    many, large = _queries(client)
    assert len(large.context["items"]) == 10
    assert large.content.decode().count("3.5 课时") == 5
    assert many == few
