"""Simplified → Traditional conversion of the document IR, with OpenCC's phrase-level tables.

Inputs stay in Simplified Chinese; a Traditional report is the same IR with every text converted, and the
document language set so writers tag and choose fonts accordingly.

Which forms each language gets (OpenCC configurations, `LANGUAGES`):
- `zh-Hant`: Taiwan's standard forms (s2tw: 為 群 眾 裡 著 麵). OpenCC's own s2t writes its "orthodox" forms
  (爲 羣 衆 裏 着 麪), which no region's standard lists together and few readers use; Taiwan's are the forms
  most Traditional text, fonts (TC faces) and input methods use. s2twp is not used anywhere: it also swaps
  mainland words for Taiwan's (信息 → 資訊), which is translation, not conversion.
- `zh-Hant-TW`: s2tw, for the same reasons.
- `zh-Hant-HK`: s2hk, Hong Kong's forms as its own lists give them (《常用字字形表》, 《香港小學學習字詞表》):
  羣 is the standard form there and 群 a variant; 着 (看着, 着重) is written apart from 著 (著作). Checked against
  those lists, s2hk's 羣 and 着 are right and kept.

OpenCC matches phrases greedily, so a word can be swallowed by a phrase of its neighbour: 工作幸福 → 工作倖福
(作幸), 好干部 → 好乾部 (好乾), and its tables hold a few wrong entries (娘家 → 孃家). `PROTECTED` lists words
whose Traditional form is the same whatever surrounds them; they are written that way after OpenCC has run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..caches import memo
from ..ir import Block, Document
from ..resources import cache_dir

if TYPE_CHECKING:
    from opencc import OpenCC

# --lang value → (OpenCC configuration, BCP 47 tag written into the files).
LANGUAGES: dict[str, tuple[str | None, str]] = {
    "zh-CN": (None, "zh-CN"),
    "zh-Hans": (None, "zh-CN"),
    "zh-Hant": ("s2tw", "zh-Hant"),
    "zh-Hant-TW": ("s2tw", "zh-TW"),
    "zh-Hant-HK": ("s2hk", "zh-HK"),
}

# Words OpenCC gets wrong in some context (or always), and their one right Traditional form in every region:
#   幸福: 倖福 after 作 薄 偏 亲 … (OpenCC's phrases 作幸 → 作倖 and the like take the 幸);
#   娘家: 孃家 always (孃 is "mother" in 爹孃; 娘家 is written 娘家 in every region);
#   干部: 乾部 after 好 很 发 … (好干 → 好乾). (豆干部分 would become 豆幹部分: rare next to 干部 in a report.)
# Keep it small: only a word whose Traditional form never depends on its context belongs here.
PROTECTED: dict[str, str] = {"幸福": "幸福", "娘家": "娘家", "干部": "幹部"}


# OpenCC matches the longest phrase from the left: 人参 (ginseng, 人蔘) wins over 参加 in 68人参加会议. These
# phrases, matched before OpenCC's own, keep 参 as 參 where a head count or a person comes before a verb.
_FIRST_VERBS = "加与观赛会选展战保训评演谋阅拜照"
_OWN_PHRASES = {f"人参{verb}" for verb in _FIRST_VERBS}


@memo(8, group="files")
def converter(config: str) -> OpenCC:
    """OpenCC's converter for `config` (s2t, t2s, …), loaded once: its dictionaries take a while.

    Simplified → Traditional configurations get our phrases (`_OWN_PHRASES`) ahead of OpenCC's.
    """
    import opencc

    if not config.startswith("s2"):
        return opencc.OpenCC(f"{config}.json")
    return opencc.OpenCC(_own_config(config))


def _own_config(config: str) -> str:
    """OpenCC's `config` with our phrase list first in each phrase lookup, written once to the cache folder."""
    import opencc

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    data = json.loads((share / f"{config}.json").read_text(encoding="utf-8"))
    plain = opencc.OpenCC(f"{config}.json")
    phrases = "".join(f"{p}\t{p[0]}{plain.convert(p[1:])}\n" for p in sorted(_OWN_PHRASES))
    digest = hashlib.sha256((json.dumps(data) + phrases + str(share)).encode()).hexdigest()[:16]
    try:
        return _written(cache_dir() / "opencc", config, digest, data, phrases, share)
    except OSError:  # no cache folder we may write: a private one for this process
        import tempfile

        return _written(Path(tempfile.mkdtemp(prefix="reportgen-opencc-")), config, digest, data, phrases, share)


