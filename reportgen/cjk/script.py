"""Simplified → Traditional conversion of the document IR, with OpenCC's phrase-level tables.

Inputs stay in Simplified Chinese; a Traditional report is the same IR with
every text converted (s2t, or the Taiwan / Hong Kong standard forms), and the
document language set so writers tag and choose fonts accordingly.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING, Any

from ..ir import Block, Document

if TYPE_CHECKING:
    from opencc import OpenCC

# --lang value → (OpenCC configuration, BCP 47 tag written into the files).
LANGUAGES: dict[str, tuple[str | None, str]] = {
    "zh-CN": (None, "zh-CN"),
    "zh-Hans": (None, "zh-CN"),
    "zh-Hant": ("s2t", "zh-Hant"),
    "zh-Hant-TW": ("s2tw", "zh-TW"),
    "zh-Hant-HK": ("s2hk", "zh-HK"),
}


@cache
def converter(config: str) -> OpenCC:
    """OpenCC's converter for `config` (s2t, t2s, …), loaded once: its dictionaries take a while."""
    import opencc

    return opencc.OpenCC(f"{config}.json")


def convert_text(text: str, lang: str) -> str:
    config, _tag = LANGUAGES[lang]
    if config is None:
        return text
    converted: str = converter(config).convert(text)  # OpenCC's `convert` declares no return type
    return converted


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
