"""The one StreamField block library of the site.

Blocks are grouped by purpose (text, media, guidance). Each has its own template, an icon, a
description and a preview value, so editors see in the block picker what they insert.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

# --- Text ---------------------------------------------------------------------------------


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字", max_length=80)
    level = blocks.ChoiceBlock(label="级别", choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2")

    class Meta:
        icon = "title"
        label = "小标题"
        template = "blocks/heading_block.html"
        description = "把长文分成几段，方便家长在手机上跳读。"
        preview_value = {"text": "为什么要和孩子一起读书", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "正文段落"
        template = "blocks/paragraph_block.html"
        description = "普通正文，可加粗、加链接和列表。"
        preview_value = "<p>每天睡前十五分钟，和孩子一起读一本喜欢的绘本。</p>"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label="引文")
    source = blocks.CharBlock(label="出处", required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "引文"
        template = "blocks/quote_block.html"
        description = "引用法规条文、专家观点或家长心声。"
        preview_value = {
            "quote": "父母或者其他监护人应当树立家庭是第一个课堂、家长是第一任老师的责任意识。",
            "source": "《中华人民共和国家庭教育促进法》",
        }


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="小贴士标题", max_length=60, default="家长小贴士")
    text = blocks.TextBlock(label="内容")

    class Meta:
        icon = "help"
        label = "家长小贴士"
        template = "blocks/tip_block.html"
        description = "一段醒目的可操作建议，例如今晚就能试的方法。"
        preview_value = {"title": "家长小贴士", "text": "先听孩子说完，再说自己的想法。"}


# --- Media --------------------------------------------------------------------------------


class CaptionedImageBlock(ImageBlock):
    class Meta:
        icon = "image"
        label = "图片"
        template = "blocks/image_block.html"
        description = "一张图片，请填写替代文字，方便读屏软件使用者。"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = "附件下载"
        template = "blocks/document_block.html"
        description = "可下载的文件，例如课程讲义或活动报名表。"


# --- Guidance -----------------------------------------------------------------------------


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="标题", max_length=80)
    steps = blocks.ListBlock(blocks.CharBlock(label="步骤", max_length=200), label="步骤")

    class Meta:
        icon = "list-ol"
        label = "活动步骤"
        template = "blocks/steps_block.html"
        description = "亲子活动的分步做法，按顺序编号显示。"
        preview_value = {
            "title": "亲子共读三步走",
            "steps": ["一起挑一本书", "轮流读一页", "合上书聊一聊最喜欢的地方"],
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    tip = TipBlock()
    steps = StepsBlock()
    document = DocumentBlock()

    class Meta:
        block_counts = {}
