"""The editor's local web server: one input file and its folder, on 127.0.0.1 only.

aiohttp serves the page, its assets (shipped in the package), the photos of the current pages (by digest, from
memory) and one WebSocket per tab over which the tab sends its edits and receives the pages that changed and
the messages. The process stays up, so faces, templates and unchanged paragraphs stay warm.

Security, as a local server must: a request whose Host is not this server's own (DNS rebinding) is refused; so
is a write or WebSocket whose Origin is another site's; every request needs the random token of the printed
URL (then kept in a same-site cookie); nothing outside the input's folder is served or written; every text is
sent as data (the page sets it with textContent, the SVG is escaped) and a strict Content-Security-Policy
forbids any script but the page's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import webbrowser
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from ..diagnostics import InputError
from ..lint.fix import save as save_file
from ..loader import decode
from ..pipeline import BuildFailure, build
from ..writers.svg_writer import glyph_symbols
from . import document, files
from .document import Buffer, EditRefused, path_key
from .preview import Preview, build_preview, fix

STATIC = Path(__file__).parent / "static"
ASSETS = {"app.js": "text/javascript", "app.css": "text/css", "open.js": "text/javascript"}
COOKIE = "reportgen_token"
MAX_MESSAGE = 8 * 1024 * 1024  # one WebSocket message: the whole YAML text at most, with room


def _read(path: Path) -> tuple[str, bytes]:
    raw = path.read_bytes()
    return decode(raw, str(path)).text, raw


@dataclass
class Tab:
    """One open page: its own buffer, and what it has been sent (pages by digest, glyph definitions)."""

    ws: web.WebSocketResponse
    buffer: Buffer
    digests: list[str] = field(default_factory=list)
    glyphs: set[str] = field(default_factory=set)
    preview: Preview | None = None
    seq: int = 0                          # the last operation of the page applied (echoed with each preview)
    task: asyncio.Task[None] | None = None
    dirty: bool = False                   # edits arrived while a preview was being built: build again after it


class Editor:
    """The server's state: the folder, the input file once chosen, its revision on disk, the open tabs."""

    def __init__(self, path: Path | None, port: int, token: str | None = None, folder: Path | None = None):
        self.folder = (path.parent if path is not None else folder or Path.cwd()).resolve()
        self.port = port
        self.token = token or secrets.token_urlsafe(24)
        self._path: Path | None = None
        self.text, self.raw = "", b""
        self.rev = 1
        self.stamp: tuple[int, int] | None = None
        self.tabs: list[Tab] = []
        self.lock = asyncio.Lock()  # one build at a time: the machine's cores are few
        self.examples = _example_sections()
        if path is not None:
            self.open(path)

    @property
    def opened(self) -> bool:
        return self._path is not None

    @property
    def path(self) -> Path:
        """The input being edited; before one is chosen (`reportgen serve` without a file) a refusal."""
        if self._path is None:
            raise web.HTTPConflict(text="还没有打开输入文件")
        return self._path

    def open(self, path: Path) -> None:
        """Edit `path` from now on (a file of the folder, already checked)."""
        self._path = path.resolve()
        self.folder = self._path.parent
        self.text, self.raw = _read(self._path)
        self.rev = 1
        self.stamp = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    @property
    def origins(self) -> set[str]:
        return {f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}"}

    @property
    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def inside(self, name: str) -> Path:
        """`name` resolved inside the input's folder, or a refusal."""
        target = (self.folder / name).resolve()
        if not target.is_relative_to(self.folder):
            raise web.HTTPForbidden(text="不能访问输入文件所在文件夹以外的文件")
        return target

    # -- the file on disk ------------------------------------------------------------------------------

    def check_disk(self) -> bool:
        """Whether the file changed on disk since we last read or wrote it (then its new text is taken in)."""
        if not self.opened:
            return False
        stamp = self._stamp()
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        try:
            text, raw = _read(self.path)
        except (OSError, InputError):
            return False
        if raw == self.raw:
            return False
        self.text, self.raw, self.rev = text, raw, self.rev + 1
        return True

    def save(self, tab: Tab, base: int) -> dict[str, Any]:
        self.check_disk()
        if base != self.rev:
            return {"type": "saved", "ok": False,
                    "message": "文件在此期间已被另一个窗口或程序修改，本页的内容没有保存（也没有丢失）。"
                               "请先查看磁盘上的版本，再决定保留哪一份"}
        new_raw = tab.buffer.text.encode("utf-8")
        try:
            if self.path.exists():
                save_file(self.path, self.raw, new_raw, str(self.path))
            else:
                from ..atomic import staged

                with staged([self.path]) as temps:
                    temps[0].write_bytes(new_raw)
        except InputError as exc:
            why = "；".join(f"{d.code} {d.message}" for d in exc.diagnostics)
            return {"type": "saved", "ok": False, "message": why}
        self.raw, self.text, self.rev, self.stamp = new_raw, tab.buffer.text, self.rev + 1, self._stamp()
        tab.buffer.disk_rev = self.rev
        return {"type": "saved", "ok": True, "rev": self.rev, "message": f"已保存 {self.path.name}"}


