"""The night-school certificate as a PDF (fpdf2): Chinese text in a font from the system's
fonts-noto-cjk package (settings.CERTIFICATE_FONT), embedded as a subset so the PDF reads
correctly on a machine without Chinese fonts; a QR code (segno) of the public verification URL."""

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def font_path():
    for candidate in settings.CERTIFICATE_FONT_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    raise ImproperlyConfigured(
        "No CJK font for the certificates: install the Debian package fonts-noto-cjk or set CERTIFICATE_FONT."
    )


def render_pdf(certificate, verify_url):
    # fpdf2 (with fontTools) and segno take a noticeable part of a second to import and only a
    # certificate download needs them: a worker loads them then, not when it starts.
    import segno
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title("家长夜校结业证书")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    path = font_path()
    options = {"collection_font_number": settings.CERTIFICATE_FONT_INDEX} if path.endswith(".ttc") else {}
    pdf.add_font("cjk", fname=path, **options)
    pdf.set_draw_color(160, 40, 40)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("cjk", size=30)
    pdf.set_y(32)
    pdf.cell(0, 16, "家长夜校结业证书", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=16)
    pdf.ln(10)
    body = (
        f"{certificate.name or certificate.masked_name} 家长：\n"
        f"    你在 {certificate.school_year_label} 参加科学城家长夜校系统学习，"
        f"累计签到 {certificate.hours.normalize():f} 课时，达到每学年 4 课时的要求，特发此证。"
    )
    pdf.set_x(30)
    pdf.multi_cell(237, 10, body)
    issued = timezone.localtime(certificate.issued_at)
    pdf.set_y(140)
    pdf.set_x(30)
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(
        190,
        8,
        f"证书验证码：{certificate.code}\n验证网址：{verify_url}\n颁发日期：{issued:%Y年%-m月%-d日}",
    )
    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=5, border=2)
    qr.seek(0)
    pdf.image(qr, x=232, y=135, w=40, h=40)
    return bytes(pdf.output())
