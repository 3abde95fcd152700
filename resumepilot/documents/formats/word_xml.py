"""WordprocessingML written as text, and the .docx package it goes into.

word.py styles an empty document with python-docx once per theme and paper; this module turns
that document into a Skeleton (its saved parts) and writes each resume's paragraphs as XML text
the way python-docx would have built them: the same elements, in the schema's order, with
tabs and line breaks as <w:tab/> and <w:br/>. Every piece of text is XML-escaped here, and
characters XML 1.0 cannot hold are dropped (python-docx raised on them).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

_DOCUMENT = "word/document.xml"
_DOCUMENT_RELS = "word/_rels/document.xml.rels"
_CORE = "docProps/core.xml"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Control characters other than tab, newline and carriage return are not allowed in XML 1.0,
# nor are lone surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RUN_PIECES = re.compile(r"(\t|\r|\n)")


@dataclass(frozen=True)
class Run:
    """Text with one set of character formats; `bold`/`italic` None means inherited."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    link: str | None = None


def _xml_text(text: str) -> str:
    # A raw carriage return would be read back as a newline; the reference keeps it.
    return escape(_NOT_XML.sub("", text), {"\r": "&#13;"})


def _toggle(tag: str, value: bool | None) -> str:
    if value is None:
        return ""
    return f"<w:{tag}/>" if value else f'<w:{tag} w:val="0"/>'


def _run_content(text: str) -> str:
    out = []
    for piece in _RUN_PIECES.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{_xml_text(piece)}</w:t>")
    return "".join(out)


class WordBody:
    """The paragraphs of a document body, with the hyperlinks they need."""

    def __init__(self, text_width_twips: int) -> None:
        self._parts: list[str] = []
        self._width = text_width_twips
        # url -> placeholder id, in first-use order; Skeleton.docx numbers them for real.
        self._links: dict[str, str] = {}

    def paragraph(
        self,
        text: str,
        *,
        style: str | None = None,
        align: str | None = None,
        rule_color: str | None = None,
    ) -> None:
        """A paragraph of one plain run (none when `text` is empty)."""
        runs = [Run(text)] if text else []
        self.runs_paragraph(runs, style=style, align=align, rule_color=rule_color)

    def runs_paragraph(
        self,
        runs: list[Run],
        *,
        style: str | None = None,
        align: str | None = None,
        rule_color: str | None = None,
        right_tab: bool = False,
        keep_with_next: bool | None = None,
    ) -> None:
        """A paragraph; its properties are written in the order the schema requires."""
        props = []
        if style:
            props.append(f'<w:pStyle w:val="{style}"/>')
        props.append(_toggle("keepNext", keep_with_next))
        if rule_color:
            props.append(
                '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1"'
                f" w:color={quoteattr(rule_color)}/></w:pBdr>"
            )
        if right_tab:
            props.append(f'<w:tabs><w:tab w:val="right" w:pos="{self._width}"/></w:tabs>')
        if align:
            props.append(f'<w:jc w:val="{align}"/>')
        ppr = "".join(props)
        self._parts.append("<w:p>" + (f"<w:pPr>{ppr}</w:pPr>" if ppr else ""))
        for run in runs:
            self._parts.append(self._run(run))
        self._parts.append("</w:p>")

    def _run(self, run: Run) -> str:
        rpr = _toggle("b", run.bold) + _toggle("i", run.italic)
        if run.link:
            # A hyperlink run always keeps its spaces, as python-docx's callers wrote it.
            text = _xml_text(run.text)
            rid = self._link_id(run.link)
            return (
                f'<w:hyperlink r:id="{rid}"><w:r><w:t xml:space="preserve">{text}</w:t>'
                "</w:r></w:hyperlink>"
            )
        props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        return f"<w:r>{props}{_run_content(run.text)}</w:r>"

    def _link_id(self, url: str) -> str:
        # One relationship per URL, however many runs link to it.
        if url not in self._links:
            self._links[url] = f"\x00link{len(self._links)}\x00"
        return self._links[url]

    def xml(self) -> str:
        return "".join(self._parts)

    def link_urls(self) -> list[str]:
        return list(self._links)


@dataclass(frozen=True)
class Skeleton:
    """A saved .docx split into what every resume shares and the three parts it changes."""

    shared_zip: bytes  # every part but the three below, already compressed
    document_head: str  # word/document.xml up to and including <w:body>
    document_tail: str  # from <w:sectPr to the end
    relationships: str  # word/_rels/document.xml.rels without its closing tag
    used_ids: frozenset[str]
    core: str  # docProps/core.xml with {title} and {creator} to fill in
    text_width_twips: int

    @classmethod
    def from_docx(cls, data: bytes, text_width_twips: int) -> Skeleton:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = {info.filename: source.read(info) for info in source.infolist()}
        shared = io.BytesIO()
        with zipfile.ZipFile(shared, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in parts.items():
                if name not in (_DOCUMENT, _DOCUMENT_RELS, _CORE):
                    target.writestr(name, content)
        document = parts[_DOCUMENT].decode("utf-8")
        body = document.index("<w:body>") + len("<w:body>")
        tail = document.index("<w:sectPr", body)
        if document[body:tail].strip():
            raise ValueError("the styled blank document must have an empty body")
        rels = parts[_DOCUMENT_RELS].decode("utf-8")
        closing = rels.rindex("</Relationships>")
        core = parts[_CORE].decode("utf-8").replace("{", "{{").replace("}", "}}")
        core = _set_element(core, "dc:title", "{title}")
        core = _set_element(core, "dc:creator", "{creator}")
        return cls(
            shared_zip=shared.getvalue(),
            document_head=document[:body],
            document_tail=document[tail:],
            relationships=rels[:closing],
            used_ids=frozenset(re.findall(r'Id="([^"]+)"', rels)),
            core=core,
            text_width_twips=text_width_twips,
        )

    def docx(self, body: WordBody, title: str) -> bytes:
        """The whole package: the shared parts plus this body, its links and its title."""
        xml = body.xml()
        rels = [self.relationships]
        number = 1
        for index, url in enumerate(body.link_urls()):
            while f"rId{number}" in self.used_ids:
                number += 1
            rid = f"rId{number}"
            number += 1
            xml = xml.replace(f"\x00link{index}\x00", rid)
            rels.append(
                f'<Relationship Id="{rid}" Type="{_HYPERLINK}" '
                f'Target={quoteattr(_NOT_XML.sub("", url))} TargetMode="External"/>'
            )
        rels.append("</Relationships>")
        clean_title = _xml_text(title)
        out = io.BytesIO(self.shared_zip)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
            package.writestr(_DOCUMENT, self.document_head + xml + self.document_tail)
            package.writestr(_DOCUMENT_RELS, "".join(rels))
            package.writestr(_CORE, self.core.format(title=clean_title, creator=clean_title))
        return out.getvalue()


def _set_element(xml: str, tag: str, text: str) -> str:
    """`xml` with the element `tag` holding `text` (added before the root's end if absent)."""
    found = re.search(rf"<{tag}(?: [^>]*)?(?:/>|>.*?</{tag}>)", xml, re.DOTALL)
    element = f"<{tag}>{text}</{tag}>"
    if found:
        return xml[: found.start()] + element + xml[found.end() :]
    end = xml.rindex("</")
    return xml[:end] + element + xml[end:]
