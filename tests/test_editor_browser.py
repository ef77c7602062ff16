"""`reportgen serve` in a real browser (Debian's Chromium through chromedriver): edit, see the page change,
save, build; messages at their field; reorder; a DOCX imported and undone; two tabs; text is never markup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from reportgen.loader import load_file

from .conftest import ROOT
from .editorkit import PAGES_TEXT, copy_examples, open_editor, serving, settled, wait


@pytest.fixture
def folder(tmp_path):
    copy_examples(tmp_path)
    return tmp_path


def _pages_text(driver) -> str:
    return driver.execute_script(PAGES_TEXT)


def _field(driver, path, tab="outline"):
    driver.find_element(By.ID, f"tab-{tab}").click()
    return driver.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]:is(input, textarea)')


def _type(driver, path, text, tab="outline"):
    field = _field(driver, path, tab)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(text)
    settled(driver)


def test_edit_a_paragraph_see_it_save_and_build_the_same_pdf(browser, folder):
    source = folder / "2023-union-annual-meeting.yaml"
    with serving(source.name, folder) as server:
        open_editor(browser, server.url)
        shot = folder / "editor.png"
        browser.save_screenshot(str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000  # a page, not a blank
        if os.environ.get("REPORTGEN_SCREENSHOT"):  # `make screenshot`: the README's picture, as this test sees it
            shutil.copy(shot, ROOT / "docs" / "editor.png")
        new = "苏州工会今年新写的一段话。"
        assert new not in _pages_text(browser)
        _type(browser, "sections[1].units[0].paragraphs[0]", new)
        wait(lambda: new in _pages_text(browser), 30, "the new text on the page")
        browser.find_element(By.ID, "save").click()
        assert wait(lambda: browser.execute_script("return window.__rg.saved"), 30, "saved")
        saved = source.read_text(encoding="utf-8")
        assert new in saved and "# 开会日期" in saved  # comments kept
        assert load_file(source).data["sections"][1]["units"][0]["paragraphs"][0] == new
        browser.find_element(By.ID, "build").click()
        built = wait(lambda: browser.execute_script("return window.__rg.built"), 120, "built")
        assert built["ok"], built
        again = subprocess.run([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(folder / "cli")],
                               capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        name = "2023-union-annual-meeting.pdf"
        assert (folder / "output" / name).read_bytes() == (folder / "cli" / name).read_bytes()


def test_an_impossible_date_is_told_at_the_date_field_and_goes_when_fixed(browser, folder):
    with serving("2023-union-annual-meeting.yaml", folder) as server:
        open_editor(browser, server.url)
        _type(browser, "meeting.date", "2024-02-30", tab="facts")
        field = browser.find_element(By.CSS_SELECTOR, '.field[data-path="meeting.date"]')
        message = wait(lambda: [m.text for m in field.find_elements(By.CLASS_NAME, "msg") if "RG205" in m.text],
                       30, "RG205 at the date field")
        assert "2024-02-30 不存在" in message[0]
        _type(browser, "meeting.date", "2024-02-28", tab="facts")
        field = browser.find_element(By.CSS_SELECTOR, '.field[data-path="meeting.date"]')
        wait(lambda: not field.find_elements(By.CLASS_NAME, "msg"), 30, "the message gone")


def test_the_kind_and_style_fields_offer_their_values_and_a_choice_shows_on_the_page(browser, folder):
    """文稿类型 and 样式 are typed as anything else (a preset of one's own too), with the known values offered in
    Chinese; choosing 会议纪要 turns the pages into the minutes."""
    with serving("2023-union-annual-meeting.yaml", folder) as server:
        open_editor(browser, server.url)
        field = _field(browser, "kind", tab="facts")
        offered = browser.execute_script(
            "return [...arguments[0].list.options].map(o => [o.value, o.label])", field)
        assert [value for value, _label in offered] == ["report", "minutes", "formal"]
        assert all(label and not label.isascii() for _value, label in offered)
        styles = browser.execute_script("return [...arguments[0].list.options].map(o => o.value)",
                                        _field(browser, "style", tab="facts"))
        assert styles == ["official", "news"]
        assert "纪要" not in _pages_text(browser)
        _type(browser, "kind", "minutes", tab="facts")
        wait(lambda: "纪要" in _pages_text(browser), 30, "the minutes' pages")


def test_a_field_the_file_leaves_out_is_added_by_its_button(browser, folder):
    """The example has no `title:` (a template makes it): 添加标题 adds one to fill in, and the page shows it."""
    with serving("2023-union-annual-meeting.yaml", folder) as server:
        open_editor(browser, server.url)
        browser.find_element(By.ID, "tab-facts").click()
        assert not browser.find_elements(By.CSS_SELECTOR, '[data-path="title"]:is(input, textarea)')
        browser.find_element(By.CSS_SELECTOR, '#facts button[data-add="title"]').click()
        settled(browser)
        field = wait(lambda: browser.find_elements(By.CSS_SELECTOR, '[data-path="title"]:is(input, textarea)'), 30,
                     "the title field")[0]
        assert field.get_attribute("value") == "待填写"
        _type(browser, "title", "深科技总工会隆重召开年度总结大会", tab="facts")
        wait(lambda: "隆重召开年度总结大会" in "".join(_pages_text(browser).split()), 30, "the new title")
        assert not browser.find_elements(By.CSS_SELECTOR, '#facts button[data-add="title"]')


def test_reordering_two_units_reorders_the_pages(browser, folder):
    source = folder / "2023-union-annual-meeting.yaml"
    first, second = (u["name"] for u in load_file(source).data["sections"][1]["units"][:2])
    with serving(source.name, folder) as server:
        open_editor(browser, server.url)
        text = _pages_text(browser)
        assert text.index(first) < text.index(second)
        browser.find_element(By.ID, "tab-outline").click()
        units = browser.find_element(By.CSS_SELECTOR, '.list[data-path="sections[1].units"]')
        units.find_element(By.CSS_SELECTOR, ":scope > .item > .ops button[aria-label='下移']").click()
        wait(lambda: (t := _pages_text(browser)).index(second) < t.index(first), 30, "the new order on the page")


def test_a_docx_is_imported_shown_and_an_edit_undone(browser, folder, example_build):
    docx = folder / "去年的报告.docx"
    shutil.copy(example_build["docx"], docx)
    with serving(docx.name, folder) as server:
        assert (folder / "去年的报告.yaml").is_file()
        open_editor(browser, server.url)
        before = _pages_text(browser)
        assert "深科技总工会召开" in before
        organiser = load_file(folder / "去年的报告.yaml").data["meeting"]["organiser"]
        _type(browser, "meeting.organiser", "新的主办单位", tab="facts")
        wait(lambda: "新的主办单位" in _pages_text(browser), 30, "the edit shown")
        browser.find_element(By.ID, "undo").click()
        wait(lambda: _pages_text(browser) == before, 30, "the page as before")
        settled(browser)
        assert _field(browser, "meeting.organiser", "facts").get_attribute("value") == organiser


def test_two_tabs_the_stale_save_is_refused_and_nothing_lost(browser, folder):
    source = folder / "2023-union-annual-meeting.yaml"
    with serving(source.name, folder) as server:
        open_editor(browser, server.url)
        first = browser.current_window_handle
        browser.switch_to.new_window("tab")
        open_editor(browser, server.base + "/")
        second = browser.current_window_handle
        browser.switch_to.window(first)
        _type(browser, "meeting.organiser", "第一个窗口的单位", tab="facts")
        browser.find_element(By.ID, "save").click()
        assert wait(lambda: browser.execute_script("return window.__rg.saved"), 30, "first saved")
        browser.switch_to.window(second)
        _type(browser, "meeting.name", "第二个窗口的会议名称", tab="facts")
        browser.find_element(By.ID, "save").click()
        wait(lambda: browser.execute_script("return window.__rg.saved === false"), 30, "second refused")
        notice = browser.find_element(By.ID, "notice")
        assert notice.is_displayed() and "另一个窗口" in notice.text
        saved = source.read_text(encoding="utf-8")
        assert "第一个窗口的单位" in saved and "第二个窗口的会议名称" not in saved
        assert _field(browser, "meeting.name", "facts").get_attribute("value") == "第二个窗口的会议名称"
        assert "第二个窗口的会议名称" in _pages_text(browser)  # the tab's own edit is still there
        # A change on disk by another program is offered, not taken.
        browser.switch_to.window(first)
        browser.find_element(By.ID, "dismiss").click() if browser.find_element(By.ID, "notice").is_displayed() \
            else None
        source.write_text(saved.replace("第一个窗口的单位", "别的程序改的单位"), encoding="utf-8")
        wait(lambda: browser.find_element(By.ID, "notice").is_displayed(), 30, "the change on disk offered")
        assert "第一个窗口的单位" in _pages_text(browser)
        browser.find_element(By.ID, "reload").click()
        wait(lambda: "别的程序改的单位" in _pages_text(browser), 30, "the disk version taken on request")
        browser.switch_to.window(second)
        browser.close()
        browser.switch_to.window(first)


def test_script_in_a_paragraph_and_a_unit_name_is_shown_as_text(browser, folder):
    hostile = '<script>window.__pwned=1</script>'
    image = '<img src=x onerror="window.__pwned=2">'
    with serving("2023-union-annual-meeting.yaml", folder) as server:
        open_editor(browser, server.url)
        _type(browser, "sections[1].units[0].name", hostile)
        _type(browser, "sections[1].units[0].paragraphs[0]", image + "段落")
        flat = "".join(image.split())  # a line may break at a space, which the printed line then drops
        wait(lambda: hostile in _pages_text(browser) and flat in "".join(_pages_text(browser).split()), 30,
             "shown as text")
        assert browser.execute_script("return window.__pwned") is None
        assert browser.execute_script("return document.querySelectorAll('#pages script, #pages img, "
                                      "#outline script, #outline img').length") == 0
        browser.find_element(By.ID, "tab-yaml").click()
        assert hostile in browser.find_element(By.ID, "yamltext").get_attribute("value")


def test_an_imported_paragraph_run_becomes_a_unit(browser, folder):
    """After an import that took a unit's report for plain paragraphs: change the section's type."""
    source = folder / "2023-union-annual-meeting.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "  - type: closing", "  - type: paragraphs\n    heading: 其他单位汇报\n    paragraphs:\n"
        "      - 深科技测试工会\n      - 测试工会全年组织职工开展技能培训。\n\n  - type: closing", 1)
    source.write_text(text, encoding="utf-8")
    index = [s["type"] for s in load_file(source).data["sections"]].index("paragraphs")
    with serving(source.name, folder) as server:
        open_editor(browser, server.url)
        digests = "return [...document.querySelectorAll('#pages .pagewrap')].map(p => p.dataset.digest)"
        before = browser.execute_script(digests)
        browser.find_element(By.ID, "tab-outline").click()
        select = browser.find_element(By.CSS_SELECTOR, f'select[data-path="sections[{index}].type"]')
        sent = browser.execute_script("return window.__rg.sent")
        select.find_element(By.CSS_SELECTOR, "option[value='unit_reports']").click()
        assert browser.execute_script("return window.__rg.sent") == sent  # only proposed: the button changes it
        browser.find_element(By.CSS_SELECTOR, f'button[data-retype="sections[{index}]"]').click()
        settled(browser)
        wait(lambda: browser.find_elements(By.CSS_SELECTOR, f'[data-path="sections[{index}].units[0].name"]'),
             30, "the unit in the outline")
        assert _field(browser, f"sections[{index}].units[0].name").get_attribute("value") == "深科技测试工会"
        lines = browser.execute_script("return [...document.querySelectorAll('#pages text')].map(t => t.textContent)")
        assert "深科技测试工会" in lines  # the unit's name on a line of its own, as a unit heading
        assert browser.execute_script(digests) != before  # the page was laid out again and sent
