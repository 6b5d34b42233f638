"""A PDF's XMP metadata packet: its title, author, subject and the tools that made it,
as in its document information, and the PDF/UA-1 identifier (part 1)."""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape


def _text(info: Mapping[str, str], key: str) -> str:
    return escape(info.get(key, ""))


def xmp_packet(info: Mapping[str, str]) -> bytes:
    """The XMP packet for a PDF whose document information is ``info`` (``/Title``...)."""
    title = _text(info, "/Title")
    author = _text(info, "/Author")
    subject = _text(info, "/Subject")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<pdf:Producer>{_text(info, "/Producer")}</pdf:Producer>
<xmp:CreatorTool>{_text(info, "/Creator")}</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