def _example_sections() -> list[Any]:
    """Sections of every type, from the starter and the bundled examples: what a new section starts from."""
    import yaml

    from ..resources import builtin_examples

    found: list[Any] = []
    sources = [Path(__file__).parent.parent / "starter.yaml"]
    with contextlib.suppress(Exception):  # an installation without examples: sections start from their type
        sources += sorted(builtin_examples("2023-union-annual-meeting.yaml").glob("*.yaml"))
    for source in sources:
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            found += [s for s in data.get("sections") or [] if isinstance(s, dict)]
    return found


# -- requests ----------------------------------------------------------------------------------------------

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    if request.headers.get("Host", "") not in editor.hosts:
        raise web.HTTPForbidden(text="Host 不是本机编辑器的地址，请求被拒绝")
    origin = request.headers.get("Origin")
    writes = request.method not in ("GET", "HEAD") or request.path == "/ws"
    if writes and origin is not None and origin not in editor.origins:
        raise web.HTTPForbidden(text="来自其他网站的请求被拒绝")
    if request.path == "/ws" and origin is None:
        raise web.HTTPForbidden(text="缺少 Origin")
    given = request.query.get("token") or request.cookies.get(COOKIE, "")
    if not secrets.compare_digest(given.encode(), editor.token.encode()):
        raise web.HTTPForbidden(text="缺少或错误的访问令牌：请使用 reportgen serve 打印的网址")
    response = await handler(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


async def index(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    if "token" in request.query:  # keep the token in a cookie and take it out of the address bar
        response = web.HTTPFound("/")
        response.set_cookie(COOKIE, editor.token, httponly=True, samesite="Strict")
        raise response
    page = (STATIC / ("index.html" if editor.opened else "open.html")).read_text(encoding="utf-8")
    return web.Response(text=page, content_type="text/html")


async def asset(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in ASSETS:
        raise web.HTTPNotFound()
    return web.Response(body=(STATIC / name).read_bytes(), content_type=ASSETS[name])


async def photo(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    digest = request.match_info["digest"]
    for tab in editor.tabs:
        if tab.preview is not None and digest in tab.preview.pictures:
            data = tab.preview.pictures[digest]
            kind = "image/jpeg" if data.startswith(b"\xff\xd8") else "image/png"
            return web.Response(body=data, content_type=kind)
    raise web.HTTPNotFound()


async def file_in_folder(request: web.Request) -> web.StreamResponse:
    """A file of the input's folder (a photo the outline shows); nothing outside it."""
    editor: Editor = request.app["editor"]
    target = editor.inside(request.query.get("path", ""))
    if not target.is_file() or target.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        raise web.HTTPNotFound()
    return web.FileResponse(target)


async def build_outputs(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    body = await request.json()
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise web.HTTPBadRequest()
    async with editor.lock:
        try:
            result = await asyncio.get_running_loop().run_in_executor(
                None, lambda: build(editor.path, editor.folder / "output", text=text))
        except InputError as exc:
            return web.json_response({"ok": False, "message": "；".join(f"{d.code} {d.message}"
                                                                        for d in exc.diagnostics[:5])})
        except BuildFailure as exc:
            return web.json_response({"ok": False, "message": str(exc)})
    return web.json_response({"ok": True, "outputs": [str(p.relative_to(editor.folder)) for p in result.outputs]})


async def open_folder(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    opener = {"darwin": ["open"], "win32": ["explorer"]}.get(sys.platform, ["xdg-open"])
    if os.environ.get("REPORTGEN_NO_BROWSER"):
        return web.json_response({"ok": True, "folder": str(editor.folder)})
    try:
        subprocess.Popen([*opener, str(editor.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return web.json_response({"ok": False, "folder": str(editor.folder)})
    return web.json_response({"ok": True, "folder": str(editor.folder)})


# -- choosing the input (`reportgen serve` without a file) ----------------------------------------------------

async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="请求无效") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="请求无效")
    return body


async def list_inputs(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    return web.json_response({"folder": str(editor.folder), "opened": editor.opened,
                              "files": files.inputs(editor.folder)})


def _refusal(message: str, **more: Any) -> web.Response:
    return web.json_response({"ok": False, "message": message, **more})


async def open_input(request: web.Request) -> web.StreamResponse:
    """Open a .yaml of the folder, or import a .docx to the .yaml beside it first (an existing .yaml is only
    replaced when the page asked to, after the user said so)."""
    editor: Editor = request.app["editor"]
    body = await _body(request)
    if editor.opened:
        return _refusal(f"编辑器已打开 {editor.path.name}", opened=True)
    try:
        source = files.plain_name(editor.folder, str(body.get("name", "")))
    except files.Refused as exc:
        return _refusal(str(exc))
    suffix = source.suffix.lower()
    if not source.is_file() or suffix not in files.INPUTS + files.WORD:
        return _refusal(f"{source.name} 不是这个文件夹里的 .yaml 或 .docx 文件")
    if suffix in files.WORD:
        try:  # the .yaml beside it, itself inside the folder (not a link leading out of it)
            target = files.plain_name(editor.folder, Path(source.name).with_suffix(".yaml").name)
        except files.Refused as exc:
            return _refusal(f"{Path(source.name).with_suffix('.yaml').name}：{exc}")
        if target.exists() and not body.get("overwrite"):
            if not body.get("existing"):
                return _refusal(f"{target.name} 已存在：打开已有的 {target.name}，还是重新导入 {source.name} "
                                "并覆盖它（和导入时写出的图片）？", ask=True, yaml=target.name)
        else:
            failure = await _import(source, target, overwrite=bool(body.get("overwrite")))
            if failure:
                return _refusal(failure)
        source = target
    async with editor.lock:
        if editor.opened:
            return _refusal(f"编辑器已打开 {editor.path.name}", opened=True)
        try:
            editor.open(source)
        except (OSError, InputError) as exc:
            why = "；".join(f"{d.code} {d.message}" for d in exc.diagnostics) if isinstance(exc, InputError) \
                else str(exc.strerror or exc)
            return _refusal(f"无法打开 {source.name}：{why}")
    return web.json_response({"ok": True, "file": source.name})


async def _import(source: Path, target: Path, overwrite: bool) -> str | None:
    """`reportgen import SOURCE -o TARGET`, as `reportgen serve X.docx` does; what it said when it failed."""
    command = [sys.executable, "-m", "reportgen", "import", str(source), "-o", str(target)]
    process = await asyncio.create_subprocess_exec(*command, *(["--force"] if overwrite else []),
                                                   stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.PIPE, cwd=source.parent)
    _out, err = await process.communicate()
    if process.returncode == 0 and target.is_file():
        return None
    said = err.decode("utf-8", "replace").strip().replace(str(source.parent) + os.sep, "")
    return f"导入 {source.name} 没有成功：{said[-2000:] or '未知的原因'}"


async def new_input(request: web.Request) -> web.StreamResponse:
    """The starter input (`reportgen init`'s) written to a new file of the folder, then opened."""
    from ..starter import starter_bytes

    editor: Editor = request.app["editor"]
    body = await _body(request)
    if editor.opened:
        return _refusal(f"编辑器已打开 {editor.path.name}", opened=True)
    name = str(body.get("name", "")).strip()
    if name and not name.lower().endswith(files.INPUTS):
        name += ".yaml"
    try:
        target = files.plain_name(editor.folder, name)
        files.write_new(target, starter_bytes())
    except files.Refused as exc:
        return _refusal(str(exc))
    except FileExistsError:
        return _refusal(f"{name} 已存在；请换一个文件名，或在上面的列表中打开它")
    except OSError as exc:
        return _refusal(f"无法写入 {name}：{exc.strerror or exc}")
    async with editor.lock:
        editor.open(target)
    return web.json_response({"ok": True, "file": target.name})


# -- photos of the folder ------------------------------------------------------------------------------------

async def list_images(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    editor.path  # noqa: B018 (photos belong to an open input)
    found = await asyncio.get_running_loop().run_in_executor(None, files.images, editor.folder)
    return web.json_response({"images": found})


async def upload_image(request: web.Request) -> web.StreamResponse:
    """A photo sent by the page, saved into the input's folder under a safe name of its own (never over a
    file), if it is a JPEG or PNG the report can use."""
    from ..render.image import MAX_BYTES, ImageProblem, photo

    editor: Editor = request.app["editor"]
    editor.path  # noqa: B018 (photos belong to an open input)
    data = bytearray()
    while chunk := await request.content.read(1 << 16):
        data += chunk
        if len(data) > MAX_BYTES:
            return _refusal(f"图片超过上限 {MAX_BYTES // 2 ** 20} MB；请缩小后再用")
    suffix = ".jpg" if data.startswith(b"\xff\xd8") else ".png" if data.startswith(b"\x89PNG") else ""
    given = request.query.get("name", "")
    if not suffix:
        return _refusal(f"{files.safe_stem(given, '这个文件')} 不是 JPEG 或 PNG 图片")
    try:  # checked before it is saved: nothing unusable is left in the user's folder
        with tempfile.TemporaryDirectory(prefix="reportgen-upload-") as scratch:
            trial = Path(scratch) / f"upload{suffix}"
            trial.write_bytes(data)
            await asyncio.get_running_loop().run_in_executor(None, photo, trial, files.safe_stem(given, "图片"))
    except ImageProblem as exc:
        return _refusal(f"{exc.code} {exc}")
    try:
        target = files.write_unique(editor.folder, files.safe_stem(given, "照片"), suffix, bytes(data))
    except files.Refused as exc:
        return _refusal(str(exc))
    except OSError as exc:
        return _refusal(f"无法写入图片：{exc.strerror or exc}")
    return web.json_response({"ok": True, "path": target.relative_to(editor.folder).as_posix()})


# -- the WebSocket: edits in, pages out ------------------------------------------------------------------

def _apply(editor: Editor, tab: Tab, msg: dict[str, Any]) -> str | None:
    """The tab's text after the operation `msg`; None when the operation changes nothing."""
    op, text = msg.get("op"), tab.buffer.text
    if op == "text":
        new = msg.get("text")
        return new if isinstance(new, str) else None
    if op == "set":
        return document.set_value(text, path_key(msg.get("path")), msg.get("value"), raw=bool(msg.get("raw")),
                                  file=str(editor.path))
    if op == "insert":
        value = msg.get("value")
        if msg.get("section"):
            value = document.section_template(str(msg["section"]), editor.examples)
        return document.insert(text, path_key(msg.get("path")), int(msg.get("index", 0)), value)
    if op == "delete":
        return document.delete(text, path_key(msg.get("path")))
    if op == "move":
        return document.move(text, path_key(msg.get("path")), int(msg["from"]), int(msg["to"]))
    if op == "retype":
        within = path_key(msg["path"]) if "path" in msg else ("sections",)
        return document.retype(text, int(msg["index"]), str(msg["to"]), editor.examples, within)
    if op == "column":
        if "to" in msg:
            return document.move_column(text, path_key(msg.get("path")), int(msg["index"]), int(msg["to"]))
        return document.column(text, path_key(msg.get("path")), int(msg["index"]), bool(msg.get("add")))
    if op == "fix":
        where = msg.get("path")
        return fix(text, editor.path, where if isinstance(where, str) and where else None)
    raise EditRefused("未知的操作")


def _schedule(editor: Editor, tab: Tab) -> None:
    """Build the tab's preview now, or right after the one under way: keystrokes faster than builds are
    coalesced into the newest text, never queued one by one."""
    if tab.task is not None and not tab.task.done():
        tab.dirty = True
        return

    async def run() -> None:
        while True:
            tab.dirty = False
            async with editor.lock:
                await _send_preview(editor, tab)
            if not tab.dirty:
                return

    tab.task = asyncio.create_task(run())


async def _send_preview(editor: Editor, tab: Tab) -> None:
    version, text, seq = tab.buffer.version, tab.buffer.text, tab.seq
    preview = await asyncio.get_running_loop().run_in_executor(None, build_preview, text, editor.path)
    if version != tab.buffer.version or tab.ws.closed:
        tab.dirty = True  # a newer edit came in meanwhile: build that instead
        return
    message: dict[str, Any] = {"type": "preview", "version": version, "seq": seq, "text": text,
                               "data": preview.data,
                               "messages": preview.messages, "rev": tab.buffer.disk_rev,
                               "disk_rev": editor.rev, "can_undo": bool(tab.buffer.history)}
    if preview.pages is not None:
        tab.preview = preview
        new_glyphs = {g: preview.glyphs[g] for p in preview.pages for g in p.glyphs if g not in tab.glyphs}
        changed = [{"index": k, "svg": p.svg, "digest": p.digest} for k, p in enumerate(preview.pages)
                   if k >= len(tab.digests) or tab.digests[k] != p.digest]
        message.update(count=len(preview.pages), pages=changed,
                       glyphs=glyph_symbols(preview.faces, new_glyphs) if new_glyphs else "")
        tab.glyphs |= set(new_glyphs)
        tab.digests = [p.digest for p in preview.pages]
    await tab.ws.send_str(json.dumps(message, ensure_ascii=False))


async def socket(request: web.Request) -> web.StreamResponse:
    editor: Editor = request.app["editor"]
    editor.path  # noqa: B018 (refused until an input is open)
    ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, heartbeat=30)
    await ws.prepare(request)
    editor.check_disk()
    tab = Tab(ws, Buffer(editor.text, editor.rev))
    editor.tabs.append(tab)
    try:
        await ws.send_str(json.dumps({"type": "hello", "file": editor.path.name, "folder": str(editor.folder),
                                      "types": _section_types()}, ensure_ascii=False))
        _schedule(editor, tab)
        async for raw in ws:
            if raw.type != WSMsgType.TEXT:
                continue
            try:
                msg = json.loads(raw.data)
                assert isinstance(msg, dict)
            except (ValueError, AssertionError):
                continue
            await _handle(editor, tab, msg)
    finally:
        editor.tabs.remove(tab)
        if tab.task is not None:
            tab.task.cancel()
    return ws


async def _handle(editor: Editor, tab: Tab, msg: dict[str, Any]) -> None:
    op = msg.get("op")
    if isinstance(msg.get("seq"), int):
        tab.seq = msg["seq"]
    if op == "save":
        result = editor.save(tab, int(msg.get("rev", -1)))
        await tab.ws.send_str(json.dumps(result, ensure_ascii=False))
        if result["ok"]:
            for other in editor.tabs:
                if other is not tab:
                    await other.ws.send_str(json.dumps({"type": "disk", "rev": editor.rev}))
        return
    if op == "reload":  # take the file on disk as it is now
        editor.check_disk()
        tab.buffer.change(editor.text)
        tab.buffer.disk_rev = editor.rev
    elif op == "undo":
        if not tab.buffer.undo():
            return
    else:
        try:
            new = _apply(editor, tab, msg)
        except (EditRefused, InputError, KeyError, IndexError, TypeError, ValueError) as exc:
            text = str(exc) if isinstance(exc, EditRefused) else "无法执行这个修改"
            await tab.ws.send_str(json.dumps({"type": "refused", "message": text}, ensure_ascii=False))
            return
        group = json.dumps(msg.get("path"), ensure_ascii=False) if op in ("set", "text") else None
        if new is None or not tab.buffer.change(new, group):
            return
    _schedule(editor, tab)


def _section_types() -> list[str]:
    from ..render import REGISTRY

    return sorted(REGISTRY)


async def _watch(app: web.Application) -> None:
    """Tell the tabs when the file changed on disk (another program saved it): offered, never taken silently."""
    editor: Editor = app["editor"]
    while True:
        await asyncio.sleep(1.0)
        if editor.check_disk():
            for tab in list(editor.tabs):
                await tab.ws.send_str(json.dumps({"type": "disk", "rev": editor.rev}))


async def _start_watch(app: web.Application) -> AsyncIterator[None]:
    editor: Editor = app["editor"]

    async def warm() -> None:
        """Build the file once while the browser is still loading the page: faces, outlines and templates are
        read then, and the first tab's preview (which waits for the lock) finds them ready."""
        async with editor.lock:
            await asyncio.get_running_loop().run_in_executor(None, build_preview, editor.text, editor.path)

    tasks = [asyncio.create_task(_watch(app))]
    if editor.opened:
        tasks.append(asyncio.create_task(warm()))
    yield
    for task in tasks:
        task.cancel()


async def _no_content(_request: web.Request) -> web.StreamResponse:
    return web.Response(status=204)


def make_app(editor: Editor) -> web.Application:
    app = web.Application(middlewares=[guard], client_max_size=MAX_MESSAGE)
    app["editor"] = editor
    app.router.add_get("/", index)
    app.router.add_get("/static/{name}", asset)
    app.router.add_get("/favicon.ico", _no_content)
    app.router.add_get("/photo/{digest}", photo)
    app.router.add_get("/file", file_in_folder)
    app.router.add_get("/ws", socket)
    app.router.add_post("/api/build", build_outputs)
    app.router.add_post("/api/open-folder", open_folder)
    app.router.add_get("/api/inputs", list_inputs)
    app.router.add_post("/api/open", open_input)
    app.router.add_post("/api/new", new_input)
    app.router.add_get("/api/images", list_images)
    app.router.add_post("/api/upload", upload_image)
    app.cleanup_ctx.append(_start_watch)
    return app


def serve(path: Path | None, port: int = 0, open_browser: bool = True, token: str | None = None,
          folder: Path | None = None) -> None:
    """Run the editor on 127.0.0.1 until interrupted; prints the address with its token. Without `path`, the
    page first lets the user open or start an input of `folder` (the current folder)."""
    import socket as sockets

    sock = sockets.socket(sockets.AF_INET, sockets.SOCK_STREAM)
    sock.setsockopt(sockets.SOL_SOCKET, sockets.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)  # connections wait in the queue from now on: a browser opened at once is not refused
    port = sock.getsockname()[1]
    editor = Editor(path, port, token, folder)
    url = f"http://127.0.0.1:{port}/?token={editor.token}"
    print(f"编辑器已启动：{url}\n（按 Ctrl-C 结束）", flush=True)
    if open_browser:
        webbrowser.open(url)
    web.run_app(make_app(editor), sock=sock, print=None, handle_signals=True)
