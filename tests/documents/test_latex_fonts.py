"""The LaTeX we hand out compiles with the user's own xelatex when the fonts it prefers are
missing: it falls back to a font that exists (TeX Live's copy, then one every TeX Live has).

The fonts are hidden from xelatex the way a machine without them would be: fontconfig reads a
configuration naming one empty folder (no system fonts by name), and kpathsea's font paths name
only the Latin Modern and Fandol folders (no TeX Gyre files).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest

from resumepilot.documents.render import render_resume
from tests.conftest import require_tool
from tests.documents.conftest import pdf_text


def kpse_folder(filename: str) -> str:
    found = subprocess.run(["kpsewhich", filename], capture_output=True, text=True).stdout.strip()
    require_tool(bool(found), f"{filename} in TeX Live (fonts-lmodern / texlive-lang-chinese)")
    return str(Path(found).parent)


def compile_xelatex(
    source: str, folder: Path, *, hide_system_fonts: bool, hide_tex_gyre: bool
) -> tuple[subprocess.CompletedProcess, Path]:
    require_tool(shutil.which("xelatex") is not None, "xelatex (texlive-xetex)")
    (folder / "resume.tex").write_text(source, encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "openin_any": "p",
        "openout_any": "p",
        "TEXMFVAR": str(folder / ".texmf-var"),
    }
    if hide_system_fonts:
        (folder / "no-fonts").mkdir()
        (folder / "fonts.conf").write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            f"<dir>{folder / 'no-fonts'}</dir><cachedir>{folder / 'fc-cache'}</cachedir>"
            "</fontconfig>"
        )
        env["FONTCONFIG_FILE"] = str(folder / "fonts.conf")
    if hide_tex_gyre:
        allowed = f"{kpse_folder('lmsans10-regular.otf')}:{kpse_folder('FandolSong-Regular.otf')}"
        env["OPENTYPEFONTS"] = env["TTFONTS"] = allowed
    proc = subprocess.run(
        ["xelatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "resume.tex"],
        cwd=folder,
        env=env,
        capture_output=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    return proc, folder / "resume.pdf"


def font_names(pdf: Path) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(BytesIO(pdf.read_bytes())).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize(
    ("hide_tex_gyre", "expected_font"), [(False, "TeXGyreHeros"), (True, "LMSans10")]
)
def test_sans_latex_compiles_without_the_system_font(cjk, tmp_path, hide_tex_gyre, expected_font):
    result = render_resume(cjk, "modern", "latex")
    assert result.engine == "xelatex" and "IfFontExistsTF" in result.text
    proc, pdf = compile_xelatex(
        result.text, tmp_path, hide_system_fonts=True, hide_tex_gyre=hide_tex_gyre
    )
    assert proc.returncode == 0 and pdf.exists(), proc.stdout.decode(errors="replace")[-2000:]
    fonts = font_names(pdf)
    assert any(name.startswith(expected_font) for name in fonts), fonts
    # Noto CJK is hidden too: the Chinese text comes from TeX Live's own Fandol fonts.
    assert any(name.startswith("FandolSong") for name in fonts), fonts
    # (Fandol's glyphs carry no Unicode mapping that poppler reads, so only the Latin text is
    # checked here; with Noto present, test_cjk checks the Chinese text too.)
    assert "amelie@example.com" in pdf_text(pdf.read_bytes())


def test_times_latex_compiles_without_the_system_font(cjk, tmp_path):
    result = render_resume(cjk, "academic", "latex")
    proc, pdf = compile_xelatex(result.text, tmp_path, hide_system_fonts=True, hide_tex_gyre=True)
    assert proc.returncode == 0 and pdf.exists(), proc.stdout.decode(errors="replace")[-2000:]
    fonts = font_names(pdf)
    assert any(n.startswith("LMRoman") for n in fonts), fonts  # fontspec's own default


def test_with_the_fonts_present_the_preferred_ones_are_used(cjk, tmp_path):
    result = render_resume(cjk, "modern", "latex")
    proc, pdf = compile_xelatex(result.text, tmp_path, hide_system_fonts=False, hide_tex_gyre=False)
    assert proc.returncode == 0, proc.stdout.decode(errors="replace")[-2000:]
    fonts = font_names(pdf)
    assert any(n.startswith("TeXGyreHeros") for n in fonts), fonts
    assert any(n.startswith("NotoSerifCJK") for n in fonts), fonts
