"""Rebuilds the analyzer corpus: each invented resume written by another tool, plus its truth.

    python tests/analyzer/corpus/build.py            # all
    python tests/analyzer/corpus/build.py typst_chef # one

Needs pdflatex (TeX Live with moderncv), LibreOffice (`libreoffice-writer-nogui`), enscript and
ghostscript (ps2pdf). The generated files are committed; tests only read them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.analyzer.corpus.content import PEOPLE  # noqa: E402
from tests.analyzer.corpus.writers_docx import (  # noqa: E402
    write_header_docx,
    write_libreoffice_docx,
    write_styles_docx,
    write_tables_docx,
)
from tests.analyzer.corpus.writers_text import (  # noqa: E402
    write_latex_onecol,
    write_latex_twocol,
    write_latex_twopage,
    write_moderncv,
    write_plaintext,
    write_typst,
)


def truth_of(person: dict[str, Any]) -> dict[str, Any]:
    """What a parser must recover, field by field."""
    return {
        "tool": person["tool"],
        "name": person["name"],
        "email": person["email"],
        "phone": person["phone"],
        "links": person["links"],
        "headings": person["headings"],
        "work": [
            {
                "company": j["company"],
                "title": j["title"],
                "start": j["start"],
                **({"end": j["end"]} if j["end"] else {}),
                "bullets": j["bullets"],
            }
            for j in person["work"]
        ],
        "education": [
            {
                "institution": s["institution"],
                "degree": s["degree"],
                "area": s["area"],
                "end": s["end"],
            }
            for s in person["education"]
        ],
        "skills": person["skills"],
    }


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(
        cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=180
    )


# moderncv loads fontawesome5 (texlive-fonts-extra, ~1 GB) for its icons; with letter icons
# only its list bullet is used, so a two-line stand-in in the build folder is enough.
_FONTAWESOME_STUB = "\\ProvidesPackage{fontawesome5}\n\\newcommand{\\faCircle}[1][]{\\textbullet}\n"


def pdflatex(tex: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(tex, tmp)
        (Path(tmp) / "fontawesome5.sty").write_text(_FONTAWESOME_STUB, "utf-8")
        for _ in range(2):
            _run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], Path(tmp))
        shutil.copy(Path(tmp) / tex.with_suffix(".pdf").name, out)


def soffice_pdf(source: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            Path(tmp),
        )
        shutil.copy(Path(tmp) / source.with_suffix(".pdf").name, out)


def build(person: dict[str, Any]) -> Path:
    key = person["id"]
    src = HERE / "sources"
    src.mkdir(exist_ok=True)
    if key.startswith("latex_onecol"):
        out = HERE / f"{key}.pdf"
        pdflatex(write_latex_onecol(person, src / f"{key}.tex"), out)
    elif key.startswith("latex_twocol"):
        out = HERE / f"{key}.pdf"
        pdflatex(write_latex_twocol(person, src / f"{key}.tex"), out)
    elif key.startswith("latex_twopage"):
        out = HERE / f"{key}.pdf"
        pdflatex(write_latex_twopage(person, src / f"{key}.tex"), out)
    elif key.startswith("moderncv"):
        out = HERE / f"{key}.pdf"
        pdflatex(write_moderncv(person, src / f"{key}.tex"), out)
    elif key.startswith("typst"):
        import typst

        out = HERE / f"{key}.pdf"
        out.write_bytes(typst.compile(str(write_typst(person, src / f"{key}.typ"))))
    elif key.startswith("plaintext"):
        out = HERE / f"{key}.pdf"
        txt = write_plaintext(person, src / f"{key}.txt")
        with tempfile.TemporaryDirectory() as tmp:
            _run(
                ["enscript", "-B", "-q", "-f", "Courier10", "-o", f"{tmp}/r.ps", str(txt)],
                Path(tmp),
            )
            _run(["ps2pdf", f"{tmp}/r.ps", str(out)], Path(tmp))
    elif key.startswith("word_styles"):
        out = write_styles_docx(person, HERE / f"{key}.docx")
    elif key.startswith("word_tables"):
        out = write_tables_docx(person, HERE / f"{key}.docx")
    elif key.startswith("word_header"):
        out = write_header_docx(person, HERE / f"{key}.docx")
    elif key.startswith("libreoffice_tables"):
        docx = write_tables_docx(person, src / f"{key}.docx")
        out = HERE / f"{key}.pdf"
        soffice_pdf(docx, out)
    elif key.startswith("libreoffice"):
        docx = write_libreoffice_docx(person, src / f"{key}.docx")
        out = HERE / f"{key}.pdf"
        soffice_pdf(docx, out)
    else:
        raise SystemExit(f"no writer for {key}")
    truth = HERE / f"{key}.truth.json"
    truth.write_text(
        json.dumps({"file": out.name, **truth_of(person)}, indent=1, ensure_ascii=False) + "\n",
        "utf-8",
    )
    return out


def main(names: list[str]) -> None:
    for person in PEOPLE:
        if not names or person["id"] in names:
            out = build(person)
            print(f"{out.name}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