def _written(folder: Path, config: str, digest: str, data: Any, phrases: str, share: Path) -> str:
    """The patched configuration and our phrase list in `folder`; what is there already is used only if it is
    exactly what would be written (a file cut short, overwritten or replaced by a folder is written again)."""
    folder.mkdir(parents=True, exist_ok=True)
    own = folder / f"phrases-{digest}.txt"
    data = json.loads(json.dumps(data))  # patched below: a copy, so a second folder starts from the original

    def patch(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                node["file"] = str(share / node["file"])
            if node.get("match_policy") == "short_circuit" or (  # the conversion, and mmseg's segmentation
                    node.get("match_policy") == "union" and "STPhrases.ocd2" in json.dumps(node)):
                node["dicts"].insert(0, {"type": "text", "file": str(own)})
            for value in node.values():
                patch(value)
        elif isinstance(node, list):
            for value in node:
                patch(value)

    patch(data)
    target = folder / f"{config}-{digest}.json"
    for path, text in ((own, phrases), (target, json.dumps(data, ensure_ascii=False))):
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, path)
    return str(target)


def convert_text(text: str, lang: str) -> str:
    config, _tag = LANGUAGES[lang]
    if config is None:
        return text
    converted: str = converter(config).convert(text)  # OpenCC's `convert` declares no return type
    return _protect(text, converted)


def _protect(source: str, converted: str) -> str:
    """`converted` with every `PROTECTED` word of `source` in its own form. The character-level configurations
    we use map one character to one, so a word sits at the same offsets in both; were that ever not so, the
    conversion is kept as it is rather than written over at the wrong place."""
    if len(source) != len(converted) or not any(word in source for word in PROTECTED):
        return converted
    out = list(converted)
    for word, form in PROTECTED.items():
        start = source.find(word)
        while start >= 0:
            out[start:start + len(word)] = form
            start = source.find(word, start + len(word))
    return "".join(out)


_NOT_TEXT = {"style"}  # paragraph style names, not reader-visible text


def _convert_value(value: object, lang: str) -> object:
    """Texts, and tuples of texts at any depth (table header and rows), converted; anything else as it is."""
    if isinstance(value, str):
        return convert_text(value, lang)
    if isinstance(value, tuple):
        return tuple(_convert_value(v, lang) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # a block inside a block (an appendix)
        return _convert_block(value, lang)  # type: ignore[arg-type]
    return value


def _convert_block(block: Block, lang: str) -> Block:
    changes: dict[str, Any] = {f.name: _convert_value(getattr(block, f.name), lang)
               for f in dataclasses.fields(block) if f.name not in _NOT_TEXT}
    return dataclasses.replace(block, **changes)


def to_language(doc: Document, lang: str) -> Document:
    """The document in `lang`; Simplified input is returned unchanged but for the language tag."""
    config, tag = LANGUAGES[lang]
    meta = doc.meta
    if config is not None:
        meta = dataclasses.replace(meta, title=convert_text(meta.title, lang), author=convert_text(meta.author, lang),
                                   subject=convert_text(meta.subject, lang),
                                   keywords=tuple(convert_text(k, lang) for k in meta.keywords))
    meta = dataclasses.replace(meta, lang=tag)
    return Document(meta=meta, blocks=[_convert_block(b, lang) for b in doc.blocks] if config else list(doc.blocks))
