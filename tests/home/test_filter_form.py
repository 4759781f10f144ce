"""The filter form the lists and the search page share (templates/includes/filters.html): it
submits to the page it is on, and on the search page it keeps the search words when filtering and
when clearing the filters."""

from html.parser import HTMLParser

from tests.factories import CoursePageFactory


class FilterForm(HTMLParser):
    """The action, hidden inputs, legends and links of the page's ``form.filters``."""

    def __init__(self, html):
        super().__init__()
        self.inside, self.action, self.hidden, self.legends, self.links = False, None, {}, [], {}
        self._legend = self._link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "filters" in (attrs.get("class") or "").split():
            self.inside, self.action = True, attrs.get("action")
        elif self.inside and tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value")
        elif self.inside and tag == "legend":
            self._legend = ""
        elif self.inside and tag == "a":
            self._link = [attrs.get("href"), ""]

    def handle_data(self, data):
        if self._legend is not None:
            self._legend += data
        if self._link is not None:
            self._link[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "legend" and self._legend is not None:
            self.legends.append(self._legend.strip())
            self._legend = None
        elif tag == "a" and self._link is not None:
            self.links[self._link[1].strip()] = self._link[0]
            self._link = None


def test_search_filters_keep_the_search_words(client, site_tree):
    _, courses, _ = site_tree
    CoursePageFactory(parent=courses, title="亲子阅读基础课", kind="basic", age_stages=["primary"])

    form = FilterForm(client.get("/search/", {"q": "亲子阅读"}).content.decode())

    assert form.action == ""  # the search page itself, wherever it is mounted
    assert form.hidden == {"q": "亲子阅读"}
    assert form.legends[0] == "内容类型" and form.legends[-1] == "排序"
    assert form.links == {"清除筛选": "?q=%E4%BA%B2%E5%AD%90%E9%98%85%E8%AF%BB"}


def test_a_list_clears_its_filters_to_the_list_page(client, site_tree):
    _, courses, _ = site_tree
    CoursePageFactory(parent=courses, title="亲子阅读基础课", kind="basic", age_stages=["primary"])

    form = FilterForm(client.get(courses.url, {"kind": "basic"}).content.decode())

    assert form.action == ""
    assert form.hidden == {}
    assert form.links == {"清除筛选": courses.url}
