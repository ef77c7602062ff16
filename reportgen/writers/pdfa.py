"""What makes the PDF a PDF/A-2b (ISO 19005-2, level B): XMP metadata matching the document information, and
an sRGB output intent whose ICC profile is made here (little-cms through Pillow), not copied from a file.

The writer adds these through `rl_private`; the rest of level B (every face embedded, no transparency
without a group, no page transitions) is what the writer draws anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from pathlib import Path

from ..caches import memo
from ..fonts.cache import disk_cached
from ..ir import Meta

SRGB = "sRGB IEC61966-2.1"
ICC_VERSION = "1"  # bump when the profile's making changes
# The profile's own creation date (ICC header, bytes 24–35): fixed, so every build writes the same profile.
ICC_DATE = dt.datetime(2024, 1, 1)


@memo(1, group="files")
def srgb_profile() -> bytes:
    """little-cms's built-in sRGB as ICC bytes (about 600), with a fixed date and its MD5 profile ID.

    Made once per machine and kept in the disk cache: importing Pillow's colour management costs a cold
    build 30 ms, the cached bytes a fraction of one; read from it once per process.
    """
    profile: bytes = disk_cached("icc", Path(__file__), 0, _make_srgb, version=ICC_VERSION)
    return profile


def _make_srgb() -> bytes:
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    d = ICC_DATE
    data[24:36] = struct.pack(">6H", d.year, d.month, d.day, d.hour, d.minute, d.second)
    # The profile ID (ICC.1:2010 §7.2.18): MD5 of the profile with flags, rendering intent and the ID zeroed.
    probe = bytearray(data)
    probe[44:48] = probe[64:68] = b"\0" * 4
    probe[84:100] = b"\0" * 16
    data[84:100] = hashlib.md5(bytes(probe)).digest()
    return bytes(data)


def escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils would import urllib: 20 ms of a cold build)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _iso(stamp: dt.datetime) -> str:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"  # China time, as the document information has it


def xmp(meta: Meta, created: dt.datetime, *, producer: str, creator: str, keywords: str) -> bytes:
    """The XMP packet: PDF/A-2b identification, and the document information's entries (title, author,
    subject, keywords, tools, dates) as PDF/A asks, equal to the Info dictionary's; language zh-CN."""
    lang = escape(meta.lang)

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    when = _iso(created)
    body = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f"<dc:title>{alt(meta.title)}</dc:title>"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:description>{alt(meta.subject)}</dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{escape(producer)}</pdf:Producer><pdf:Keywords>{escape(keywords)}</pdf:Keywords>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool><xmp:CreateDate>{when}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate><xmp:MetadataDate>{when}</xmp:MetadataDate></rdf:Description>"
        "</rdf:RDF>"
    )
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{body}</x:xmpmeta><?xpacket end="r"?>')
    return packet.encode("utf-8")
