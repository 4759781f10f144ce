"""Names Wagtail's own migrations create in English and the admin shows as they are: the
default workflow and its task ("提交给Moderators approval" on the submit button), the root
page of the page explorer and the root collection of images, documents and media."""

from django.db import migrations

WORKFLOWS = [("Moderators approval", "内容审核")]
TASKS = [("Moderators approval", "市级审核")]
ROOT_PAGE = ("Root", "根目录")
ROOT_COLLECTION = ("Root", "根收藏集")


def rename(apps, backwards=False):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    def pair(names):
        return tuple(reversed(names)) if backwards else names

    for names in WORKFLOWS:
        old, new = pair(names)
        Workflow.objects.filter(name=old).update(name=new)
    for names in TASKS:
        old, new = pair(names)
        Task.objects.filter(name=old).update(name=new)
    old, new = pair(ROOT_PAGE)
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    old, new = pair(ROOT_COLLECTION)
    Collection.objects.filter(depth=1, name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(lambda apps, schema_editor: rename(apps), lambda apps, schema_editor: rename(apps, True))
    ]
