"""The editor's server refuses what a local server must: another Host (DNS rebinding), another site's Origin
on a write or the WebSocket, a request without the printed token, a path outside the input's folder."""

from __future__ import annotations

import http.client
import json

import pytest

from .editorkit import copy_examples, serving


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    source = copy_examples(folder)
    (folder.parent / "secret.txt").write_text("不该被读到", encoding="utf-8")
    with serving(source.name, folder) as running:
        running.folder = folder
        yield running


def _request(server, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    sent = {"Host": f"127.0.0.1:{server.port}", "Cookie": f"reportgen_token={server.token}", **(headers or {})}
    conn.request(method, path, body=body, headers={k: v for k, v in sent.items() if v is not None})
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())


def test_the_page_with_its_token(server):
    status, body, headers = _request(server, "GET", "/")
    assert status == 200 and "reportgen 编辑器" in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    status, _body, headers = _request(server, "GET", f"/?token={server.token}", {"Cookie": None})
    assert status == 302 and f"reportgen_token={server.token}" in headers["Set-Cookie"]
    assert "SameSite=Strict" in headers["Set-Cookie"]


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.evil.example:{port}", "127.0.0.1:1", ""])
def test_a_foreign_host_is_refused(server, host):
    status, body, _ = _request(server, "GET", "/", {"Host": host.format(port=server.port)})
    assert status == 403 and "Host" in body


def test_without_the_token_nothing_is_served(server):
    wrong = server.token[:-1] + ("y" if server.token.endswith("x") else "x")  # one character off, never the token
    for path in ("/", "/static/app.js", f"/?token={wrong}"):
        status, _body, _ = _request(server, "GET", path, {"Cookie": None})
        assert status == 403, path


def test_a_foreign_origin_may_not_write(server, tmp_path):
    before = sorted(p.name for p in (tmp_path.parent).iterdir())
    body = json.dumps({"text": "kind: report\n"})
    status, text, _ = _request(server, "POST", "/api/build",
                               {"Origin": "http://evil.example", "Content-Type": "application/json"}, body)
    assert status == 403 and "其他网站" in text
    assert sorted(p.name for p in (tmp_path.parent).iterdir()) == before


def test_a_foreign_origin_may_not_open_the_websocket(server):
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    status, _text, _ = _request(server, "GET", "/ws", {**headers, "Origin": "http://evil.example"})
    assert status == 403
    status, _text, _ = _request(server, "GET", "/ws", {**headers, "Origin": server.base})
    assert status == 101


@pytest.mark.parametrize("path", ["../secret.txt", "/etc/passwd", "images/../../secret.txt", "%2e%2e/secret.txt"])
def test_no_file_outside_the_folder(server, path):
    status, body, _ = _request(server, "GET", f"/file?path={path}")
    assert status in (403, 404) and "不该被读到" not in body
    status, _body, _ = _request(server, "GET", "/static/..%2f..%2fcli.py")
    assert status in (403, 404)


def test_a_photo_of_the_folder_is_served(server):
    status, _body, headers = _request(server, "GET", "/file?path=images/2023-meeting.jpg")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"


