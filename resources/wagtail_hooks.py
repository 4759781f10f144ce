from django.contrib import messages
from wagtail import hooks

from .models import CoursePage


def _warn_if_basic_course_incomplete(request, page):
    """Drafts may be incomplete; say what is missing so it is no surprise at publish time."""
    page = page.specific
    if isinstance(page, CoursePage):
        for problem in page.basic_course_problems():
            messages.warning(request, f"草稿已保存，但发布前需要改正：{problem}")


hooks.register("after_create_page", _warn_if_basic_course_incomplete)
hooks.register("after_edit_page", _warn_if_basic_course_incomplete)
