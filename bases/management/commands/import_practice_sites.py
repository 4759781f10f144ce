"""Imports practice sites from a spreadsheet: `manage.py import_practice_sites sites.xlsx`.

The same rules as admin → 实践点位 → 批量导入点位 (bases.imports.sites): every row is checked,
a file with any problem imports nothing and each problem is printed with its row and column;
sites are matched by name and district, so running it again updates instead of duplicating."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from bases.imports.sites import import_sites
from bases.models.sites import PracticeSiteIndexPage


class Command(BaseCommand):
    help = "Import practice sites from an .xlsx or .csv file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xlsx or .csv file")

    def handle(self, *args, path, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"找不到文件：{path}")
        index = PracticeSiteIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "还没有“实践点位地图页”（/map/），请先创建（例如 manage.py load_demo_content）。"
            )
        upload = SimpleUploadedFile(file_path.name, file_path.read_bytes())
        result = import_sites(upload, index)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"发现 {len(result.errors)} 个问题，没有导入任何数据。")
        self.stdout.write(
            f"导入完成：新增 {len(result.created)} 个，更新 {len(result.updated)} 个，"
            f"未变化 {len(result.unchanged)} 个。"
        )