@pytest.fixture(scope="module")
def chooser(tmp_path_factory):
    """`reportgen serve` without a file, in a folder with an input; a secret input beside the folder."""
    folder = tmp_path_factory.mktemp("choose")
    copy_examples(folder)
    (folder.parent / "secret.yaml").write_text("kind: report\n# 不该被读到\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(folder.parent / "secret.yaml")
    (folder / "旧的.docx").write_bytes(b"PK\x03\x04")
    (folder / "旧的.yaml").symlink_to(folder.parent / "secret.yaml")
    (folder / "坏的.docx").write_bytes(b"PK\x03\x04 not a zip")
    with serving(None, folder) as running:
        running.folder = folder
        yield running


def _post(server, path, body, origin=None):
    headers = {"Content-Type": "application/json", "Origin": origin or server.base}
    status, text, _ = _request(server, "POST", path, headers, json.dumps(body, ensure_ascii=False).encode())
    return status, (json.loads(text) if status == 200 else text)


@pytest.mark.parametrize("name", ["../secret.yaml", "/etc/passwd", "sub/../../secret.yaml", "..", "",
                                  "images/2023-meeting.jpg", "link.yaml", "旧的.docx"])
def test_the_chooser_opens_nothing_outside_the_folder(chooser, name):
    for how in ({}, {"existing": True}):
        status, answer = _post(chooser, "/api/open", {"name": name, **how})
        assert status == 200 and answer["ok"] is False and not answer.get("opened")
    assert "link.yaml" not in _request(chooser, "GET", "/api/inputs")[1]
    assert _request(chooser, "GET", "/api/inputs")[1].count('"opened": false') == 1
    status, body, _ = _request(chooser, "GET", "/")
    assert status == 200 and "打开文件夹里的文件" in body and "不该被读到" not in body


@pytest.mark.parametrize("name", ["../new.yaml", "/tmp/new.yaml", "sub/new.yaml", "2023-union-annual-meeting.yaml"])
def test_the_chooser_writes_no_new_file_outside_the_folder_nor_over_one(chooser, name):
    before = {p: p.read_bytes() for p in chooser.folder.parent.rglob("*") if p.is_file()}
    status, answer = _post(chooser, "/api/new", {"name": name})
    assert status == 200 and answer["ok"] is False
    assert {p: p.read_bytes() for p in chooser.folder.parent.rglob("*") if p.is_file()} == before


def test_the_chooser_refuses_another_sites_origin_and_has_no_socket_before_a_file(chooser):
    status, _text = _post(chooser, "/api/new", {"name": "别人的.yaml"}, origin="http://evil.example")
    assert status == 403 and not (chooser.folder / "别人的.yaml").exists()
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": chooser.base}
    assert _request(chooser, "GET", "/ws", headers)[0] == 409
    upload = {"Origin": chooser.base, "Content-Type": "application/octet-stream"}
    assert _request(chooser, "POST", "/api/upload?name=a.png", upload, _png())[0] == 409
    assert not list(chooser.folder.glob("a*.png"))


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("name", ["../../逃出去.png", "/etc/逃出去.png", "..\\..\\逃出去.png", "sub/../../逃出去.png"])
def test_an_upload_is_saved_inside_the_folder_under_a_safe_name(server, name):
    from urllib.parse import quote

    folder = server.folder
    headers = {"Origin": server.base, "Content-Type": "application/octet-stream"}
    status, text, _ = _request(server, "POST", f"/api/upload?name={quote(name)}", headers, _png())
    answer = json.loads(text)
    assert status == 200 and answer["ok"], answer
    assert "/" not in answer["path"] and (folder / answer["path"]).read_bytes() == _png()
    assert not list(folder.parent.glob("*逃出去*")) and not list(folder.parent.parent.glob("*逃出去*"))
    (folder / answer["path"]).unlink()


def test_an_upload_from_another_site_or_not_a_photo_is_refused(server):
    names = sorted(p.name for p in server.folder.iterdir())
    status, _text, _ = _request(server, "POST", "/api/upload?name=a.png",
                                {"Origin": "http://evil.example", "Content-Type": "application/octet-stream"}, _png())
    assert status == 403
    for body in (b"<script>alert(1)</script>", _png()[:60], b"\x89PNG" + b"\0" * 100):
        status, text, _ = _request(server, "POST", "/api/upload?name=a.png",
                                   {"Origin": server.base, "Content-Type": "application/octet-stream"}, body)
        assert status == 200 and json.loads(text)["ok"] is False
    assert sorted(p.name for p in server.folder.iterdir()) == names


def test_a_word_file_that_cannot_be_imported_is_told_and_nothing_opened(chooser):
    status, answer = _post(chooser, "/api/open", {"name": "坏的.docx"})
    assert status == 200 and answer["ok"] is False and "RG122" in answer["message"]
    assert str(chooser.folder) not in answer["message"]
    assert not (chooser.folder / "坏的.yaml").exists()
    assert '"opened": false' in _request(chooser, "GET", "/api/inputs")[1]
