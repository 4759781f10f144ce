"""`manage.py backup [--output FILE]`: the database and the media files into one archive."""

from django.core.management.base import BaseCommand, CommandError

from home.security.backup import BackupError, create_backup, default_archive_path


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and MEDIA_ROOT into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="archive to write (default var/backups/family-<time>.tar.gz)"
        )

    def handle(self, *args, output=None, **options):
        output = output or default_archive_path()
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份已写入 {output}（数据库：{manifest['engine']}）。")
        if manifest["media"]:
            self.stdout.write(f"包含上传文件 {manifest['media_files']} 个。")
        else:
            self.stdout.write(
                "上传文件存放在 S3 存储中，未包含在备份里：请使用存储服务自身的版本或备份功能。"
            )
        self.stdout.write("备份文件含有账号和个人信息，请妥善保管（文件权限 600）。")
