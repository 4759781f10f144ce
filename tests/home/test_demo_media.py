"""Demo video and audio in formats every phone browser plays, as long as their labels say."""

import tempfile
from pathlib import Path

import av
import pytest
from django.core.files.base import ContentFile
from wagtailmedia.models import get_media_model

from home.demo import media
from resources.models import format_duration
from tests.factories import MicroLessonPageFactory


def _streams(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(data)
        with av.open(str(path)) as container:
            codecs = {s.type: s.codec_context.name for s in container.streams}
            return codecs, container.duration / av.time_base


def test_demo_video_is_h264_and_aac_in_mp4_of_the_asked_length():
    data = media.lesson_mp4(120, video=True)
    streams, seconds = _streams(data, ".mp4")
    assert streams == {"video": "h264", "audio": "aac"}
    assert seconds == pytest.approx(120, abs=0.2)
    assert media.media_duration(data, ".mp4") == pytest.approx(120, abs=0.2)


def test_demo_audio_is_aac_in_m4a_of_the_asked_length():
    data = media.lesson_mp4(60, video=False)
    streams, seconds = _streams(data, ".m4a")
    assert streams == {"audio": "aac"}
    assert seconds == pytest.approx(60, abs=0.2)


@pytest.mark.parametrize(
    ("seconds", "label"),
    [(45, "45 秒"), (300.048, "5 分钟"), (296, "5 分钟"), (330, "5 分 30 秒"), (599.6, "10 分钟")],
)
def test_duration_labels(seconds, label):
    assert format_duration(seconds) == label


def test_a_lesson_with_media_shows_the_files_length_not_the_typed_minutes(site_tree, client):
    _home, _courses, lessons = site_tree
    item = get_media_model()(title="视频", type="video", duration=7 * 60 + 2)
    item.file.save("v.mp4", ContentFile(b"x"), save=True)
    lesson = MicroLessonPageFactory(
        parent=lessons, slug="video", duration_minutes=5, lesson_media=item, transcript="<p>文字稿</p>"
    )
    text = MicroLessonPageFactory(parent=lessons, slug="text", duration_minutes=8)
    assert lesson.duration_label == "7 分钟"
    assert text.duration_label == "8 分钟"
    html = client.get("/lessons/video/").content.decode()
    assert '<span class="badge" data-duration>7 分钟</span>' in html
