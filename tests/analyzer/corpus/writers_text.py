"""Corpus writers for text-based tools: LaTeX (article, two columns, moderncv), Typst and plain
text. Each lays the same facts out the way that tool's users commonly do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month_year(iso: str | None, style: str = "short") -> str:
    if not iso:
        return "Present"
    year, month = iso.split("-")
    m = int(month) - 1
    if style == "long":
        return f"{LONG[m]} {year}"
    if style == "numeric":
        return f"{month}/{year}"
    if style == "dot":
        return f"{MONTHS[m]}. {year}" if MONTHS[m] != "May" else f"May {year}"
    return f"{MONTHS[m]} {year}"


def tex(text: str) -> str:
    out = text
    for a, b in (
        ("\\", r"\textbackslash{}"),
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("£", r"\pounds{}"),
        ("'", "'"),
    ):
        out = out.replace(a, b)
    return out


_PREAMBLE = r"""\documentclass[%s]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[margin=%s]{geometry}
\usepackage{enumitem}
\usepackage{titlesec}
\usepackage[hidelinks]{hyperref}
\pagestyle{empty}
\setlength{\parindent}{0pt}
"""


def write_latex_onecol(p: dict[str, Any], path: Path) -> Path:
    """Jake's-resume style: title bold with dates right, employer italic with place right."""
    contact = " $|$ ".join(
        [
            tex(p["phone"]),
            rf"\href{{mailto:{p['email']}}}{{{tex(p['email'])}}}",
            *[rf"\href{{https://{u}}}{{{tex(u)}}}" for u in p["links"]],
        ]
    )
    body = [
        _PREAMBLE % ("10pt", "0.6in"),
        r"\titleformat{\section}{\large\scshape\raggedright}{}{0em}{}[\titlerule]",
        r"\begin{document}",
        r"\begin{center}",
        rf"{{\Huge\scshape {tex(p['name'])}}}\\[2pt]",
        rf"{tex(p['label'])}\\",
        rf"\small {contact} $|$ {tex(p['location'])}",
        r"\end{center}",
    ]
    body += [r"\section*{Summary}", tex(p["summary"]), r"\section*{Experience}"]
    for j in p["work"]:
        body += [
            rf"\textbf{{{tex(j['title'])}}} \hfill {month_year(j['start'], 'dot')} -- "
            rf"{month_year(j['end'], 'dot')}\\",
            rf"\textit{{{tex(j['company'])}}} \hfill \textit{{{tex(j['location'])}}}",
            r"\begin{itemize}[leftmargin=1.5em,itemsep=0pt]",
        ]
        body += [rf"\item {tex(b)}" for b in j["bullets"]] + [r"\end{itemize}"]
    body.append(r"\section*{Education}")
    for s in p["education"]:
        body += [
            rf"\textbf{{{tex(s['institution'])}}} \hfill {tex(s['location'])}\\",
            rf"\textit{{{tex(s['degree'])} in {tex(s['area'])}}} \hfill "
            rf"{month_year(s['start'], 'dot')} -- {month_year(s['end'], 'dot')}",
            "",
        ]
    body += [r"\section*{Skills}", ", ".join(tex(s) for s in p["skills"]), r"\end{document}"]
    path.write_text("\n".join(body) + "\n", "utf-8")
    return path


