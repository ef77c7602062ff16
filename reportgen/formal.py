"""The formal edition (`kind: formal`, 正式报告): the report to a superior body on the organisation's red head,
signed, dated and sealed by GB/T 9704-2012 §7.2–7.4, around the same sections as the report.

The sections render exactly as for a report; the formal edition adds the red head (份号, 密级, 紧急程度,
发文机关标志, 发文字号 and 签发人), the 主送 line under the title, numbers the headings 一、（一）1.（1）, and
closes with the signature (署名, 成文日期, 印章), the 附注 and the end block (抄送, 印发机关, date 印发).
Where each of them goes on the page is the layout's business (`layout/formal.py`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .cjk.dates import zh_date
from .ir import Block, EndBlock, Image, Paragraph, RedHead, Signature, Title
from .layout import parastyles
from .layout.parastyles import ParagraphStyle
from .minutes import number_headings
from .render import Problem
from .render.image import MAX_BYTES, MAX_PIXELS, ImageProblem, locate
from .templating import Templates

if TYPE_CHECKING:
    from .model import FormalInfo, Report

# 主送机关: flush left under the title, ending in a full-width colon (§7.3.2); 附注: in parentheses, two
# characters in, on the line below the date (§7.3.6).
ADDRESSEE = parastyles.register(ParagraphStyle("formal-addressee", word_id="Addressee", word_name="主送机关",
                                               indent_chars=0, keep_with_next=True))
NOTE = parastyles.register(ParagraphStyle("formal-note", word_id="FormalNote", word_name="附注"))

# 发文字号 (§7.2.4): 机关代字, the full year in 六角括号 〔〕, the number without 第 and without leading zeros, 号.
NUMBER = re.compile(r"^(?P<code>[^\s〔〕\[\]【】()（）]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
WRONG_BRACKETS = re.compile(r"[\[\]【】()（）｛｝{}]")
CODE_NUMBER, CODE_SEAL, CODE_DATE = "RG221", "RG222", "RG223"


def number_problem(number: str) -> str | None:
    """Why `number` is not a document number in the form 机关代字〔年份〕序号号, or None."""
    if NUMBER.match(number):
        return None
    form = "文号应写成“机关代字〔年份〕序号号”，如“深科工〔2024〕3号”"
    if WRONG_BRACKETS.search(number):
        return f"{form}：年份用六角括号〔〕括住，这里写的是「{number}」"
    match = re.search(r"〔(\d*)〕", number)
    if match and len(match.group(1)) != 4:
        return f"{form}：年份写全四位数字，这里写的是「{number}」"
    if "第" in number:
        return f"{form}：序号前不加“第”字，这里写的是「{number}」"
    if re.search(r"〕0\d*号$", number):
        return f"{form}：序号不编虚位（不以 0 开头），这里写的是「{number}」"
    return f"{form}，这里写的是「{number}」"


def seal_png(target: Path, shown: str) -> bytes:
    """The seal image at `target` as RGBA PNG bytes (re-encoded with fixed settings: the same file, the same
    bytes), or ImageProblem: a seal is a PNG with transparency, so the text under it shows through."""
    from PIL import Image as Pillow
    from PIL import UnidentifiedImageError

    try:
        if target.is_dir():
            raise ImageProblem(f"印章 {shown} 是文件夹，不是图片文件")
        with target.open("rb") as handle:
            blob = handle.read(MAX_BYTES + 1)
        if len(blob) > MAX_BYTES:
            raise ImageProblem(f"印章图片 {shown} 超过上限 {MAX_BYTES // 2 ** 20} MB")
        with Pillow.open(io.BytesIO(blob)) as img:
            if img.format != "PNG":
                raise ImageProblem(f"印章 {shown} 是 {img.format or '未知'} 格式；印章应为带透明背景的 PNG 图片")
            width, height = img.size
            if not 0 < width * height <= MAX_PIXELS:
                raise ImageProblem(f"印章图片 {shown} 的尺寸 {width}×{height} 像素不合理")
            img.load()
            has_alpha = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
            rgba = img.convert("RGBA")
    except ImageProblem:
        raise
    except FileNotFoundError:
        raise ImageProblem(f"找不到印章图片 {shown}（路径相对于输入文件所在的文件夹）") from None
    except UnidentifiedImageError:
        raise ImageProblem(f"{shown} 不是图片，或已损坏、无法识别；印章应为带透明背景的 PNG 图片") from None
    except OSError as exc:
        raise ImageProblem(f"无法读取印章图片 {shown}：{exc.strerror or exc}") from None
    except Exception as exc:  # Pillow's errors on damaged data vary
        raise ImageProblem(f"印章图片 {shown} 已损坏或无法解码：{type(exc).__name__}") from None
    low, _high = rgba.getchannel("A").getextrema()
    if not has_alpha or low == 255:
        raise ImageProblem(f"印章 {shown} 没有透明背景：印章盖在文字上，背景应透明（PNG 的透明通道），"
                           "否则会遮住下面的文字")
    out = io.BytesIO()
    rgba.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def check(info: FormalInfo, folder: Path, held: dt.date | None = None) -> list[Problem]:
    """The formal block's own problems, at their keys: the number's form, the seal file, a 成文日期 before the
    meeting (`held`: its date, when known)."""
    problems: list[Problem] = []
    if info.date is not None and held is not None and info.date < held:
        problems.append((("date",), CODE_DATE,
                         f"成文日期 {info.date.isoformat()} 早于会议日期 {held.isoformat()}：关于会议情况的报告"
                         "应在会后成文，请核对 formal.date 或 meeting.date"))
    if info.number is not None:
        why = number_problem(info.number)
        if why:
            problems.append((("number",), CODE_NUMBER, why))
    if info.seal is not None:
        try:
            seal_png(locate(info.seal, folder), info.seal)
        except ImageProblem as exc:
            problems.append((("seal",), CODE_SEAL, str(exc).replace("图片路径", "印章路径")))
    return problems


def _seal(info: FormalInfo, base: Path) -> Image | None:
    if info.seal is None:
        return None
    target = locate(info.seal, base)
    data = seal_png(target, info.seal)
    from PIL import Image as Pillow

    with Pillow.open(io.BytesIO(data)) as img:
        width, height = img.size
    return Image(target, width, height, "", data)


def front(report: Report, templates: Templates, title: str) -> list[Block]:
    """The red head, the title and the 主送 line."""
    info = report.formal
    mark = info.mark or templates.render("formal_mark.j2", meeting=report.meeting, report=report)
    blocks: list[Block] = [RedHead(mark, info.number or "", tuple(info.signers), info.copy_no or "",
                                   info.secrecy or "", info.urgency or ""), Title(title)]
    if info.to:
        to = info.to.rstrip("：:")
        blocks.append(Paragraph(f"{to}：", style=ADDRESSEE.name))
    return blocks


def back(report: Report, base: Path) -> tuple[list[Block], EndBlock]:
    """The signature (and seal), the 附注; and the end block."""
    info, meeting = report.formal, report.meeting
    signed = info.date or meeting.date
    blocks: list[Block] = [Signature(info.signature or meeting.organiser, zh_date(signed), _seal(info, base))]
    if info.note:
        note = info.note.strip()
        if not note.startswith(("（", "(")):
            note = f"（{note}）"
        blocks.append(Paragraph(note, style=NOTE.name))
    copy_to = "，".join(info.copy_to)
    if copy_to and not copy_to.endswith("。"):
        copy_to += "。"  # GB/T 9704: 抄送 ends with a full stop
    end = EndBlock(copy_to, info.issuer or meeting.organiser, zh_date(info.issued or signed))
    return blocks, end


def assemble(report: Report, templates: Templates, title: str, body: list[Block], appendices: list[Block],
             base: Path) -> list[Block]:
    back_blocks, end = back(report, base)
    return front(report, templates, title) + number_headings(body) + back_blocks + appendices + [end]
