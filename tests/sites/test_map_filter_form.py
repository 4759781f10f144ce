"""The map's filters are the shared filter form (templates/includes/filters.html) drawn from its
FilterSet: the layers first, 无需预约 and 无障碍 as two labelled checkboxes under 到访条件, unfolded
when filters are in effect, the messages about ignored values in the part the map's script
replaces."""

from tests.factories import PracticeSitePageFactory
from tests.home.test_filter_form import FilterForm


def test_the_map_draws_the_shared_filter_form(client, map_index, categories):
    PracticeSitePageFactory(parent=map_index, title="示例点位", district="yuzhong")

    html = client.get(map_index.url).content.decode()
    form = FilterForm(html)

    assert '<form class="filters map-filters" method="get" action="">' in html
    assert form.legends == ["显示", "类别", "区县", "开放日", "到访条件", "适合年龄段"]
    assert form.links == {"清除筛选": map_index.url}
    for name, label in (("no_appointment", "无需预约"), ("barrier_free", "无障碍")):
        box = f'<input type="checkbox" name="{name}" value="1" id="id_{name}">'
        assert f'<label for="id_{name}">{box} {label}</label>' in html, label
    assert '<details class="filters__details">' in html  # folded while no filter is in effect


def test_with_filters_the_form_unfolds_and_messages_sit_in_the_results(client, map_index, categories):
    PracticeSitePageFactory(parent=map_index, title="示例点位", district="yuzhong")

    html = client.get(map_index.url, {"barrier_free": "1", "when": "someday"}).content.decode()

    assert '<details class="filters__details" open>' in html
    assert '<input type="checkbox" name="barrier_free" value="1" id="id_barrier_free" checked>' in html
    message = "筛选条件“开放日”中有无法识别的值，已忽略。"
    assert html.count(message) == 1
    assert html.index('id="map-results"') < html.index(message)
