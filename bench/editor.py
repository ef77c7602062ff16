"""`reportgen serve` figures (issue 23), measured in the browser where the issue says so.

Usage: .venv/bin/python bench/editor.py [--keys N] [--edits N] [--runs N] [--only rebuild]

- serve → first page shown: from starting `reportgen serve` to the first page painted in a Chromium that is
  already open (target ≤ 2 s);
- keystroke → changed page shown: `performance.now()` at the input event in the page, and again when the
  changed page is in the document and painted (two animation frames), server warm; median (target ≤ 150 ms);
- the warm rebuild behind it, side by side with Typst (`typst` from the package index, one reused
  `typst.Compiler`, the same report's text set in the same faces): one character of a paragraph changed
  per run, the PDF made in memory; median (target: within 1.5 × Typst);
- 1,000 edits in a row over the editor's WebSocket: the server's resident memory after them against after
  the first 50 (target: grows ≤ 50 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.editorkit import chromium, copy_examples, serving, wait  # noqa: E402

FIRST_PAGE_MAX_S = 2.0
KEYSTROKE_MAX_MS = 150
TYPST_RATIO_MAX = 1.5
MEMORY_MAX_MB = 50
PARAGRAPH = "sections[1].units[0].paragraphs[0]"


def _row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("  ok" if ok else "  OVER")
    print(f"{name:<44} {value:>16}   {target}{mark}")


def first_page_and_keystrokes(folder: Path, keys: int) -> tuple[float, list[float]]:
    from selenium.webdriver.common.by import By

    driver = chromium()
    try:
        driver.get("about:blank")
        start = time.monotonic()
        with serving("2023-union-annual-meeting.yaml", folder) as server:
            driver.get(server.url)
            wait(lambda: driver.execute_script("return window.__rg && window.__rg.pages > 0"), 60, "first page")
            first = time.monotonic() - start
            driver.find_element(By.ID, "tab-outline").click()
            driver.execute_script("window.__t0 = 0; document.addEventListener('input', "
                                  "() => { window.__t0 = performance.now(); }, true);")
            latencies = []
            for k in range(keys):
                field = driver.find_element(By.CSS_SELECTOR, f'textarea[data-path="{PARAGRAPH}"]')
                field.send_keys("改动字"[k % 3])
                wait(lambda: driver.execute_script(
                    "return window.__rg.seq === window.__rg.sent && window.__rg.painted > window.__t0"), 30, "page")
                latencies.append(driver.execute_script("return window.__rg.painted - window.__t0"))
            return first, latencies[3:]  # the first few warm what a new paragraph's text needs
    finally:
        driver.quit()


_TYPST_PAGE = """#set page(width: {w}pt, height: {h}pt, margin: (top: {top}pt, bottom: {bottom}pt, left: {left}pt,
  right: {right}pt))
#set text(font: "{body}", size: {size}pt, lang: "zh", region: "cn")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: {leading}pt, spacing: {leading}pt)
#show heading: set text(font: "{heading}", size: {size}pt, weight: "regular")
"""


def typst_source(doc, style, faces) -> str:
    """The report's text in Typst, set in the same faces on the same page as the preset sets it."""
    from reportgen.ir import Heading, Paragraph, Title
    from reportgen.styles import MM

    page = style.page
    size = style.sizes.body
    out = [_TYPST_PAGE.format(w=page.width * MM, h=page.height * MM, top=page.margin_top * MM,
                              bottom=page.margin_bottom * MM, left=page.margin_left * MM,
                              right=page.margin_right * MM, body=faces[style.faces.body].family,
                              heading=faces[style.faces.heading(1)].family, size=size,
                              leading=style.line_pitch - size)]
    for block in doc.blocks:
        text = json.dumps(getattr(block, "text", ""), ensure_ascii=False)
        if isinstance(block, Title):
            out.append(f'#align(center, text(font: "{faces[style.faces.title].family}", size: '
                       f'{style.sizes.title}pt, {text}))\n')
        elif isinstance(block, Heading):
            out.append(f"#heading(level: {block.level}, {text})\n")
        elif isinstance(block, Paragraph):
            out.append(f"#par({text})\n")
    return "\n".join(out)


