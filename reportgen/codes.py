"""Every diagnostic code: what it means, an example, and how to fix it.

This table is the one source: `reportgen explain RGxxx` shows an entry (a user who installed with pip has no
README), and the README's table of codes is made from it (`markdown_table`; tests/test_explain.py checks the
README holds exactly that, and that every code the package uses has an entry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str  # a warning's starts with 警告：
    example: str
    fix: str


CODES: tuple[Code, ...] = (
    Code("RG001",
         "找不到输入文件、给的是文件夹或设备、管道等不是普通文件的东西，或无法读取",
         "`reportgen build inputs/`、`reportgen build /dev/zero`",
         "给出 `.yaml` 文件的路径"),
    Code("RG011",
         "以 Python 调用 `build()` 时给了不支持的格式、语言或文稿类型（命令行由选项检查，属用法错误）",
         '`build(…, formats=["odt"])`',
         "按消息中的可选值填写"),
    Code("RG101",
         "YAML 格式错误，指出真正的原因和位置：没有配对的引号（指向它开始的地方）、引号文字后面多出的文字"
         "、键后面用了中文冒号“：”或冒号后缺空格、列表项 `-工会干部` 缺空格、用 Tab 缩进、没有配对的 `[` `"
         "{`、缩进不一致",
         '`organiser：深科技总工会`、`name: "深科技总工会`（少了结束引号）、`name: 会议: 总结`',
         "按提示改；文字里有英文冒号加空格、或以引号、括号开头时给整段加引号"),
    Code("RG102",
         "文件编码无法识别（给出字节位置）",
         "UTF-8 文件中间有损坏的字节",
         "用编辑器另存为 UTF-8"),
    Code("RG103",
         "同一映射里的键重复（会丢数据）",
         "两个 `name:`",
         "删除或合并其中一个"),
    Code("RG104",
         "不安全或不支持的 YAML 标签、合并键",
         "`!!python/object:…`、`<<:`",
         "直接写出文字、数字、列表"),
    Code("RG105",
         "别名展开过多、嵌套过深或文件过大",
         "“十亿笑声”式的 `&a`/`*a` 引用",
         "直接写出内容，不要层层引用"),
    Code("RG106",
         "映射的键不是简单文本",
         "`? [a, b]: 1`",
         "键只用简单文字"),
    Code("RG107",
         "输入不是 YAML 文本文件：Word、PDF、Excel、压缩包、图片或其他二进制文件，或扩展名为 `.txt`/`.html"
         "` 而没有一行 `键: 值` 的文章",
         "`reportgen build 会议.docx`、`reportgen build 网页复制.txt`",
         "Word、PDF 或文章先转换：`reportgen import 会议.docx -o 会议.yaml`（旧版 `.doc`、`.wps` 先另存为 "
         "`.docx`）；其他文件换成 `.yaml` 输入文件"),
    Code("RG110",
         "警告：文件按 GB18030/GBK 或 UTF-16 读取",
         "Windows 记事本保存的 ANSI 文件",
         "另存为 UTF-8"),
    Code("RG121",
         "`import` 的文件是旧版 Word（.doc）或 WPS 格式",
         "`reportgen import 去年.doc`",
         "在 Word 或 WPS 中另存为 .docx 再导入"),
    Code("RG122",
         "`import` 的文件无法作为 Word 文件（.docx）读取",
         "损坏或改了扩展名的文件",
         "用 Word 打开后重新保存为 .docx"),
    Code("RG123",
         "`import` 的文件或粘贴的文字中没有文字",
         "空文件",
         "给出有内容的文件"),
    Code("RG124",
         "`import -o` 指向要导入的文件本身，或指向设备、文件夹等不是普通文件的东西",
         "`reportgen import 去年.docx -o 去年.docx`",
         "另给一个 `.yaml` 文件名"),
    Code("RG125",
         "要导入的文件已经是 reportgen 的输入文件（有 `meeting:` 和 `sections:`）",
         "`reportgen import 2023.yaml`",
         "直接 `reportgen check`、`reportgen build` 它"),
    Code("RG130",
         "`reportgen new --year` 不在原文件的年度之后（指向原文件的 `meeting.year`）",
         "原文件 `year: 2023`，`--year 2023`",
         "写下一年度，如 `--year 2024`"),
    Code("RG201",
         "未知的键（附“是否应为”建议）",
         "`titel:` → 是否应为 `title`？",
         "改成建议的键名"),
    Code("RG202",
         "缺少必填项",
         "会议没有 `organiser:`",
         "补上该项"),
    Code("RG203",
         "类型不对",
         "`form: 现场`（应为列表）",
         "写成 `form: [现场]`"),
    Code("RG204",
         "列表或文字为空，至少需要一项",
         "`purpose: []`",
         "至少写一项"),
    Code("RG205",
         "日期不存在或写法不对",
         "`date: 2023-02-29`",
         "写成存在的日期，如 `2024-02-28`"),
    Code("RG206",
         "参会人数少于列出的参会人员",
         "`count: 1`，`people` 有 2 人",
         "核对人数"),
    Code("RG207",
         "未知的部分类型（附建议）",
         "`type: requirments`",
         "改成建议的类型"),
    Code("RG208",
         "取值超出范围、不在可选值中，或名称太长（主办单位、会议名称、标题最多 100 字）",
         "`count: 0`、`lang: en`",
         "按提示的范围、可选值或字数填写"),
    Code("RG210",
         "不可见的控制字符，无法写入 DOCX/PDF（报错而不是悄悄删除）",
         '`"甲乙\\x07丙"`',
         "删除该字符"),
    Code("RG211",
         "图片不能用：找不到、是文件夹或设备、符号链接形成循环或指向不存在的文件、不是 JPEG/PNG、已损坏或"
         "不完整、无法读取，或路径在输入文件所在文件夹之外（CMYK、带透明、调色板的图片和手机照片的 EXIF 方"
         "向都会自动处理，不报错）",
         "`path: ../照片.jpg`",
         "把图片放进输入文件所在的文件夹，写相对路径；损坏的图片重新导出为 JPEG 或 PNG"),
    Code("RG212",
         "表格某一行的格数与表头的列数不同，或表格超过 12 列（一页宽度排不下）",
         "表头 4 列，某行只有 3 格；30 列的表",
         "补齐该行（没有内容写 `—`）；合并、删去一些列或把表格拆开"),
    Code("RG213",
         "图片太大：文件超过 64 MB 或超过 6000 万像素（也防止恶意构造的“解压炸弹”图片）",
         "一亿像素的扫描图",
         "缩小图片（长边几千像素足够印刷）后再用"),
    Code("RG301",
         "警告：中文里的半角标点 `,;:!?()`，以及结束中文句子的半角句号 `.`（可自动修复；小数、文件名、网址"
         "、省略号不算）",
         "`召开,总结`、`激发干劲.`",
         "改为全角：`召开，总结`、`激发干劲。`（`一.` 改为 `一、`）"),
    Code("RG302",
         "汉字后残留拼音注音（可自动修复）",
         "`會(huì)`",
         "删除注音"),
    Code("RG303",
         "乱码：UTF-8 文字被当成 GBK/Latin-1 读取（不能自动修复）",
         "`?shù)`、`锛`、`â€œ`",
         "从原始文档重新复制这一处"),
    Code("RG304",
         "简体文档中的繁体字（按词组用 OpenCC 转换，可自动修复）",
         "`總工會`、`凝聚著`",
         "改为 `总工会`、`凝聚着`"),
    Code("RG305",
         "警告：汉字之间或全角标点旁的多余空格（可自动修复）",
         "`品牌。 2023年`",
         "删除空格"),
    Code("RG306",
         "引号、括号、书名号不配对",
         "`“娘家人` 缺少 `”`",
         "补上另一半"),
    Code("RG307",
         "警告：并列的引号、书名号之间用了顿号（GB/T 15834）",
         "`“甲”、“乙”`",
         "写成 `“甲”“乙”`，或用注释关闭此项"),
    Code("RG308",
         "占位文字没有填写：`reportgen new` 写的“待填写：”，或示例文字里的“××”（`reportgen init` 的 `会议报告.yaml`"
         "、公文里的 `×月×日`；数字之间的乘号 `156×225` 不算）",
         "`待填写：2024年工作情况`、`name: ××分工会`",
         "写上正文，把“××”换成真实内容"),
    Code("RG309",
         "警告：零宽空格等不可见字符（可自动修复）",
         "网页复制来的 U+200B",
         "删除"),
    Code("RG310",
         '警告：整段文字被中文引号“…”或‘…’包住，引号会印在报告里（YAML 的引号只能是英文的 `"` 或 `\'`；可自'
         "动修复）",
         "`name: “2023年度工作总结”`",
         "删去这对引号：`name: 2023年度工作总结`"),
    Code("RG311",
         "`--fix` 无法在保留原格式的前提下修改某段文字（警告，其余照改），或无法按原编码写回（文件未改动）",
         "跨行折叠处的空格；别名 `*x` 用在非正文处的文字",
         "按列出的位置手动修改"),
    Code("RG312",
         "`--fix`：文件是只读的或受保护，文件未改动",
         "`chmod 444 my.yaml`、`chattr +i my.yaml`",
         "去掉只读属性再运行"),
    Code("RG313",
         "`--fix`：文件所在的文件夹或磁盘不可写，无法安全替换，文件未改动",
         "只读挂载的 U 盘、受保护的文件夹",
         "复制到可写的文件夹再修复"),
    Code("RG314",
         "`--fix`：磁盘已满或写入失败，文件未改动",
         "磁盘没有剩余空间",
         "腾出空间再运行"),
    Code("RG315",
         "`--fix`：检查之后文件又被其他程序改动，没有写入",
         "编辑器同时保存了文件",
         "重新运行 `reportgen check --fix`"),
    Code("RG401",
         "PDF 所用字体缺少某个字",
         "生僻字",
         "换用覆盖该字的字体或改写"),
    Code("RG501",
         "找不到样式预设（`style:` 或 `--style` 给的名字）；消息给出最接近的预设名和所有可用的预设",
         "`style: offical` → 是否应为 `official`？",
         "改正名字，或在 `templates/styles/` 放一个同名文件"),
    Code("RG502",
         "样式文件不是有效的 YAML，或不是映射（键: 值）",
         "`sizes: [`",
         "按提示改正该样式文件"),
    Code("RG503",
         "样式中某项的值类型不对、超出范围，或与其他值合不到一起（指明键，如 `sizes.body`，和设置它的文件"
         "、行、列）：页边距在页面之内、每行字数和每页行数排得进版心、网格行距不小于正文字号、各字号一行至"
         "少排得下 4 字（标题、层次标题、纪要标志、页码）或 10 字（正文、表格、说明、版记）、缩进不超过一"
         "行的一半、页码在纸内、页码格式恰好含一个 `{n}` 且没有别的花括号",
         "`sizes: {body: -3}`、`grid: {chars_per_line: 0}`、左右页边距之和超过页宽、`grid: {lines_per_page"
         ": 30}`、页码格式里没有 `{n}`",
         "按消息改正该键的值"),
    Code("RG504",
         "样式的 `extends` 形成循环",
         "`a.yaml` 里 `extends: b`，`b.yaml` 里 `extends: a`",
         "去掉其中一个 `extends`"),
    Code("RG601",
         "某类字体（小标宋、宋体、仿宋、黑体、楷体）一个也没找到；消息列出可用的字体名和本系统上的安装办法",
         "Linux 上没运行过 `reportgen fonts --prepare`（繁体报告：`--prepare --traditional`）",
         "按消息安装（Linux：`reportgen fonts --prepare`，繁体报告加 `--traditional`），或用 `--font 类别=文件.ttf` "
         "指定；只生成 Word 文件（`-f docx`）不需要字体"),
    Code("RG602",
         "`--font` 或输入文件 `fonts:` 指定的字体文件不存在或无法读取（`fonts:` 的问题指向输入文件中的那一"
         "行）",
         "`--font fangsong=simfang.ttf`，当前文件夹里没有这个文件",
         "写对路径（`fonts:` 里的路径相对于输入文件所在的文件夹），检查读取权限"),
    Code("RG603",
         "字体文件不能用：不是字体、是 CFF 轮廓的 OpenType（`.otf`，PDF 无法嵌入）、授权不允许嵌入，或已损"
         "坏、不完整",
         "没下载完的 `.ttf`",
         "换用完整的 TrueType 字体（`.ttf`/`.ttc`）"),
    Code("RG604",
         "警告：PDF 中某类字体用了另一类字体代替（例如宋体代替仿宋、黑体代替小标宋）",
         "本机没有仿宋",
         "按消息安装标准字体；`reportgen fonts` 列出每类字体用的是什么"),
    Code("RG701",
         "自己的模板（输入文件旁 `templates/` 或 `--templates` 里的 `.j2`）有语法错误；消息给出模板文件和"
         "行号",
         "`{% if %}`",
         "按提示改正该行，或删去这个模板改用内置的"),
    Code("RG702",
         "模板用了不存在的变量，或渲染时出错（给出模板文件和行号）",
         "`{{ meeting.nosuch }}`、`{{ 1 / 0 }}`",
         "只用内置模板里出现过的变量（`meeting.name`、`attendees.people` 等）"),
    Code("RG703",
         "模板做了沙箱不允许的操作",
         '`{{ "".__class__ }}`',
         "模板只用来排文字，删去这样的写法"),
    Code("RG704",
         "找不到模板（如 `{% include %}` 的文件不存在）",
         '`{% include "nosuch.j2" %}`',
         "写对文件名，放在同一个模板文件夹里"),
    Code("RG705",
         "模板的运算超出限制：生成的文字超过 10 万字、循环次数太多（运行超过 200 万步）、造出过大的文字、"
         "列表或数，或宏、`include` 调用自己（递归过深）；给出模板文件和行号",
         '`{{ "x" * 10**9 }}`、两层 `range(100000)` 的循环',
         "模板只用来排一句或一段文字：去掉这样的循环和重复"),
    Code("RG801",
         "输出文件夹无法创建或写入：是一个文件、没有写入权限、磁盘已满或只读、路径太长；输出文件夹保持原样",
         "`-o /` 或磁盘已满",
         "换一个可以写入的文件夹，或腾出磁盘空间"),
    Code("RG802",
         "一次生成的两个输入文件同名（在不同文件夹里），输出会互相覆盖；后一个不生成",
         "`reportgen build 甲/报告.yaml 乙/报告.yaml`",
         "给其中一个改名，或用 `-o` 分别生成到不同的文件夹"),
    Code("RG803",
         "输出文件就是输入文件本身（输入文件名的扩展名是 `.pdf`/`.docx`，又生成到它所在的文件夹）；不生成"
         "，输入不动",
         "`reportgen build 报告.pdf -o .`",
         "输入文件改用 `.yaml` 扩展名，或用 `-o` 生成到别的文件夹"),
    Code("RG804",
         "输出文件名超过文件系统的上限（通常 255 字节，一个汉字 3 字节；含 `-纪要` 等标记）",
         "240 字节长的输入文件名加 `--kind minutes`",
         "给输入文件改一个短些的名字"),
    Code("RG805",
         "环境变量 `SOURCE_DATE_EPOCH` 不是 0 到 4354790399 之间的整数秒数",
         "`SOURCE_DATE_EPOCH=1e9`、`99999999999`",
         "改成合理的时间戳，或不设置"),
    Code("RG806",
         "批量生成（`-j N`）时生成某一份的进程意外结束（被结束、内存不足）；只有这一份未生成",
         "某个工作进程被 `kill -9`",
         "重新生成这一份；如果每次都这样，检查内存"),
)
_BY_CODE = {entry.code: entry for entry in CODES}
_TICKS = re.compile(r"`([^`]*)`")


def entry(code: str) -> Code | None:
    """The entry for `code` (rg201, RG201 and 201 alike), or None."""
    code = code.strip().upper()
    return _BY_CODE.get(code if code.startswith("RG") else f"RG{code}")


def markdown_table() -> str:
    """The README's table of codes."""
    rows = ["| 代码 | 含义 | 例子 | 怎么改 |", "|---|---|---|---|"]
    rows += [f"| {c.code} | {c.meaning} | {c.example} | {c.fix} |" for c in CODES]
    return "\n".join(rows)


def plain(text: str) -> str:
    """A cell as a terminal shows it: the Markdown code marks taken off."""
    return _TICKS.sub(r"\1", text)
