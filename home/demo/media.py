"""Images, video and audio the demo makes itself, so loading it needs no network.

Covers are abstract (no text: Pillow's bundled font has no Chinese glyphs). Video and audio are
H.264/AAC MP4 and AAC M4A made with PyAV (pinned in requirements-dev.txt), as long as the lesson
says: the formats every phone browser plays, WeChat's on iPhone included (WebM is not)."""

import array
import colorsys
import io
import math
import tempfile
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw

LOOP_SECONDS = 10  # one encoded loop, repeated to the lesson's length
AUDIO_RATE = 16000


def _rgb(hue, saturation, lightness):
    r, g, b = colorsys.hls_to_rgb((hue % 360) / 360, lightness, saturation)
    return int(r * 255), int(g * 255), int(b * 255)


def cover_png(hue, seed=0, size=(1200, 675)):
    """A warm abstract cover: a soft gradient with a 'family' of circles."""
    width, height = size
    image = Image.new("RGB", size, _rgb(hue, 0.45, 0.88))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_rgb(hue, 0.45, 0.9 - 0.25 * y / height))
    # Three circles of decreasing size: a parent, another parent, a child.
    base_x = width * (0.25 + (seed % 5) * 0.1)
    for index, (radius, dx, light) in enumerate([(150, 0, 0.5), (120, 230, 0.58), (80, 400, 0.66)]):
        cx = base_x + dx
        cy = height * 0.62 - index * 10
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius], fill=_rgb(hue + 25 * index, 0.55, light)
        )
    draw.rectangle([0, height * 0.86, width, height], fill=_rgb(hue, 0.35, 0.35))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _chime_samples(rate, seconds):
    """Signed 16-bit mono samples of the two-note chime (one note a second)."""
    samples = array.array("h")
    for i in range(seconds * rate):
        t = i / rate
        note = 523.25 if (t % 2) < 1 else 659.25
        envelope = math.exp(-3 * (t % 1))
        samples.append(int(9000 * envelope * math.sin(2 * math.pi * note * t)))
    return samples


def _frame_image(hue, size, position):
    """A circle over a plain background, ``position`` (0..1) across the frame."""
    width, height = size
    image = Image.new("RGB", size, _rgb(hue, 0.4, 0.8))
    draw = ImageDraw.Draw(image)
    x = int(width * (0.15 + 0.7 * position))
    y = int(height * (0.5 + 0.15 * math.sin(position * 6)))
    draw.ellipse([x - 50, y - 50, x + 50, y + 50], fill=_rgb(hue + 30, 0.6, 0.5))
    return image


def _encode(stream, frames):
    """Every packet of ``frames`` through ``stream``'s encoder, flushed, as (bytes, pts, dts,
    keyframe, time base)."""
    packets = []
    for frame in [*frames, None]:
        for packet in stream.encode(frame):
            packets.append((bytes(packet), packet.pts, packet.dts, packet.is_keyframe, packet.time_base))
    return packets


def _mux_looped(container, stream, packets, period, repeats):
    """Mux ``packets`` ``repeats`` times, each time ``period`` (in the packets' time base) later."""
    import av

    for repeat in range(repeats):
        for data, pts, dts, keyframe, time_base in packets:
            packet = av.Packet(data)
            packet.stream = stream
            packet.time_base = time_base
            packet.pts = pts + repeat * period
            packet.dts = dts + repeat * period
            packet.is_keyframe = keyframe
            container.mux(packet)


def lesson_mp4(seconds, video=True, hue=200, size=(640, 360)):
    """An H.264/AAC MP4 (``video``) or AAC M4A of exactly ``seconds`` (a multiple of
    LOOP_SECONDS): what every phone browser plays, WeChat on iPhone included. One loop of
    LOOP_SECONDS is encoded (a picture every 2 s, a chime) and its packets repeated, so a
    15-minute lesson takes as long to make as a 10-second one. Returns bytes."""
    if seconds % LOOP_SECONDS:
        raise ValueError(f"seconds must be a multiple of {LOOP_SECONDS}")
    repeats = seconds // LOOP_SECONDS
    import av  # imported here: only the demo loader needs PyAV

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("lesson.mp4" if video else "lesson.m4a")
        # faststart: the index first, so a phone starts playing before the whole file arrives.
        container = av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"})
        streams = []
        if video:
            picture = container.add_stream("libx264", rate=Fraction(1, 2))
            picture.width, picture.height, picture.pix_fmt = size[0], size[1], "yuv420p"
            # Baseline profile, closed GOP of one loop: every loop starts with a keyframe.
            frames_per_loop = LOOP_SECONDS // 2
            picture.options = {
                "preset": "veryfast",
                "profile": "baseline",
                "crf": "30",
                "x264-params": f"keyint={frames_per_loop}:min-keyint={frames_per_loop}:scenecut=0",
            }
            frames = []
            for index in range(frames_per_loop):
                frame = av.VideoFrame.from_image(_frame_image(hue, size, index / frames_per_loop))
                frame.pts = index
                frames.append(frame)
            streams.append((picture, _encode(picture, frames), frames_per_loop))
        sound = container.add_stream("aac", rate=AUDIO_RATE)
        sound.layout = "mono"
        sound.bit_rate = 24000
        samples = _chime_samples(AUDIO_RATE, LOOP_SECONDS)
        frames = []
        for start in range(0, len(samples), 1024):
            part = samples[start : start + 1024]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(part))
            frame.planes[0].update(part.tobytes())
            frame.sample_rate = AUDIO_RATE
            frame.pts = start
            frames.append(frame)
        # The encoder's priming packet (negative time) only once, at the very start.
        packets = [p for p in _encode(sound, frames) if p[1] is not None and p[1] >= 0]
        streams.append((sound, packets, LOOP_SECONDS * AUDIO_RATE))
        for stream, packets, period in streams:
            _mux_looped(container, stream, packets, period, repeats)
        container.close()
        return path.read_bytes()


def media_duration(data, suffix):
    """Seconds a media file lasts, read from the file itself (PyAV)."""
    import av

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"probe{suffix}"
        path.write_bytes(data)
        with av.open(str(path)) as container:
            return container.duration / av.time_base
