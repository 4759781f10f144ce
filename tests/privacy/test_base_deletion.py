"""Finding 9: deleting a base never erases its history. A base with terms, yearly reports or
revocation requests (or a page above one, like the bases index) cannot be deleted in the admin,
single or bulk: a Chinese message says to unpublish instead. A base without history can go."""

import pytest
from django.contrib.messages import get_messages

from bases.models import BaseTerm, InnovationBasePage, RevocationRequest, YearlyReportPage
from tests.factories import InnovationBasePageFactory, YearlyReportPageFactory, build_bases


@pytest.fixture
def setting(client, site_tree, django_user_model):
    home, _, _ = site_tree
    index, _ = build_bases(home)
    with_term = InnovationBasePageFactory(parent=index, title="有命名记录的基地")
    with_report = InnovationBasePageFactory(parent=index, title="有年度报告的基地", term=False)
    YearlyReportPageFactory(parent=with_report, year=2023)
    with_request = InnovationBasePageFactory(parent=index, title="有撤销申请的基地", term=False)
    RevocationRequest.objects.create(base=with_request, reason="不再开展服务")
    mistake = InnovationBasePageFactory(parent=index, title="误建的基地", term=False)
    # An administrator: deleting a page with child pages needs more than the Moderators hold.
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "x"))
    return {
        "index": index,
        "with_term": with_term,
        "with_report": with_report,
        "with_request": with_request,
        "mistake": mistake,
    }


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", ["with_term", "with_report", "with_request"])
def test_a_base_with_history_cannot_be_deleted(client, setting, name):
    base = setting[name]
    terms, reports = BaseTerm.objects.count(), YearlyReportPage.objects.count()
    for method in (client.get, client.post):
        response = method(f"/admin/pages/{base.pk}/delete/")
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{setting['index'].pk}/"
        text = " ".join(messages_of(response))
        assert f"不能删除：基地“{base.title}”" in text
        assert "请改为“取消发布”" in text
    assert InnovationBasePage.objects.filter(pk=base.pk).exists()
    assert (BaseTerm.objects.count(), YearlyReportPage.objects.count()) == (terms, reports)


def test_the_bases_index_cannot_be_deleted_with_its_bases(client, setting):
    response = client.post(f"/admin/pages/{setting['index'].pk}/delete/")
    assert response.status_code == 302
    assert "不能删除" in " ".join(messages_of(response))
    assert InnovationBasePage.objects.count() == 4


def test_bulk_delete_is_refused_too(client, setting):
    ids = [setting["with_term"].pk, setting["mistake"].pk]
    url = "/admin/bulk/wagtailcore/page/delete/?" + "&".join(f"id={pk}" for pk in ids)
    response = client.post(url, {})
    assert response.status_code == 302
    assert "不能删除：基地“有命名记录的基地”" in " ".join(messages_of(response))
    assert InnovationBasePage.objects.filter(pk__in=ids).count() == 2


def test_a_base_without_history_can_be_deleted(client, setting):
    mistake = setting["mistake"]
    response = client.post(f"/admin/pages/{mistake.pk}/delete/")
    assert response.status_code == 302
    assert not InnovationBasePage.objects.filter(pk=mistake.pk).exists()


def test_unpublishing_keeps_the_history(client, setting):
    base = setting["with_term"]
    response = client.post(f"/admin/pages/{base.pk}/unpublish/")
    assert response.status_code == 302
    base.refresh_from_db()
    assert not base.live
    assert base.terms.count() == 1
