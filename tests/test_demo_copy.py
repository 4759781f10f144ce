"""A test that commits borrows a copy of the shared demo (tests/demo_database.py). The flush
pytest-django runs after such a test must empty the copy, never the test database: when it did,
every module the same worker ran next lost Wagtail's locale and root page (a full run had about
400 errors "Locale matching query does not exist")."""

from wagtail.models import Locale, Page

from resources.models import MicroLessonPage


def test_a_test_that_commits_reads_the_demo(demo_live_database):
    assert MicroLessonPage.objects.live().exists()


def test_the_tests_after_it_find_the_database_as_migrate_left_it(shared_demo, django_db_blocker):
    # No database fixture: pytest-django runs this after the transactional test above, and the
    # shared demo (the session's, not borrowed here) puts both in one xdist group, on one worker.
    with django_db_blocker.unblock():
        assert Locale.objects.filter(language_code="zh-hans").exists()
        assert Page.objects.filter(depth=1).exists()
        assert not MicroLessonPage.objects.exists()