def write_latex_twocol(p: dict[str, Any], path: Path) -> Path:
    """A sidebar (contact, skills, education) beside the experience, as two minipages."""
    side = [
        r"\sidehead{Contact}",
        rf"{tex(p['email'])}\\",
        rf"{tex(p['phone'])}\\",
        *[rf"{tex(u)}\\" for u in p["links"]],
        rf"{tex(p['location'])}",
        "",
        r"\sidehead{Skills}",
        *[rf"{tex(s)}\\" for s in p["skills"]],
        "",
        r"\sidehead{Education}",
    ]
    for s in p["education"]:
        side += [
            rf"\textbf{{{tex(s['degree'])}, {tex(s['area'])}}}\\",
            rf"{tex(s['institution'])}\\",
            rf"{month_year(s['start'], 'numeric')} -- "
            rf"{month_year(s['end'], 'numeric')}\\[6pt]",
        ]
    main = [r"\mainhead{Experience}"]
    for j in p["work"]:
        main += [
            rf"{{\large\bfseries {tex(j['title'])}}}\\",
            rf"\textit{{{tex(j['company'])}, {tex(j['location'])}}}\\",
            rf"{{\small {month_year(j['start'], 'numeric')} -- "
            rf"{month_year(j['end'], 'numeric')}}}",
            r"\begin{itemize}[leftmargin=1.2em,itemsep=1pt,topsep=2pt]",
        ]
        main += [rf"\item {tex(b)}" for b in j["bullets"]] + [r"\end{itemize}", r"\medskip"]
    body = [
        _PREAMBLE % ("10pt", "0.5in"),
        r"\newcommand{\sidehead}[1]{\medskip{\large\bfseries\MakeUppercase{#1}}\par"
        r"\smallskip}",
        r"\newcommand{\mainhead}[1]{{\large\bfseries\MakeUppercase{#1}}\par\smallskip}",
        r"\begin{document}",
        rf"{{\fontsize{{26}}{{30}}\selectfont {tex(p['name'])}}}\\[4pt]",
        rf"{{\Large {tex(p['label'])}}}",
        r"\vspace{14pt}",
        "",
        r"\begin{minipage}[t]{0.29\textwidth}\raggedright",
        *side,
        r"\end{minipage}\hfill",
        r"\begin{minipage}[t]{0.65\textwidth}",
        *main,
        r"\end{minipage}",
        r"\end{document}",
    ]
    path.write_text("\n".join(body) + "\n", "utf-8")
    return path


def write_latex_twopage(p: dict[str, Any], path: Path) -> Path:
    """Two pages, bullets drawn as TikZ dots, justified text with hyphenation and ligatures."""
    dot = r"\tikz[baseline=-0.6ex]\fill (0,0) circle (1.3pt);"
    contact = r" \quad ".join(
        [tex(p["email"]), tex(p["phone"]), *map(tex, p["links"]), tex(p["location"])]
    )
    body = [
        _PREAMBLE % ("12pt", "1in"),
        r"\usepackage{tikz}",
        r"\titleformat{\section}{\Large\bfseries}{}{0em}{}[\vspace{-4pt}\rule{\linewidth}"
        r"{0.6pt}]",
        r"\newcommand{\dotbullet}{" + dot + "}",
        r"\setlist[itemize]{label=\dotbullet,leftmargin=1.4em,itemsep=3pt}",
        r"\begin{document}",
        rf"{{\LARGE\bfseries {tex(p['name'])}}}\\[3pt]",
        rf"{{\large {tex(p['label'])}}}\\[3pt]",
        rf"{{\small {contact}}}",
        r"\section*{Summary}",
        tex(p["summary"]),
        r"\section*{Experience}",
    ]
    for j in p["work"]:
        body += [
            rf"\textbf{{{tex(j['company'])}}}, {tex(j['location'])} \hfill "
            rf"{month_year(j['start'], 'long')} -- {month_year(j['end'], 'long')}\\",
            rf"\textit{{{tex(j['title'])}}}",
            r"\begin{itemize}",
        ]
        body += [rf"\item {tex(b)}" for b in j["bullets"]] + [r"\end{itemize}", r"\medskip"]
    body.append(r"\section*{Education}")
    for s in p["education"]:
        body += [
            rf"\textbf{{{tex(s['institution'])}}}, {tex(s['location'])} \hfill "
            rf"{month_year(s['start'], 'long')} -- {month_year(s['end'], 'long')}\\",
            rf"{tex(s['degree'])} in {tex(s['area'])}",
            "",
        ]
    body += [
        r"\section*{Skills}",
        r"\begin{itemize}",
        rf"\item Languages: {', '.join(map(tex, p['skills'][:3]))}",
        rf"\item Data and infrastructure: {', '.join(map(tex, p['skills'][3:9]))}",
        rf"\item Practice: {', '.join(map(tex, p['skills'][9:]))}",
        r"\end{itemize}",
        r"\section*{Projects}",
    ]
    for name, text in p.get("projects", []):
        body += [rf"\textbf{{{tex(name)}}}: {tex(text)}", ""]
    body.append(r"\end{document}")
    path.write_text("\n".join(body) + "\n", "utf-8")
    return path


