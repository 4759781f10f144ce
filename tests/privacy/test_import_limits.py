"""Finding 11: bounded imports and uploads. A CSV cell over 128 KB is a row error (never a 500);
control characters (NUL) are stripped on import; a file is capped in size and rows while it is
read; images over 40 megapixels and audio/video over the size limit are refused with a message."""

import io
import itertools

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtailmedia.models import get_media_model

from bases.imports.core import MAX_ROWS, ImportFileError, _bounded
from bases.models import InnovationBasePage
from tests.bases.test_import import GOOD_ROWS, HEADER, csv_file
from tests.factories import build_bases


@pytest.fixture
def editor_client(client, site_tree, django_user_model):
    build_bases(site_tree[0])
    editor = django_user_model.objects.create_user("importer", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_a_huge_csv_cell_is_a_row_error_not_a_500(editor_client):
    rows = [GOOD_ROWS[0], [*GOOD_ROWS[1][:5], "长" * 140_000, *GOOD_ROWS[1][6:]]]
    response = editor_client.post("/admin/bases/import/", {"file": csv_file(rows)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "第 3 行：有一个单元格超过 128 KB" in html
    assert "本次没有导入任何数据" in html
    assert not InnovationBasePage.objects.filter(title="万州区沙河小学").exists()


def test_control_characters_are_stripped_on_import(editor_client):
    rows = [["万州区\x00沙河\x07小学", *GOOD_ROWS[0][1:]]]
    response = editor_client.post("/admin/bases/import/", {"file": csv_file(rows)})
    assert response.status_code == 200
    assert InnovationBasePage.objects.filter(title="万州区沙河小学").exists()
    # The XLSX report that lists every base still downloads.
    assert editor_client.get("/admin/bases/report/?export=xlsx").status_code == 200


def test_too_many_rows_stop_the_reading_early(editor_client):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for number in range(MAX_ROWS + 100):
        sheet.append([f"基地{number}", "万州区", "小学", "", "", "", "2020", "2020-01-01", "2024-12-31"])
    output = io.BytesIO()
    workbook.save(output)
    upload = SimpleUploadedFile("bases.xlsx", output.getvalue())
    response = editor_client.post("/admin/bases/import/", {"file": upload})
    assert response.status_code == 400
    assert f"一次最多导入 {MAX_ROWS} 行" in response.content.decode()
    # Reading stops as soon as the limit is passed: an endless sheet is not read to the end.
    endless = ((number, ["某基地"]) for number in itertools.count(1))
    with pytest.raises(ImportFileError, match="一次最多导入"):
        _bounded(endless)
    blank = ((number, [None]) for number in itertools.count(1))
    with pytest.raises(ImportFileError, match="一次最多导入"):
        _bounded(blank)


def test_a_file_over_the_size_limit_is_refused_unread(editor_client):
    big = SimpleUploadedFile("bases.csv", b"x" * (5 * 1024 * 1024 + 1), content_type="text/csv")
    response = editor_client.post("/admin/bases/import/", {"file": big})
    assert response.status_code == 400
    assert "文件太大：一次最多导入 5 MB" in response.content.decode()


def _png(width, height):
    output = io.BytesIO()
    PILImage.new("1", (width, height)).save(output, format="PNG")
    return output.getvalue()


@pytest.mark.django_db
def test_images_over_40_megapixels_are_refused(client, site_tree, django_user_model, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(admin)
    data = _png(8000, 6000)  # 48 MP, a few KB on disk
    assert len(data) < 100_000
    response = client.post(
        "/admin/images/add/", {"title": "巨图", "file": SimpleUploadedFile("huge.png", data, "image/png")}
    )
    assert response.status_code == 200
    assert "像素" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_audio_and_video_over_the_size_limit_are_refused(client, site_tree, django_user_model, settings):
    settings.MEDIA_MAX_UPLOAD_SIZE = 1024
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(admin)
    upload = SimpleUploadedFile("talk.mp3", b"\xff\xfb" * 2048, content_type="audio/mpeg")
    response = client.post(
        "/admin/media/audio/add/", {"title": "太长的音频", "file": upload, "duration": "60", "collection": 1}
    )
    assert response.status_code == 200
    assert "文件太大" in response.content.decode()
    assert not get_media_model().objects.exists()
    small = SimpleUploadedFile("talk.mp3", b"\xff\xfb" * 100, content_type="audio/mpeg")
    response = client.post(
        "/admin/media/audio/add/", {"title": "短音频", "file": small, "duration": "60", "collection": 1}
    )
    assert get_media_model().objects.filter(title="短音频").exists()
