"""`reportgen serve` without a file, in a real browser: the page lists the folder's inputs and Word files, opens
one (a .docx imported beside it, an existing .yaml never replaced unless the user says so) or starts a new input
from the starter, by keyboard; names are text, never markup."""

from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from reportgen.loader import load_file
from reportgen.starter import starter_bytes

from .editorkit import PAGES_TEXT, copy_examples, serving, wait

HOSTILE = "<img src=x onerror=window.__pwned=1>.yaml"


@pytest.fixture
def folder(tmp_path, example_build):
    work = tmp_path / "会议"
    work.mkdir()
    copy_examples(work)
    shutil.copy(example_build["docx"], work / "去年的报告.docx")
    (tmp_path / "outside.yaml").write_text("kind: report\n", encoding="utf-8")
    (work / "link.yaml").symlink_to(tmp_path / "outside.yaml")  # leads out of the folder: never listed
    shutil.copy(work / "2023-union-annual-meeting.yaml", work / HOSTILE)
    return work


def _choices(driver) -> list[str]:
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, "#files button"), 30, "the folder's files listed")
    return [b.get_attribute("data-name") for b in driver.find_elements(By.CSS_SELECTOR, "#files button")]


def _editing(driver, name: str) -> None:
    """The editor page is shown for `name` (its file name in the header, its YAML in the YAML view)."""
    wait(lambda: driver.find_elements(By.ID, "file") and driver.find_element(By.ID, "file").text == name, 60,
         f"the editor open on {name}")
    wait(lambda: driver.execute_script("return window.__rg && window.__rg.version >= 0"), 60, "the first preview")


def test_the_folder_is_listed_and_a_new_input_starts_from_the_starter_by_keyboard(browser, folder):
    before = {p.name for p in folder.parent.iterdir()}
    with serving(None, folder) as server:
        browser.get(server.url)
        names = _choices(browser)
        assert names == sorted(names)
        assert {"2023-union-annual-meeting.yaml", "去年的报告.docx", HOSTILE} <= set(names)
        assert "link.yaml" not in names and "outside.yaml" not in names
        assert not (folder / "会议报告.yaml").exists()  # nothing written before the user chooses
        assert browser.execute_script("return window.__pwned") is None
        assert browser.switch_to.active_element.get_attribute("data-name") == names[0]  # focus starts on the list
        # A name that is taken, or leads out of the folder, is refused and nothing is written.
        field = browser.find_element(By.ID, "new-name")
        for name, said in (("2023-union-annual-meeting.yaml", "已存在"), ("../逃出去.yaml", "文件名")):
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(name, Keys.ENTER)
            wait(lambda said=said: said in browser.find_element(By.ID, "error").text, 30, f"refused: {name}")
        assert {p.name for p in folder.parent.iterdir()} == before
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys("新的会议", Keys.ENTER)
        _editing(browser, "新的会议.yaml")
        assert (folder / "新的会议.yaml").read_bytes() == starter_bytes()
        assert "RG308" in browser.find_element(By.ID, "message-list").get_attribute("textContent")  # ×× to fill in
        browser.find_element(By.ID, "tab-yaml").click()
        assert browser.find_element(By.ID, "yamltext").get_attribute("value") == starter_bytes().decode("utf-8")


def test_a_word_file_is_imported_beside_it_and_opened(browser, folder):
    with serving(None, folder) as server:
        browser.get(server.url)
        _choices(browser)
        button = browser.find_element(By.CSS_SELECTOR, '#files button[data-name="去年的报告.docx"]')
        button.send_keys(Keys.ENTER)
        _editing(browser, "去年的报告.yaml")
        wait(lambda: "深科技总工会召开" in browser.execute_script(PAGES_TEXT), 60, "the imported report's pages")
        assert load_file(folder / "去年的报告.yaml").data["meeting"]["organiser"]


@pytest.mark.parametrize("choice", ["existing", "overwrite"])
def test_an_existing_yaml_beside_the_word_file_is_replaced_only_when_asked(browser, folder, choice):
    mine = (folder / "2023-union-annual-meeting.yaml").read_text(encoding="utf-8").replace(
        "深科技总工会", "我自己改过的工会")
    (folder / "去年的报告.yaml").write_text(mine, encoding="utf-8")
    with serving(None, folder) as server:
        browser.get(server.url)
        _choices(browser)
        browser.find_element(By.CSS_SELECTOR, '#files button[data-name="去年的报告.docx"]').click()
        ask = wait(lambda: (a := browser.find_element(By.ID, "ask")).is_displayed() and a, 30, "asked")
        assert "去年的报告.yaml 已存在" in ask.text
        assert browser.switch_to.active_element.get_attribute("id") == "ask-existing"
        assert (folder / "去年的报告.yaml").read_text(encoding="utf-8") == mine  # nothing written while asking
        browser.switch_to.active_element.send_keys(Keys.ENTER) if choice == "existing" else \
            browser.find_element(By.ID, "ask-overwrite").send_keys(Keys.ENTER)
        _editing(browser, "去年的报告.yaml")
        wait(lambda: browser.execute_script("return window.__rg.pages > 0"), 60, "pages")
        shown = browser.execute_script(PAGES_TEXT)
        now = (folder / "去年的报告.yaml").read_text(encoding="utf-8")
        if choice == "existing":
            assert now == mine and "我自己改过的工会" in shown
        else:
            assert now != mine and "我自己改过的工会" not in now and "深科技总工会召开" in shown
