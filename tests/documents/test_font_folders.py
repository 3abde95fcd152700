"""Typst reads only our families' font files, and the PDF uses the same fonts as before."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from resumepilot.documents.formats import typst_pdf
from resumepilot.documents.formats.typst_pdf import font_files, font_folders
from resumepilot.documents.render import render_resume
from tests.documents.conftest import load_sample, need

NIMBUS_SANS = Path("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf")


def _embedded_fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    fonts: set[str] = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def test_the_font_folder_links_only_the_theme_families(tmp_path: Path) -> None:
    need(NIMBUS_SANS.exists(), "fonts-urw-base35 is not installed")
    (folder,) = font_folders("sans", False)
    links = sorted(Path(folder).iterdir())
    assert [str(p.resolve()) for p in links] == [
        str(Path(f).resolve()) for f in font_files("sans", False)
    ]
    assert all(
        p.name.split("-", 1)[1]
        .lower()
        .startswith(("nimbussans", "texgyreheros", "liberationsans", "dejavusans"))
        for p in links
    )
    assert len(links) < 30  # the three system folders hold ~90


@pytest.mark.parametrize("template", ["modern", "academic"])
def test_pdf_fonts_match_a_compile_with_the_system_folders(template: str, tmp_path: Path) -> None:
    need(NIMBUS_SANS.exists(), "fonts-urw-base35 is not installed")
    ours = render_resume(load_sample(), template, "pdf").content
    import typst

    theme_font = "sans" if template == "modern" else "times"
    folders = sorted({str(Path(f).parent) for f in font_files(theme_font, False)})
    source = render_resume(load_sample(), template, "typst").content
    reference = typst.Compiler(font_paths=folders, ignore_system_fonts=True).compile(
        source, format="pdf"
    )
    assert isinstance(reference, bytes)
    assert _embedded_fonts(ours, tmp_path) == _embedded_fonts(reference, tmp_path)
    assert any(f.startswith("Nimbus") for f in _embedded_fonts(ours, tmp_path))
    assert typst_pdf.pdf_page_count(ours) == 1
