"""Navigation, breadcrumbs and the links between sections come from the page tree, never from
typed paths: an editor who renames a section's slug in the admin keeps every link working."""

from html.parser import HTMLParser

import pytest

from tests.factories import CoursePageFactory, sections_in_menu


class Links(HTMLParser):
    """The hrefs of a page, with those inside the main navigation and the breadcrumb apart."""

    def __init__(self):
        super().__init__()
        self.all, self.nav, self.crumbs = [], [], []
        self._inside = []  # open <nav> elements: "nav", "crumbs" or ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            label = attrs.get("aria-label")
            self._inside.append({"主导航": "nav", "位置": "crumbs"}.get(label, ""))
        elif tag == "a" and attrs.get("href"):
            self.all.append(attrs["href"])
            if "nav" in self._inside:
                self.nav.append(attrs["href"])
            if "crumbs" in self._inside:
                self.crumbs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._inside:
            self._inside.pop()


def links_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def rename(page, slug):
    page.slug = slug
    page.save_revision().publish()


@pytest.fixture
def sections(site_tree):
    courses, lessons, index = sections_in_menu(site_tree)
    CoursePageFactory(parent=courses, slug="qinzi-goutong", title="亲子沟通课")
    return {"courses": courses, "lessons": lessons, "map": index}


def test_menu_and_breadcrumbs_follow_the_page_tree(client, sections):
    links = links_of(client, "/courses/qinzi-goutong/")
    assert links.nav == ["/courses/", "/lessons/", "/map/", "/search/"]
    assert links.crumbs == ["/", "/courses/"]


def test_a_renamed_section_slug_keeps_every_link_right(client, sections):
    rename(sections["courses"], "kecheng")
    rename(sections["lessons"], "weike")
    rename(sections["map"], "ditu")

    home_links = links_of(client, "/")
    assert home_links.nav == ["/kecheng/", "/weike/", "/ditu/", "/search/"]
    assert "/weike/?age=primary" in home_links.all  # 按孩子年龄找

    course_links = links_of(client, "/kecheng/qinzi-goutong/")
    assert course_links.nav == ["/kecheng/", "/weike/", "/ditu/", "/search/"]
    assert course_links.crumbs == ["/", "/kecheng/"]

    # every link of the site's own pages still answers (the old paths would be 404s)
    for url in ("/", "/kecheng/", "/weike/", "/ditu/", "/kecheng/qinzi-goutong/", "/search/?q=亲子"):
        for href in set(links_of(client, url).all):
            if href.startswith("/") and not href.startswith("/admin/"):
                assert client.get(href).status_code == 200, f"{url} links to {href}"
    assert client.get("/courses/").status_code == 404


def test_a_section_taken_out_of_the_menu_leaves_the_navigation(client, sections):
    lessons = sections["lessons"]
    lessons.show_in_menus = False
    lessons.save_revision().publish()
    assert links_of(client, "/").nav == ["/courses/", "/map/", "/search/"]
