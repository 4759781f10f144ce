"""`manage.py restore FILE [--noinput]`: replaces the database and the media files with a backup."""

from django.core.management.base import BaseCommand, CommandError

from home.security.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from an archive written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive, interactive=True, **options):
        try:
            manifest = read_manifest(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份时间：{manifest['created']}；数据库：{manifest['engine']}。")
        if interactive:
            answer = input(
                "恢复会用这份备份替换当前的全部数据和上传文件，之后的修改都会丢失。输入 yes 继续："
            )
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，没有做任何修改。")
        try:
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("恢复完成。使用 OpenSearch/Elasticsearch 时，请再运行 manage.py update_index。")
