"""Photos in the editor's outline, in a real browser: a photo section's file is chosen from the images of the
input's folder and its subfolders, or uploaded into the folder (under a safe name of its own, never over a
file); the page then shows that very photo."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from reportgen.render.image import photo

from .editorkit import copy_examples, serving, settled, wait

SOURCE = "2023-union-annual-meeting-photos.yaml"
HREFS = "return [...document.querySelectorAll('#pages image')].map(i => i.getAttribute('href'))"


def _picture(path, colour, size=(400, 300)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.fixture
def folder(tmp_path):
    work = tmp_path / "会议"
    work.mkdir()
    copy_examples(work)
    _picture(work / "照片" / "第二次" / "新照片.png", (200, 30, 30))
    (work / "notes.txt").write_text("不是图片", encoding="utf-8")
    return work


def _shown(path) -> str:
    """Where the page's SVG refers to the photo at `path`, as the PDF embeds it."""
    return "photo/" + hashlib.sha256(photo(path, path.name).data).hexdigest()[:32]


def _open_picker(driver, where):
    driver.find_element(By.ID, "tab-outline").click()
    button = wait(lambda: driver.find_elements(By.CSS_SELECTOR, f'button[data-picker="{where}"]'), 30, "picker")[0]
    button.send_keys(Keys.ENTER)
    return wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".picker:not([hidden]) button[data-image]")
                or driver.find_elements(By.CSS_SELECTOR, ".picker:not([hidden]) input[type=file]"), 30, "listed")


def _fetched_size(driver, href) -> int:
    return driver.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then(r => r.ok ? r.arrayBuffer() : null)"
        ".then(b => done(b ? b.byteLength : -1));", href)


def test_a_photo_chosen_from_a_subfolder_is_on_the_page(browser, folder):
    chosen = folder / "照片" / "第二次" / "新照片.png"
    with serving(SOURCE, folder) as server:
        browser.get(server.url)
        wait(lambda: browser.execute_script("return window.__rg && window.__rg.pages > 0"), 60, "first pages")
        assert _shown(folder / "images" / "2023-meeting.jpg") in browser.execute_script(HREFS)
        _open_picker(browser, "sections[1].path")
        names = [b.get_attribute("data-image") for b in browser.find_elements(By.CSS_SELECTOR, "button[data-image]")]
        assert {"images/2023-meeting.jpg", "images/示例印章.png", "照片/第二次/新照片.png"} <= set(names)
        assert "notes.txt" not in names
        assert browser.switch_to.active_element.get_attribute("data-image") == names[0]  # the keyboard is there
        browser.find_element(By.CSS_SELECTOR, 'button[data-image="照片/第二次/新照片.png"]').send_keys(Keys.ENTER)
        wait(lambda: _shown(chosen) in browser.execute_script(HREFS), 30, "the chosen photo on the page")
        settled(browser)
        assert _fetched_size(browser, _shown(chosen)) == len(photo(chosen, chosen.name).data)
        field = browser.find_element(By.CSS_SELECTOR, 'input[data-path="sections[1].path"]')
        assert field.get_attribute("value") == "照片/第二次/新照片.png"
        yaml = browser.execute_script("return document.getElementById('yamltext').value")
        assert "path: 照片/第二次/新照片.png" in yaml


def test_an_uploaded_photo_is_saved_in_the_folder_never_over_a_file(browser, folder, tmp_path):
    outside = _picture(tmp_path / "外面" / "会场 照片.png", (30, 120, 200), (500, 250))
    with serving(SOURCE, folder) as server:
        browser.get(server.url)
        wait(lambda: browser.execute_script("return window.__rg && window.__rg.pages > 0"), 60, "first pages")
        for expected in ("会场_照片.png", "会场_照片-2.png"):
            browser.execute_script("window.__rg.uploaded = null")
            _open_picker(browser, "sections[1].path")
            browser.find_element(By.CSS_SELECTOR, ".picker:not([hidden]) input[type=file]").send_keys(str(outside))
            result = wait(lambda: browser.execute_script("return window.__rg.uploaded"), 30, "uploaded")
            assert result == {"ok": True, "path": expected}
            assert (folder / expected).read_bytes() == outside.read_bytes()
            wait(lambda expected=expected: _shown(folder / expected) in browser.execute_script(HREFS), 30,
                 "the uploaded photo on the page")
            settled(browser)
        # Not a photo: refused with a message, nothing written.
        fake = tmp_path / "外面" / "假的.png"
        fake.write_text("这不是图片", encoding="utf-8")
        before = sorted(p.name for p in folder.iterdir())
        browser.execute_script("window.__rg.uploaded = null")
        _open_picker(browser, "sections[1].path")
        browser.find_element(By.CSS_SELECTOR, ".picker:not([hidden]) input[type=file]").send_keys(str(fake))
        result = wait(lambda: browser.execute_script("return window.__rg.uploaded"), 30, "refused")
        assert result["ok"] is False and "不是 JPEG 或 PNG" in result["message"]
        note = browser.find_element(By.CSS_SELECTOR, '.photo[data-path="sections[1].path"] [role=status]')
        assert "不是 JPEG 或 PNG" in note.text
        assert sorted(p.name for p in folder.iterdir()) == before
