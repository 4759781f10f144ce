"""Where every page type may be created (STYLE.md item 3)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from resources.models import CourseIndexPage, CoursePage, MicroLessonIndexPage, MicroLessonPage
from tests.factories import build_site


class PagePlacementTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.courses, cls.lessons = build_site()

    def test_home_lives_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(CourseIndexPage, HomePage)

    def test_sections_live_under_home(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(MicroLessonIndexPage, {HomePage})

    def test_courses_only_in_the_course_section(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(MicroLessonIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)

    def test_lessons_only_in_the_lesson_section(self):
        self.assertAllowedParentPageTypes(MicroLessonPage, {MicroLessonIndexPage})
        self.assertCanCreateAt(MicroLessonIndexPage, MicroLessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, MicroLessonPage)

    def test_leaf_pages_have_no_children(self):
        self.assertAllowedSubpageTypes(CoursePage, set())
        self.assertAllowedSubpageTypes(MicroLessonPage, set())

    def test_only_one_home_and_one_of_each_section(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(CourseIndexPage.can_create_at(self.home))
        self.assertFalse(MicroLessonIndexPage.can_create_at(self.home))