def rebuild_vs_typst(folder: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds per warm rebuild after a one-character edit: reportgen's PDF in memory, `reportgen.build()` of
    both files, Typst's PDF with a reused Compiler."""
    import typst

    from reportgen import build
    from reportgen.layout.document import lay_out_document
    from reportgen.pipeline import faces_for, prepare_text
    from reportgen.writers import FORMATS

    source = folder / "2023-union-annual-meeting.yaml"
    text = source.read_text(encoding="utf-8")
    anchor = "深科技苏州工会顺应企业高质量发展形势"

    def edited(k: int) -> str:
        return text.replace(anchor, anchor[:-1] + "势态"[k % 2], 1)

    def ours(k: int) -> float:
        t = time.perf_counter()
        loaded, doc, style = prepare_text(edited(k), source)
        faces, _ = faces_for(loaded, doc, style, {}, paged=True)
        laid = lay_out_document(doc, style, faces, paged=True)
        FORMATS["pdf"].render(laid, style, faces)
        return time.perf_counter() - t

    def whole(k: int) -> float:
        t = time.perf_counter()
        build(source, folder / "out", text=edited(k))
        return time.perf_counter() - t

    for k in range(3):
        ours(k), whole(k)
    mine = [ours(k) for k in range(runs)]
    both = [whole(k) for k in range(runs)]

    loaded, doc, style = prepare_text(text, source)
    faces, _ = faces_for(loaded, doc, style, {}, paged=True)
    typ = folder / "report.typ"
    base = typst_source(doc, style, faces)
    typ.write_text(base, encoding="utf-8")
    fonts = sorted({str(face.path.parent) for face in faces.values()})
    compiler = typst.Compiler(str(typ), font_paths=fonts)
    compiler.compile()
    theirs = []
    for k in range(runs + 3):
        typ.write_text(base.replace(anchor, anchor[:-1] + "势态"[k % 2], 1), encoding="utf-8")
        t = time.perf_counter()
        compiler.compile()
        if k >= 3:
            theirs.append(time.perf_counter() - t)
    return mine, both, theirs


async def _edits(server, count: int) -> tuple[float, float]:
    import aiohttp

    def rss() -> float:
        for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    headers = {"Origin": server.base, "Cookie": f"reportgen_token={server.token}"}
    async with aiohttp.ClientSession() as session, session.ws_connect(server.base + "/ws", headers=headers,
                                                                      max_msg_size=0) as ws:
        async def until(seq: int) -> None:
            async for msg in ws:
                data = json.loads(msg.data)
                if data.get("type") == "preview" and data.get("seq") == seq:
                    return

        await until(0)
        warm = 0.0
        for k in range(1, count + 1):
            await ws.send_str(json.dumps({"op": "set", "path": ["sections", 1, "units", 0, "paragraphs", 0],
                                          "value": f"第{k}次修改的段落文字，长度与内容每次不同。" * (1 + k % 3),
                                          "seq": k}, ensure_ascii=False))
            await until(k)
            if k == 50:
                warm = rss()
        return warm, rss()


def memory(folder: Path, count: int) -> tuple[float, float]:
    with serving("2023-union-annual-meeting.yaml", folder) as server:
        return asyncio.run(_edits(server, count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=40, help="keystrokes timed in the browser (default 40)")
    parser.add_argument("--edits", type=int, default=1000, help="edits for the memory figure (default 1000)")
    parser.add_argument("--runs", type=int, default=30, help="warm rebuilds timed (default 30)")
    parser.add_argument("--only", choices=["rebuild"], help="only the warm rebuild against Typst (no browser)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rg-editor-bench-"))
    try:
        print("reportgen serve (issue 23), inputs/2023-union-annual-meeting.yaml")
        if args.only is None:
            first, keys = first_page_and_keystrokes(_fresh(work / "browser"), args.keys)
            _row("serve → first page shown", f"{first:.2f} s", f"≤ {FIRST_PAGE_MAX_S} s", first <= FIRST_PAGE_MAX_S)
            median = statistics.median(keys)
            _row("keystroke → changed page shown, median", f"{median:.0f} ms", f"≤ {KEYSTROKE_MAX_MS} ms",
                 median <= KEYSTROKE_MAX_MS)
            _row("  min / max", f"{min(keys):.0f} / {max(keys):.0f} ms")
        mine, both, theirs = rebuild_vs_typst(_fresh(work / "typst"), args.runs)
        ratio = statistics.median(mine) / statistics.median(theirs)
        _row("warm rebuild after an edit, PDF in memory", f"{statistics.median(mine) * 1000:.1f} ms")
        _row("  Typst, reused Compiler, same edit", f"{statistics.median(theirs) * 1000:.1f} ms")
        _row("  ratio", f"{ratio:.2f} ×", f"≤ {TYPST_RATIO_MAX} ×", ratio <= TYPST_RATIO_MAX)
        _row("  reportgen.build(text=…), DOCX + PDF", f"{statistics.median(both) * 1000:.1f} ms")
        if args.only is not None:
            return
        warm, after = memory(_fresh(work / "memory"), args.edits)
        _row(f"memory after {args.edits} edits (from edit 50)", f"+{after - warm:.1f} MB",
             f"≤ {MEMORY_MAX_MB} MB", after - warm <= MEMORY_MAX_MB)
        _row("  resident after edit 50 / after the last", f"{warm:.0f} / {after:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True)
    copy_examples(folder)
    return folder


if __name__ == "__main__":
    main()
