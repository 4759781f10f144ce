"""Images, video and audio the demo makes itself, so loading it needs no network.

Covers are abstract (no text: Pillow's bundled font has no Chinese glyphs); the video is a
few seconds of moving shapes encoded as WebM (VP8) with PyAV; the audio is a soft chime in
WAV written with the standard library."""

import colorsys
import io
import math
import struct
import wave

from PIL import Image, ImageDraw


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


def video_webm(hue=200, seconds=4, fps=12, size=(640, 360)):
    """A short silent WebM: a circle drifting over a gradient. Returns bytes."""
    import av  # imported here: only the demo loader needs PyAV

    width, height = size
    buffer = io.BytesIO()
    container = av.open(buffer, mode="w", format="webm")
    stream = container.add_stream("libvpx", rate=fps)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.options = {"deadline": "realtime", "cpu-used": "8"}
    frames = seconds * fps
    for n in range(frames):
        frame_image = Image.new("RGB", size, _rgb(hue, 0.4, 0.8))
        draw = ImageDraw.Draw(frame_image)
        x = int(width * (0.15 + 0.7 * n / frames))
        y = int(height * (0.5 + 0.15 * math.sin(n / 3)))
        draw.ellipse([x - 50, y - 50, x + 50, y + 50], fill=_rgb(hue + 30, 0.6, 0.5))
        for packet in stream.encode(av.VideoFrame.from_image(frame_image)):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return buffer.getvalue()


def audio_wav(seconds=6, rate=16000):
    """A soft two-note chime, mono 16-bit WAV. Returns bytes."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = bytearray()
        for i in range(seconds * rate):
            t = i / rate
            note = 523.25 if (t % 2) < 1 else 659.25
            envelope = math.exp(-3 * (t % 1))
            samples += struct.pack("<h", int(9000 * envelope * math.sin(2 * math.pi * note * t)))
        out.writeframes(bytes(samples))
    return buffer.getvalue()
