"""The Typst source of a resume, written by plain Python.

One layout serves every theme. Every piece of user text goes through `typst_escape` (markup) or
`typst_string` (string literals) right where it is placed; theme numbers go through `_number`.
This used to be a Jinja template: building the source in Python keeps Jinja (about 60 ms of
imports) off the path of `resumepilot render` and of every render job, and the output is the same
byte for byte (tests/documents/golden).
"""

from __future__ import annotations

from resumepilot.documents.content import Document, Entry, Link, Section
from resumepilot.documents.escape import safe_url, typst_escape, typst_string
from resumepilot.documents.themes import Theme


def _number(value: float) -> str:
    # Fixed precision keeps golden files stable across platforms.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _link_or_text(url: str | None, text: str) -> str:
    escaped = typst_escape(text)
    return f"#link({typst_string(safe_url(url))})[{escaped}]" if url else escaped


def _preamble(doc: Document, t: Theme, paper: str, fonts: str) -> list[str]:
    n = _number
    lead = n(t.leading)
    weight = "bold" if t.heading_weight == "bold" else "regular"
    heading_body = {"smallcaps": "#smallcaps(it.body)", "upper": "#upper(it.body)"}.get(
        t.heading_case, "#it.body"
    )
    title = typst_string(doc.name)
    lines = [
        f"#set document(title: {title}, author: {title})",
        f"#set page(paper: {_quoted(paper)}, margin: (x: {n(t.margin_x_mm)}mm,"
        f" y: {n(t.margin_y_mm)}mm))",
        f'#set text(font: {fonts}, size: {n(t.font_size)}pt, lang: "en", hyphenate: false)',
        f"#set par(leading: {lead}em, spacing: {lead}em, justify: false)",
        f"#set list(marker: [{typst_escape(t.bullet)}], indent: 0.3em, body-indent: 0.5em,"
        f" spacing: {lead}em + {n(t.bullet_gap_pt)}pt)",
        f'#let accent = rgb("#{t.accent}")',
        f"#show heading: it => block(above: {lead}em + {n(t.section_gap_pt)}pt, below: 5pt,"
        " sticky: true, width: 100%)[",
        f'  #set text(size: {n(t.heading_size)}pt, weight: "{weight}", fill: accent)',
        f"  {heading_body}",
    ]
    if t.heading_rule:
        rule = "line(length: 100%, stroke: 0.5pt + accent)"
        lines.append(f"  #block(above: 2.5pt, below: 0pt, {rule})")
    lines += [
        "]",
        "// `first` entries sit right under their heading; `body` says bullets follow, so keep"
        " with them.",
        "#let entry(title: [], date: [], subtitle: [], location: [], first: false, body: true)"
        " = block(",
        f"  above: if first {{ 5pt }} else {{ {lead}em + {n(t.entry_gap_pt)}pt }},",
        f"  below: {lead}em, sticky: body, breakable: false, width: 100%)[",
        "  #strong(title) #h(1fr) #date",
        "  #if subtitle != [] or location != [] [ \\ #emph(subtitle) #h(1fr) #emph(location)]",
        "]",
        "",
    ]
    return lines


def _quoted(word: str) -> str:
    # Our own option words (paper names), never user text.
    return f'"{word}"'


def _header(doc: Document, t: Theme) -> list[str]:
    name = typst_escape(doc.name)
    size = _number(t.name_size)
    if t.name_case == "smallcaps":
        name_block = f"  #block(below: 0.5em, text(size: {size}pt, smallcaps[{name}]))"
    elif t.name_case == "upper":
        name_block = f"  #block(below: 0.5em, text(size: {size}pt, upper[{name}]))"
    else:
        name_block = f"  #block(below: 0.5em, text(size: {size}pt, fill: accent)[{name}])"
    lines = [f"#align({t.header_align})[", name_block]
    if doc.label:
        label = typst_escape(doc.label)
        lines.append(f"  #block(below: 0.6em, text(size: {_number(t.label_size)}pt)[{label}])")
    separator = f" #h(0.3em){typst_escape(t.contact_separator)}#h(0.3em) "
    lines += [separator.join(_contact(c) for c in doc.contacts), "]"]
    return lines


def _contact(link: Link) -> str:
    return f"#box[{_link_or_text(link.url, link.text)}]"


def _entry(e: Entry, first: bool) -> list[str]:
    args = [f"title: [{_link_or_text(e.url, e.title)}]", f"date: [{typst_escape(e.date)}]"]
    if e.subtitle:
        args.append(f"subtitle: [{typst_escape(e.subtitle)}]")
    if e.location:
        args.append(f"location: [{typst_escape(e.location)}]")
    if first:
        args.append("first: true")
    if not (e.summary or e.bullets):
        args.append("body: false")
    lines = [f"#entry({', '.join(args)})"]
    if e.summary:
        lines += [typst_escape(e.summary), ""]
    lines += [f"- {typst_escape(b)}" for b in e.bullets]
    return lines


def _section(s: Section) -> list[str]:
    lines = ["", f"#heading(level: 1)[{typst_escape(s.title)}]"]
    if s.kind == "text":
        lines.append(typst_escape(s.text))
    elif s.kind == "pairs":
        for label, value in s.pairs:
            prefix = f"#strong[{typst_escape(label)}:] " if label else ""
            lines += [prefix + typst_escape(value), ""]
    else:
        for index, entry in enumerate(s.entries):
            lines += _entry(entry, first=index == 0)
    return lines


def typst_markup(doc: Document, theme: Theme, paper: str, fonts: str) -> str:
    """The whole Typst source; `paper` is Typst's name ('us-letter', 'a4'), `fonts` an array."""
    lines = _preamble(doc, theme, paper, fonts) + _header(doc, theme)
    for section in doc.sections:
        lines += _section(section)
    return "\n".join(lines) + "\n"
