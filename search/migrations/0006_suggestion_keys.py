"""The suggestion lookup keys (SearchKey, see search/models.py): indexed prefix ranges instead
of scanning the vocabulary. On PostgreSQL the key is compared byte-wise (COLLATE "C") so that
a prefix is a range whatever the database's collation (SQLite compares byte-wise already).
The keys of the existing vocabulary are written here; `rebuild_search_vocabulary` rewrites them."""

import django.db.models.deletion
from django.db import migrations, models


def byte_order_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE search_searchkey ALTER COLUMN "key" TYPE varchar(40) COLLATE "C"')


def write_keys(apps, schema_editor):
    from search.vocabulary import entry_keys

    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchKey = apps.get_model("search", "SearchKey")
    batch = []
    for entry_id, folded, weight in SearchEntry.objects.values_list("id", "folded", "weight").iterator():
        batch += [SearchKey(entry_id=entry_id, key=key) for key in entry_keys(folded, weight)]
        if len(batch) >= 5000:
            SearchKey.objects.bulk_create(batch)
            batch = []
    SearchKey.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0005_more_default_synonyms"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=40, verbose_name="检索键")),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="keys", to="search.searchentry"
                    ),
                ),
            ],
            options={
                "verbose_name": "搜索提示检索键",
                "verbose_name_plural": "搜索提示检索键",
                "indexes": [models.Index(fields=["key"], name="search_key_prefix")],
            },
        ),
        migrations.RunPython(byte_order_on_postgresql, migrations.RunPython.noop),
        migrations.RunPython(write_keys, migrations.RunPython.noop),
    ]
