"""City editors' permissions come from migrate itself (bases.access.grant_editor_permissions on
post_migrate), so a production install without demo content has them; practice sites are gated
by their own permission, not the bases'."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EXPECTED = {
    "bases.manage_bases",
    "bases.add_baseterm",
    "bases.change_revocationrequest",
    "bases.decide_revocationrequest",
    "bases.manage_sites",
    "bases.add_sitecategory",
    "bases.change_sitecategory",
    "bases.delete_sitecategory",
}


def _group_permissions(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_migrate_without_demo_content_gives_editors_their_permissions(group):
    # The test database is a fresh migrate with no demo content loaded.
    assert _group_permissions(group) >= EXPECTED


def test_migrate_gives_them_back_after_they_were_taken_away():
    Group.objects.get(name="Editors").permissions.clear()
    call_command("migrate", verbosity=0)
    assert _group_permissions("Editors") >= EXPECTED


def test_practice_site_admin_needs_the_sites_permission_not_the_bases_one(client, django_user_model):
    user = django_user_model.objects.create_user("bases-only", password="x")
    bases_only = Group.objects.create(name="只管基地")
    bases_only.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="manage_bases")
    )
    user.groups.add(bases_only)
    client.force_login(user)
    assert client.get("/admin/bases/report/").status_code == 200
    for url in (
        "/admin/practice-sites/open-days/",
        "/admin/practice-sites/import/",
        "/admin/practice-sites/import/template.csv",
    ):
        # Wagtail answers a denied admin page by sending the user back to the dashboard.
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url

    bases_only.permissions.add(Permission.objects.get(codename="manage_sites"))
    user = django_user_model.objects.get(pk=user.pk)  # no cached permissions
    client.force_login(user)
    assert client.get("/admin/practice-sites/open-days/").status_code == 200
    template = client.get("/admin/practice-sites/import/template.csv")
    assert template.status_code == 200
    assert template["Content-Disposition"] == 'attachment; filename="practice-sites-import-template.csv"'
