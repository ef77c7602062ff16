"""The editor's outline in a real browser, beyond the units and paragraphs: a section added by type, an
optional heading added, moved, made an attachment; an attachment's table built (columns added and removed in
every row); a message at its own paragraph with the fix button `check --fix` would use."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from reportgen.loader import load_file

from .editorkit import PAGES_TEXT, copy_examples, open_editor, serving, settled, wait


@pytest.fixture
def folder(tmp_path):
    copy_examples(tmp_path)
    return tmp_path


def _open(driver, url):
    open_editor(driver, url)
    driver.find_element(By.ID, "tab-outline").click()


def _pages(driver) -> str:
    return "".join(driver.execute_script(PAGES_TEXT).split())


def _field(driver, path):
    return wait(lambda: driver.find_elements(By.CSS_SELECTOR, f'[data-path="{path}"]:is(input, textarea)'), 30,
                f"the field {path}")[0]


def _type(driver, path, text):
    field = _field(driver, path)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(text)
    settled(driver)


def _click(driver, selector):
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, selector), 30, selector)[0].click()
    settled(driver)


def _messages_at(driver, path) -> list[str]:
    """The messages shown in the box of the field at `path` (not elsewhere on the form)."""
    return driver.execute_script(
        "const f = document.querySelector(`:is(input, textarea)[data-path=\"${arguments[0]}\"]`);"
        "const box = f && f.closest('.item > .body, .field');"
        "return box ? [...box.querySelectorAll(':scope > .msg')].map(m => m.textContent) : null;", path)


def test_a_section_added_given_a_heading_moved_and_made_an_attachment(browser, folder):
    source = folder / "2023-union-annual-meeting.yaml"
    sections = load_file(source).data["sections"]
    new = len(sections)
    with serving(source.name, folder) as server:
        _open(browser, server.url)
        Select(browser.find_element(By.CSS_SELECTOR, "#outline > .add select")).select_by_value("paragraphs")
        _click(browser, "#outline > .add button")
        _type(browser, f"sections[{new}].paragraphs[0]", "新加的一段话在这里。")
        wait(lambda: "新加的一段话在这里。" in _pages(browser), 30, "the new section on the page")
        _click(browser, f'button[data-add="sections[{new}].heading"]')
        _type(browser, f"sections[{new}].heading", "新加的标题")
        wait(lambda: "新加的标题" in _pages(browser), 30, "its heading on the page")
        closing = next(p for p in sections[-1]["paragraphs"])[:12]
        assert _pages(browser).index(closing) < _pages(browser).index("新加的标题")
        legend = browser.find_element(By.CSS_SELECTOR, f'fieldset.section[data-path="sections[{new}]"] > legend')
        legend.find_element(By.CSS_SELECTOR, "button[aria-label='上移']").click()
        settled(browser)
        wait(lambda: (t := _pages(browser)).index("新加的标题") < t.index(closing), 30, "moved above the closing")
        select = browser.find_element(By.CSS_SELECTOR, f'select[data-path="sections[{new - 1}].type"]')
        Select(select).select_by_value("attachments")
        browser.find_element(By.CSS_SELECTOR, f'button[data-retype="sections[{new - 1}]"]').send_keys(Keys.ENTER)
        settled(browser)
        wait(lambda: "附件" in _pages(browser) and "附件：新加的标题" in _pages(browser), 30, "an attachment now")
        moved = load_file(source).data  # nothing saved meanwhile
        assert len(moved["sections"]) == new
        browser.find_element(By.ID, "save").click()
        wait(lambda: browser.execute_script("return window.__rg.saved"), 30, "saved")
        made = load_file(source).data["sections"][new - 1]
        assert made == {"type": "attachments", "items": [{"title": "新加的标题", "content": [
            {"type": "paragraphs", "paragraphs": ["新加的一段话在这里。"]}]}]}


def test_an_attachments_table_is_built_in_the_outline(browser, folder):
    source = folder / "2023-union-annual-meeting-attachments.yaml"
    at = "sections[3].items[0].content"
    with serving(source.name, folder) as server:
        _open(browser, server.url)
        box = browser.find_element(By.CSS_SELECTOR, f'.list[data-path="{at}"]')
        Select(box.find_element(By.CSS_SELECTOR, ":scope > .add select")).select_by_value("table")
        box.find_element(By.CSS_SELECTOR, ":scope > .add button").click()
        settled(browser)
        table = f"{at}[2]"
        wait(lambda: any("RG308" in m for m in _messages_at(browser, f"{table}.caption") or []), 30,
             "what to fill in, told at the caption")
        _type(browser, f"{table}.caption", "附件里的一张表")
        _type(browser, f"{table}.columns[0]", "项目")
        _type(browser, f"{table}.columns[1]", "说明")
        _type(browser, f"{table}.rows[0][0]", "甲项")
        wait(lambda: "附件里的一张表" in _pages(browser) and "甲项" in _pages(browser), 30, "the table on the page")
        _click(browser, f'.list[data-path="{table}.columns"] > .add button')  # a third column
        assert len(browser.find_elements(By.CSS_SELECTOR, f'.cells[data-path="{table}.rows[0]"] input')) == 3
        _type(browser, f"{table}.columns[2]", "备注栏")
        _click(browser, f'.list[data-path="{table}.rows"] > .add button')  # a second row, three cells
        _type(browser, f"{table}.rows[1][2]", "乙的备注")
        wait(lambda: "备注栏" in _pages(browser) and "乙的备注" in _pages(browser), 30, "the new column and row")
        first = browser.find_element(By.CSS_SELECTOR, f'.list[data-path="{table}.columns"] > .item')
        first.find_element(By.CSS_SELECTOR, "button[aria-label='删除这一列']").click()
        settled(browser)
        wait(lambda: "甲项" not in _pages(browser) and "备注栏" in _pages(browser), 30, "the first column gone")
        assert "说明备注栏" in _pages(browser)
        second = browser.find_elements(By.CSS_SELECTOR, f'.list[data-path="{table}.columns"] > .item')[1]
        second.find_element(By.CSS_SELECTOR, "button[aria-label='这一列左移']").click()  # with its cells
        settled(browser)
        wait(lambda: "备注栏说明" in _pages(browser), 30, "the columns swapped on the page")
        browser.find_element(By.ID, "save").click()
        wait(lambda: browser.execute_script("return window.__rg.saved"), 30, "saved")
        made = load_file(source).data["sections"][3]["items"][0]["content"][2]
        assert made == {"type": "table", "caption": "附件里的一张表", "columns": ["备注栏", "说明"],
                        "rows": [["", ""], ["乙的备注", ""]]}
        assert not browser.find_elements(By.CSS_SELECTOR, ".msg.error")
        # Another attachment: plain paragraphs to fill in, whatever the last one held (a photo here).
        _click(browser, '.list[data-path="sections[3].items"] > .add button')
        wait(lambda: any("RG308" in m for m in _messages_at(browser, "sections[3].items[3].title") or []), 30,
             "the new attachment's title to fill in")
        _type(browser, "sections[3].items[3].title", "第四个附件的名称")
        _type(browser, "sections[3].items[3].content[0].paragraphs[0]", "第四个附件的正文。")
        wait(lambda: "附件4" in _pages(browser) and "第四个附件的正文。" in _pages(browser), 30,
             "the fourth attachment")


def test_a_message_is_at_its_paragraph_with_the_fix_button(browser, folder):
    source = folder / "2023-union-annual-meeting.yaml"
    path = "sections[1].units[0].paragraphs[1]"
    with serving(source.name, folder) as server:
        _open(browser, server.url)
        _type(browser, path, "连续五年开展志愿服务,打造工会服务品牌。")
        shown = wait(lambda: _messages_at(browser, path), 30, "the message at the paragraph")
        assert len(shown) == 1 and "RG301" in shown[0]
        assert not _messages_at(browser, "sections[1].units[0].paragraphs[0]")
        button = browser.find_element(By.CSS_SELECTOR, "button[aria-label='修复 RG301']")
        assert button.find_element(By.XPATH, "../..").get_attribute("class") == "body"
        button.send_keys(Keys.ENTER)
        settled(browser)
        wait(lambda: _field(browser, path).get_attribute("value") == "连续五年开展志愿服务，打造工会服务品牌。", 30,
             "fixed in the field")
        wait(lambda: not _messages_at(browser, path), 30, "the message gone")
        assert "志愿服务，打造" in _pages(browser)


def test_an_attachments_paragraphs_become_a_photo(browser, folder):
    source = folder / "2023-union-annual-meeting-attachments.yaml"
    part = "sections[3].items[0].content[1]"
    with serving(source.name, folder) as server:
        _open(browser, server.url)
        assert "张明（深科技苏州工会）" in _pages(browser)
        Select(browser.find_element(By.CSS_SELECTOR, f'select[data-path="{part}.type"]')).select_by_value("image")
        browser.find_element(By.CSS_SELECTOR, f'button[data-retype="{part}"]').send_keys(Keys.ENTER)
        settled(browser)
        picker = wait(lambda: browser.find_elements(By.CSS_SELECTOR, f'button[data-picker="{part}.path"]'), 30,
                      "a photo now, with its picker")
        picker[0].send_keys(Keys.ENTER)
        wait(lambda: browser.find_elements(By.CSS_SELECTOR, 'button[data-image="images/2023-meeting.jpg"]'), 30,
             "the folder's photos")[0].send_keys(Keys.ENTER)
        settled(browser)
        wait(lambda: "张明（深科技苏州工会）" not in _pages(browser), 30, "the page without the old paragraphs")
        photos = "return document.querySelectorAll('#pages image').length"
        assert browser.execute_script(photos) == 2  # the third attachment's photo and this one
        content = [p["type"] for p in load_file(source).data["sections"][3]["items"][0]["content"]]
        assert content == ["paragraphs", "paragraphs"]  # nothing saved