def write_moderncv(p: dict[str, Any], path: Path) -> Path:
    """moderncv's classic style: dates in a left margin column, contact at the top right."""
    first, last = p["name"].split(" ", 1)
    body = [
        r"\documentclass[11pt,a4paper,sans]{moderncv}",
        r"\moderncvstyle{classic}",
        r"\moderncvcolor{blue}",
        r"\moderncvicons{letters}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[scale=0.8]{geometry}",
        rf"\name{{{tex(first)}}}{{{tex(last)}}}",
        rf"\title{{{tex(p['label'])}}}",
        rf"\phone[mobile]{{{tex(p['phone'])}}}",
        rf"\email{{{tex(p['email'])}}}",
        rf"\social[linkedin]{{{p['links'][0].rsplit('/', 1)[-1]}}}",
        r"\begin{document}",
        r"\makecvtitle",
        r"\section{Experience}",
    ]
    for j in p["work"]:
        items = "".join(rf"\item {tex(b)} " for b in j["bullets"])
        body.append(
            rf"\cventry{{{month_year(j['start'])} -- {month_year(j['end'])}}}"
            rf"{{{tex(j['title'])}}}{{{tex(j['company'])}}}{{{tex(j['location'])}}}{{}}"
            rf"{{\begin{{itemize}}{items}\end{{itemize}}}}"
        )
    body.append(r"\section{Education}")
    for s in p["education"]:
        body.append(
            rf"\cventry{{{month_year(s['start'])} -- {month_year(s['end'])}}}"
            rf"{{{tex(s['degree'])}}}{{{tex(s['institution'])}}}{{}}{{}}"
            rf"{{{tex(s['area'])}}}"
        )
    body += [
        r"\section{Skills}",
        rf"\cvitem{{}}{{{', '.join(map(tex, p['skills']))}}}",
        r"\end{document}",
    ]
    path.write_text("\n".join(body) + "\n", "utf-8")
    return path


def _typ(text: str) -> str:
    out = text
    for ch in "\\#$*_@<>[]`~=":
        out = out.replace(ch, "\\" + ch)
    return out


def write_typst(p: dict[str, Any], path: Path) -> Path:
    """Employer bold with place right, title italic with dates right, a ruled heading each."""
    lines = [
        '#set page(paper: "us-letter", margin: 0.7in)',
        '#set text(size: 10pt, font: "DejaVu Sans")',
        "#show heading: it => block(above: 12pt, below: 6pt)[#text(size: 12pt, weight: "
        '"bold", upper(it.body)) #v(-6pt) #line(length: 100%, stroke: 0.5pt)]',
        f'#align(center)[#text(size: 20pt, weight: "bold")[{_typ(p["name"])}] \\',
        f"{_typ(p['label'])} \\",
        f"{_typ(p['email'])} • {_typ(p['phone'])} • "
        f"{' • '.join(_typ(u) for u in p['links'])} • {_typ(p['location'])}]",
        "= Profile",
        _typ(p["summary"]),
        "= Experience",
    ]
    for j in p["work"]:
        lines += [
            f"*{_typ(j['company'])}* #h(1fr) {_typ(j['location'])} \\",
            f"_{_typ(j['title'])}_ #h(1fr) {month_year(j['start'], 'long')} – "
            f"{month_year(j['end'], 'long')}",
        ]
        lines += [f"- {_typ(b)}" for b in j["bullets"]] + [""]
    lines.append("= Education")
    for s in p["education"]:
        lines += [
            f"*{_typ(s['institution'])}* #h(1fr) {_typ(s['location'])} \\",
            f"_{_typ(s['degree'])} in {_typ(s['area'])}_ #h(1fr) "
            f"{month_year(s['start'], 'long')} – {month_year(s['end'], 'long')}",
            "",
        ]
    lines += ["= Skills", " · ".join(_typ(s) for s in p["skills"])]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def write_plaintext(p: dict[str, Any], path: Path) -> Path:
    """What people paste into a text editor and print: capitals, rules and hyphen bullets."""
    out = [
        p["name"].upper(),
        p["label"],
        f"{p['email']} | {p['phone']} | {p['location']}",
        *p["links"],
        "",
    ]
    out += ["EXPERIENCE", "=" * 10, ""]
    for j in p["work"]:
        out += [
            f"{j['title']}, {j['company']} ({j['location']})",
            f"{month_year(j['start'], 'numeric')} - {month_year(j['end'], 'numeric')}",
        ]
        out += [f"  - {b}" for b in j["bullets"]] + [""]
    out += ["EDUCATION", "=" * 9, ""]
    for s in p["education"]:
        out += [
            f"{s['degree']} in {s['area']}, {s['institution']}, {month_year(s['end'], 'numeric')}"
        ]
    out += ["", "SKILLS", "=" * 6, "", ", ".join(p["skills"])]
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path
