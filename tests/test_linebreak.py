"""The Chinese line breaker on strings: hard cases at the break, and properties over random text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reportgen.cjk.linebreak as linebreak
from reportgen.cjk.linebreak import Metrics, balance_lines, balance_parts, break_lines
from reportgen.cjk.punct import NO_LINE_END, NO_LINE_START, is_cjk, is_han
from reportgen.cjk.words import word_breaks
from reportgen.layout.paginate import paginate

SIZE, MEASURE, CHARS = 16.0, 442.2, 28
M = Metrics.grid(SIZE, MEASURE, CHARS, lambda ch: SIZE / 2)  # Latin half-width, as in the body face
INDENT = 2 * M.pitch
EPS = 1e-6


def lines_of(text: str, indent: float = INDENT):
    return break_lines(text, M, indent=indent)


def check(text: str, lines) -> None:
    """The rules every layout must satisfy, whatever the text (only spaces: no line at all)."""
    if not text.strip():
        assert lines == [] or [ln.text for ln in lines] == [""], lines
        return
    assert "".join(ln.text for ln in lines) == "".join(text.split()), "characters lost, added or reordered"
    if not lines:  # only spaces: nothing to set
        return
    spaced, count = set(), 0  # places in the text less its spaces where a space stood
    for ch in text:
        if ch.isspace():
            spaced.add(count)
        else:
            count += 1
    at = 0
    for a, b in itertools.pairwise(lines):
        at += len(a.text)
        assert b.text[0] not in NO_LINE_START, (a.text, b.text)
        assert a.text[-1] not in NO_LINE_END, (a.text, b.text)
        assert is_cjk(a.text[-1]) or is_cjk(b.text[0]) or at in spaced, f"word split: {a.text[-5:]}|{b.text[:5]}"
        assert not (a.text[-1] in "—…" and b.text[0] == a.text[-1]), "—— or …… split"
    for line in lines:
        assert line.right <= MEASURE + EPS, f"past the measure: {line.text}"
        assert line.glyphs[0].x >= -EPS
        xs = [g.x for g in line.glyphs]
        assert xs == sorted(xs)
    for line in lines[:-1]:
        assert abs(line.right - MEASURE) < EPS, f"not justified: {line.text} ends at {line.right}"
    assert lines[-1].last and not any(ln.last for ln in lines[:-1])


def test_full_chinese_lines_hold_exactly_28_characters_on_the_grid():
    text = "甲" * 26 + "乙" * 28 + "丙" * 10
    lines = lines_of(text)
    check(text, lines)
    assert [len(ln.text) for ln in lines] == [26, 28, 10]
    assert [round(g.x, 6) for g in lines[1].glyphs] == [round(i * M.pitch, 6) for i in range(28)]
    assert lines[0].glyphs[0].x == pytest.approx(INDENT)


@pytest.mark.parametrize("before", range(22, 30))
def test_run_of_closing_marks_at_the_break(before):
    """。”） after `before` characters: whichever of them falls at the 28th place, none starts a line."""
    text = "甲" * before + "。”）" + "乙" * 40
    lines = lines_of(text, indent=0.0)
    check(text, lines)


@pytest.mark.parametrize("before", range(25, 29))
def test_opening_quote_right_at_the_break(before):
    text = "甲" * before + "“乙丙丁”" + "戊" * 30
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    assert not any(ln.text.endswith("“") for ln in lines)


def test_opening_quote_at_the_break_moves_down_with_its_word():
    text = "甲" * 27 + "“乙丙丁”" + "戊" * 30
    first = lines_of(text, indent=0.0)[0]
    assert first.text[-1] != "“"
    assert abs(first.right - MEASURE) < EPS


@pytest.mark.parametrize("word", ["2023", "6000+", "35+", "144", "ESD", "Internationalization"])
@pytest.mark.parametrize("before", range(22, 29))
def test_numbers_and_latin_words_stay_whole_at_the_break(word, before):
    text = "甲" * before + word + "乙" * 40
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    assert any(word in ln.text for ln in lines)


@pytest.mark.parametrize("unit", ["——", "……"])
@pytest.mark.parametrize("before", range(25, 29))
def test_dash_and_ellipsis_are_never_split(unit, before):
    text = "甲" * before + unit + "乙" * 30
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    assert any(unit in ln.text for ln in lines)


def test_line_end_mark_may_be_squeezed_but_never_hangs():
    """28 characters then a comma: the comma ends the line half-width, inside the measure, or moves down with one."""
    text = "甲、" + "乙" * 25 + "丙" + "，" + "丁" * 20
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    first = lines[0]
    assert first.text.endswith("，")
    comma = first.glyphs[-1]
    assert comma.width < SIZE  # its blank half given up
    assert comma.x + SIZE / 2 <= MEASURE + EPS  # the ink stays inside the measure


def test_one_character_paragraph():
    lines = lines_of("好")
    assert [ln.text for ln in lines] == ["好"]
    assert lines[0].last and lines[0].glyphs[0].x == pytest.approx(INDENT)
    assert lines_of("") == []
    assert lines_of("。") and lines_of("。")[0].text == "。"


def test_lines_are_filled_as_word_fills_them_even_to_a_single_last_character():
    """First fit, as Word and LibreOffice fill the DOCX's lines, so both files break alike: no line is given up
    early to spare a last line of one character (docs/typesetting.md says why)."""
    text = "甲" * 26 + "乙" * 28 + "丙。"
    lines = lines_of(text)
    check(text, lines)
    assert [len(ln.text) for ln in lines] == [26, 28, 2]


def test_a_number_may_end_a_line_before_its_measure_word_as_in_word():
    """员工10/天: where 10 fits and 天 does not, the line ends after the number, as Word and LibreOffice end it
    (the DOCX cannot ask them to keep the two together without a joiner in the text), not pushed down with 天
    leaving the line spread by more than an em."""
    m = Metrics.grid(SIZE, MEASURE, CHARS, lambda ch: SIZE / 2, autospace=0.2 * SIZE)
    ended = []
    for before in range(20, 28):
        text = "甲" * before + "10天" + "乙" * 40
        lines = break_lines(text, m, indent=0.0)
        check(text, lines)
        if lines[0].text.endswith("10"):
            ended.append(before)
            assert lines[1].text.startswith("天") and lines[0].right == pytest.approx(MEASURE)
    assert ended  # some position puts 10 last on the line


@pytest.mark.parametrize("before", range(0, 8))
def test_han_letter_gaps_are_steady(before):
    """Between Han and digits or letters one steady gap (the DOCX's autospace), never squeezed, widened on a
    spread line exactly as its gaps between Han characters are (a line of numbers spreads over all its gaps), and
    never inside a number."""
    m = Metrics.grid(SIZE, MEASURE, CHARS, lambda ch: SIZE / 2, autospace=0.2 * SIZE)
    text = "甲" * before + "员工10天护航行动，" + "乙" * 12 + "共3200余人次" + "丙" * 7 + "AI视觉" + "丁" * 10
    lines = break_lines(text, m, tail=True)
    spread_seen = False
    for line in lines:
        han = [b.x - a.x - a.width - m.tracking for a, b in itertools.pairwise(line.glyphs)
               if a.kind == b.kind == "han"]
        extra = max(han) if han else 0.0
        spread_seen |= extra > 0.01
        for a, b in itertools.pairwise(line.glyphs):
            gap = b.x - (a.x + a.width)
            if a.char.isascii() and b.char.isascii():
                assert gap == pytest.approx(m.tracking), line.text  # never letter-spaced
            elif is_han(a.char) != is_han(b.char) and (a.char.isalnum() and b.char.isalnum()):
                assert gap == pytest.approx(0.2 * SIZE + max(extra, 0.0)), (a.char, b.char, line.text)
    assert spread_seen  # a spread line with a number on it is among them


def test_line_end_mark_is_half_width_and_adjacent_marks_take_one_and_a_half_em():
    text = "甲" * 20 + "“乙丙”、“丁戊" + "己" * 20 + "“乙丙”、“丁戊”，" + "己" * 40
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    assert lines[0].text.endswith("丁戊")  # a full line: the pair's blank is spread, under SPREAD_COMFORT a gap
    pairs = [a for a, b in itertools.pairwise(lines[0].glyphs) if a.char == "”" and b.char == "、"]
    assert pairs and all(a.width == pytest.approx(SIZE / 2) for a in pairs)  # ”、 together 1.5 em
    ends = [ln.glyphs[-1] for ln in lines_of("甲" * 27 + "，" + "乙" * 10, indent=0.0)[:-1]]
    assert ends[0].char == "，" and ends[0].width == pytest.approx(SIZE / 2)


def _spread(line) -> float:
    """The widest gap between two neighbouring Han characters beyond the grid's spacing, in ems."""
    gaps = [b.x - a.x - a.width for a, b in itertools.pairwise(line.glyphs) if a.kind == b.kind == "han"]
    return (max(gaps) - M.tracking) / SIZE


def test_a_short_line_takes_back_its_mark_pairs_blank_before_it_spreads():
    """A line of many ”、“ that the word processors' full-width fill leaves short (用”、 go down together) is not
    letter-spaced 20 %: its pairs give back their squeezed blank (never wider than Word's 2 em) once the gaps are
    spread by SPREAD_COMFORT; a line with a pair to spare keeps it at 1.5 em."""
    text = "甲乙管理”、“实验室”、“产品设计”、“视觉技术工业应用”、“智能视觉”等五个职工创新工作室成功举行分享会"
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    first = lines[0]
    assert first.text.endswith("应") and lines[1].text.startswith("用”、")
    assert _spread(first) == pytest.approx(linebreak.SPREAD_COMFORT, abs=0.005)
    boxes = [b.x - a.x for a, b in itertools.pairwise(first.glyphs) if a.char in "”、" and b.char in "、“"]
    pitch = max(b.x - a.x for a, b in itertools.pairwise(first.glyphs) if a.kind == b.kind == "han")
    assert len(boxes) == 6 and all(SIZE / 2 < box <= pitch + EPS for box in boxes), (boxes, pitch)
    assert first.right == pytest.approx(MEASURE)


def test_a_word_wider_than_the_measure_is_split_only_then():
    word = "x" * 70  # 70 × 8 pt > 442 pt
    lines = lines_of("甲" + word + "乙", indent=0.0)
    assert "".join(ln.text for ln in lines) == "甲" + word + "乙"
    assert all(ln.right <= MEASURE + EPS for ln in lines)


def test_mixed_lines_are_justified_with_spread_gaps():
    text = ("深科技沛顿“创芯工作室”创新攻关，2023年度申请知识产权59项，"
            "参与员工累计6000+人次，两地工会始终保持高效联动。") * 2
    lines = lines_of(text)
    check(text, lines)
    for line in lines[:-1]:
        assert abs(line.ratio) <= 1.0 + EPS


def test_title_is_balanced_without_splitting_the_year():
    m = Metrics(22.0, MEASURE, lambda ch: 11.0)
    lines = balance_lines("深科技总工会召开2023年度工作总结及评比会议", m)
    assert [ln.text for ln in lines] == ["深科技总工会召开", "2023年度工作总结及评比会议"]
    assert [ln.text for ln in balance_lines("会议纪要", m)] == ["会议纪要"]
    long = balance_lines("关于" + "甲乙丙丁" * 12 + "的通知", m)
    widths = [ln.right for ln in long]
    assert len(long) == 3 and max(widths) - min(widths) <= 4 * 22 + EPS  # 甲乙丙丁 is one word: breaks 4 apart
    assert all(w <= MEASURE + EPS for w in widths)


# Headings of the example and like them: 28 to 40 characters with the indent, two lines on a 28-character grid.
HEADINGS = [
    "（一）做有信仰有情怀有担当的新时代工会干部，提升工会组织的组织力",
    "（二）围绕企业和职工需求，精准服务，提升工会组织的贡献力",
    "（三）认真履行工会基本职责，重视员工关系管理，提升工会组织的服务力",
    "一、深入学习贯彻党的二十大精神，团结动员广大职工建功新时代新征程",
    "二、做好2025年职工技能竞赛，完成1,200余人次的技能培训工作",
    "三、组织开展“quality month”质量月活动，推动班组建设再上新台阶",
]


def _pieces(text: str, breaks) -> list[str]:
    cuts = [0, *sorted(breaks), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _ends(lines) -> list[int]:
    """Offsets in the text (its spaces kept) where each line but the last ends."""
    return list(itertools.accumulate(len(ln.text) for ln in lines))[:-1]


def test_word_breaks_keep_numbers_with_their_measure_words_and_marks_with_their_word():
    pieces = _pieces("员工10天，1,200余人次——做好2025年工作（见附件）", word_breaks(
        "员工10天，1,200余人次——做好2025年工作（见附件）"))
    for word in ("员工", "10天，", "1,200余人次——", "2025年", "（见"):
        assert word in pieces, pieces
    assert word_breaks("工会组织的组织力") <= {2, 4, 5, 7}  # never 工/会, 组/织


@pytest.mark.parametrize("text", HEADINGS)
def test_headings_break_only_between_words_in_balanced_lines(text):
    lines = balance_lines(text, M, indent=INDENT)
    assert "".join(ln.text for ln in lines) == "".join(text.split())
    assert len(lines) == 2
    plain = text.replace(" ", "")
    assert set(_ends(lines)) <= word_breaks(plain), [ln.text for ln in lines]
    widths = [ln.right for ln in lines]  # the first line's indent included
    assert max(widths) - min(widths) <= 4 * SIZE, [ln.text for ln in lines]  # ~15 + ~15, never 28 + 2
    assert lines[0].glyphs[0].x == pytest.approx(INDENT)
    for line in lines:  # flush left at the grid's natural spacing, not spread
        assert line.last and line.ratio == 0.0


def test_a_title_breaks_between_words_and_a_forced_break_still_wins():
    m = Metrics(22.0, MEASURE, lambda ch: 11.0)
    text = "关于做好2025年度工会经费收支预算管理工作的通知"
    lines = balance_lines(text, m)
    assert len(lines) == 2 and set(_ends(lines)) <= word_breaks(text), [ln.text for ln in lines]
    assert [ln.text for ln in balance_parts("关于做好2025年度工会\n经费收支预算管理工作的通知", m)] == \
        ["关于做好2025年度工会", "经费收支预算管理工作的通知"]
    forced = balance_parts("（一）做有信仰有情怀有担当的\n新时代工会干部", M, indent=INDENT)
    assert [ln.text for ln in forced] == ["（一）做有信仰有情怀有担当的", "新时代工会干部"]
    assert forced[0].glyphs[0].x == pytest.approx(INDENT) and forced[1].glyphs[0].x == 0.0


def test_without_a_word_whole_break_that_fits_any_allowed_break_is_taken(monkeypatch):
    monkeypatch.setattr(linebreak, "word_breaks", lambda text: frozenset())
    text = HEADINGS[0]
    lines = balance_lines(text, M, indent=INDENT)
    assert "".join(ln.text for ln in lines) == text and len(lines) == 2
    assert max(ln.right for ln in lines) - min(ln.right for ln in lines) <= 2 * SIZE


ALPHABET = list("甲乙丙丁戊己庚辛壬癸") * 6 + list("，。、；：？！”）》“（《—…") + ["2023", "ESD", "6000+", "AI", " ",
                                                                        " Microsoft Office "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=160))
def test_random_text_obeys_every_rule(pieces):
    text = "".join(pieces)
    check(text, lines_of(text))


# --- pagination --------------------------------------------------------------------------------

def test_heading_is_never_left_alone_at_a_page_bottom():
    keep = [False] * 21 + [True] + [False] * 5  # line 21 is a heading on the last grid line
    slots = paginate(keep, 22)
    assert (slots[21].page, slots[21].line) == (1, 0)
    assert slots[20].page == 0 and slots[22].page == 1


def test_last_line_of_a_paragraph_never_alone_at_a_page_top():
    keep = [False] * 23
    keep[21] = True  # line 22 is the paragraph's last; it must not stand alone on page 2
    slots = paginate(keep, 22)
    assert [s.page for s in slots[21:23]] == [1, 1]
    assert max(s.line for s in slots if s.page == 0) == 20


def test_full_pages_and_reserved_title_lines():
    slots = paginate([False] * 50, 22, first_page_start=3)
    assert [s.line for s in slots[:2]] == [3, 4]
    assert sum(s.page == 0 for s in slots) == 19 and sum(s.page == 1 for s in slots) == 22


def test_a_kept_chain_longer_than_a_page_still_breaks():
    slots = paginate([True] * 30, 22)
    assert sum(s.page == 0 for s in slots) == 22


def test_a_squeezed_line_with_spaces_stays_within_the_measure():
    """A space gives up both halves of its shrink where the line is squeezed, and is placed so."""
    m = Metrics.grid(SIZE, MEASURE, CHARS, lambda ch: SIZE / 2, autospace=0.2 * SIZE)
    text = "甲" * 21 + "会议邀请 ISO 9001 认证专家 John Smith 和 Mary Lee 作 ESD 防护报告。" + "乙" * 30
    lines = break_lines(text, m, indent=2 * m.pitch)
    assert all(line.right <= MEASURE + EPS for line in lines), [(ln.text, ln.right) for ln in lines]


def test_only_a_word_wider_than_the_measure_is_split_between_its_letters():
    text = ("详见网址https://example.com/" + "a" * 60 + "，" + "会" * 8
            + "会议由Shenzhen团队组织召开，共计2025人次参加。")
    lines = lines_of(text, indent=0.0)
    assert "".join(ln.text for ln in lines) == text
    assert any("Shenzhen" in ln.text for ln in lines) and any("2025人次" in ln.text for ln in lines)
    assert all(line.right <= MEASURE + EPS for line in lines)


def test_a_dash_run_longer_than_a_line_is_split_into_whole_pairs():
    lines = lines_of("——" * 20, indent=0.0)
    assert "".join(ln.text for ln in lines) == "——" * 20
    assert all(line.right <= MEASURE + EPS and len(line.text) % 2 == 0 for line in lines)


@pytest.mark.parametrize(("text", "bad"), [
    ("甲" * 28 + " ）乙乙", "starts"), ("甲" * 27 + "（ 乙乙", "ends"), ("甲" * 26 + "乙 ——丙", "starts")])
def test_a_space_does_not_lift_the_line_start_and_end_rules(text, bad):
    lines = lines_of(text, indent=0.0)
    assert "".join(ln.text for ln in lines) == "".join(text.split())
    for a, b in itertools.pairwise(lines):
        assert b.text[0] not in NO_LINE_START and a.text[-1] not in NO_LINE_END, (a.text, b.text, bad)


def test_a_squeezed_line_keeps_its_mid_line_commas_nearly_full_width():
    """A closing mark pulled up onto a full line squeezes it: the gaps between characters give way before a
    mid-line ， gives up more than an eighth of an em (at half width it reads as a Western comma)."""
    text = "甲" * 5 + "，" + "乙" * 10 + "，" + "丙" * 11 + "。" + "丁" * 5  # 28 characters, then 。 pulled up
    first = break_lines(text, M)[0]
    assert first.text.endswith("丙。") and len(first.text) == 29
    for k, glyph in enumerate(first.glyphs[:-1]):
        if glyph.char == "，":
            box = first.glyphs[k + 1].x - glyph.x  # the mark and what is left of its blank
            assert box >= (1 - linebreak.MID_MARK_SQUEEZE) * SIZE - M.pitch * linebreak.CJK_SHRINK - EPS, box
    assert first.glyphs[-1].x + first.glyphs[-1].width <= MEASURE + EPS


@pytest.mark.parametrize("before", range(0, 12))
def test_a_mid_line_mark_never_squeezed_below_the_floor(before):
    """However a line is squeezed to take a mark pulled up from the next line, a ， inside it keeps at least
    MARK_FLOOR of an em (its box to the next glyph): half an em reads as a Western comma. Lines of letters have
    no gaps between Han characters to give, so their marks are asked the most."""
    text = "甲" * before + "ABCDEFGH，IJKLMNOP，QRSTUVWX，YZABCDEF，GHIJKL。" + "乙" * 30
    lines = lines_of(text, indent=0.0)
    check(text, lines)
    seen = 0
    for line in lines:
        for a, b in itertools.pairwise(line.glyphs):
            if a.char == "，" and b.kind != "close":
                seen += 1
                assert b.x - a.x >= linebreak.MARK_FLOOR * SIZE + M.tracking - EPS, (line.text, b.x - a.x)
        assert line.right <= MEASURE + EPS
    assert seen


def test_a_last_line_never_holds_one_character_alone_with_tail():
    """质。 alone on a paragraph's last line: with `tail` the line before gives it its last character (clreq: at
    least two on a last line), spread to the measure; it records the room it had holding that character (the
    DOCX sets it wider by that much and half an em, `Placed.tail`). A line that cannot give (its last item a
    mark) keeps it; without `tail` (table cells) nothing changes."""
    text = "甲" * 27 + "乙质。"
    plain = break_lines(text, M, indent=0.0)
    assert [ln.text for ln in plain] == ["甲" * 27 + "乙", "质。"] and plain[0].gave is None
    lines = break_lines(text, M, indent=0.0, tail=True)
    check(text, lines)
    assert [ln.text for ln in lines] == ["甲" * 27, "乙质。"]
    natural = 28 * SIZE + 27 * M.tracking  # the full line as a word processor measures it
    assert lines[0].right == pytest.approx(MEASURE) and lines[0].gave == pytest.approx(MEASURE - natural)
    assert lines[1].gave is None
    kept = break_lines("甲" * 26 + "“乙”丙。", M, indent=0.0, tail=True)
    assert kept[-1].text == "丙。" and all(ln.gave is None for ln in kept)


def test_the_flow_finds_the_line_that_gave_its_character_in_the_text_past_spaces_at_breaks():
    """`Placed.tail` names the giving line's characters in the block's text: spaces skipped at earlier breaks
    (a line never starts with one) do not shift it."""
    from reportgen.layout.flow import _tail

    text = "甲" * 28 + " " + "乙" * 28 + " " + "丁" * 27 + "丙质。"
    lines = tuple(break_lines(text, M, indent=0.0, tail=True))
    assert [ln.text for ln in lines] == ["甲" * 28, "乙" * 28, "丁" * 27, "丙质。"]
    tail = _tail(text, lines, SIZE)
    assert tail is not None
    start, end, extra = tail
    assert text[start:end] == "丁" * 27 and extra == pytest.approx(lines[2].gave + SIZE / 2)
