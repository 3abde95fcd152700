"""render_resume: the one entry point the CLI, background jobs and web pages call. No I/O."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from resumepilot.documents.content import Document, build_document
from resumepilot.documents.record import Record
from resumepilot.documents.resume import Resume, parse_resume
from resumepilot.documents.themes import FIT_STEPS, MIN_FONT_PT, Theme, load_theme

if TYPE_CHECKING:
    # Only named in annotations: importing it would load dataclasses on the render path.
    from resumepilot.documents.budget import RenderBudget

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "latex": ("application/x-tex", "tex"),
    "typst": ("text/plain; charset=utf-8", "typ"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}
_ALIASES = {"tex": "latex", "word": "docx", "typ": "typst"}


class UnknownFormatError(ValueError):
    """A format name render_resume does not produce."""


class RenderResult(Record):
    """A rendered resume and what a user should know about it."""

    content: bytes
    media_type: str
    filename: str
    page_count: int
    # False when pages were measured on the PDF twin (Word and LaTeX sources are not paginated
    # here); the layouts match, so the figure is what the reader will see within a line or two.
    page_count_exact: bool
    template: str
    fmt: str
    fit_step: int = 0
    fits_one_page: bool | None = None
    engine: str | None = None
    warnings: list[str] = []

    @property
    def text(self) -> str:
        """The content as text, for the source formats (LaTeX, Typst)."""
        return self.content.decode("utf-8")


def normalize_format(fmt: str) -> str:
    """The canonical format name for `fmt` ('tex' -> 'latex'), or UnknownFormatError."""
    key = _ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if key not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return key


def filename_for(name: str, template: str, extension: str) -> str:
    """A safe ASCII download name such as 'amelie-oconnor-zak-classic.pdf'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("'", "")).strip("-")[:60]
    return f"{slug or 'resume'}-{template}.{extension}"


class _Layout(Record):
    theme: Theme
    step: int
    source: str  # the Typst source of the PDF, reused by the preview and the typst format
    pdf: bytes
    pages: int


def _layout(
    doc: Document, theme: Theme, fit_one_page: bool, paper: str, budget: RenderBudget | None = None
) -> _Layout:
    """Lays the document out in Typst, tightening step by step when it must fit one page.

    With a budget, the natural length is checked after the first layout (RenderRefused), and
    the time between layouts.
    """
    from resumepilot.documents.formats.typst_pdf import compile_pdf, pdf_page_count, typst_source

    step = 0
    while True:
        current = theme.tightened(step)
        source = typst_source(doc, current, paper)
        pdf = compile_pdf(source, current, doc.cjk)
        pages = pdf_page_count(pdf)
        if budget is not None:
            if step == 0:
                budget.check_pages(pages, fit_one_page)
            budget.check_time()
        if not fit_one_page or pages <= 1 or step >= FIT_STEPS:
            return _Layout(current, step, source, pdf, pages)
        step += 1


def render_resume(
    resume: dict[str, Any] | Resume,
    template: str = "classic",
    fmt: str = "pdf",
    role: str | None = None,
    fit_one_page: bool = False,
    *,
    paper: str = "letter",
    compile_latex: bool = False,
) -> RenderResult:
    """Renders a resume with a template into one format.

    Raises ResumeError (bad resume, names the field), UnknownTemplateError, UnknownRoleError or
    UnknownFormatError for bad input; everything is pure computation, safe in a worker.
    `compile_latex` also runs the sandboxed TeX engine so a LaTeX page count is exact.
    """
    if paper not in ("letter", "a4"):
        raise ValueError("paper must be 'letter' or 'a4'")
    fmt = normalize_format(fmt)
    theme = load_theme(template)
    model = parse_resume(resume)
    doc = build_document(model, role)
    layout = _layout(doc, theme, fit_one_page, paper)
    warnings = _fit_warnings(fit_one_page, layout)
    return _result(fmt, doc, theme.name, layout, fit_one_page, paper, compile_latex, warnings)


def _result(
    fmt: str,
    doc: Document,
    template: str,
    layout: _Layout,
    fit_one_page: bool,
    paper: str,
    compile_latex: bool,
    warnings: list[str],
) -> RenderResult:
    media_type, extension = FORMATS[fmt]
    engine = None
    exact = fmt == "pdf"
    pages = layout.pages
    if fmt == "pdf":
        content = layout.pdf
    elif fmt == "typst":
        content, exact = layout.source.encode("utf-8"), True
    elif fmt == "latex":
        from resumepilot.documents.formats.latex import latex_engine, latex_source

        engine = latex_engine(doc)
        source = latex_source(doc, layout.theme, paper)
        content = source.encode("utf-8")
        if compile_latex:
            from resumepilot.documents.formats.sandbox import compile_latex as run_tex

            pages, exact = run_tex(source, engine).page_count, True
    else:
        from resumepilot.documents.formats.word import docx_bytes

        content = docx_bytes(doc, layout.theme, paper)
    return RenderResult(
        content=content,
        media_type=media_type,
        filename=filename_for(doc.name, template, extension),
        page_count=pages,
        page_count_exact=exact,
        template=template,
        fmt=fmt,
        fit_step=layout.step,
        fits_one_page=(pages <= 1) if fit_one_page else None,
        engine=engine,
        warnings=list(warnings),
    )


class RenderSet(Record):
    """Several formats of one resume laid out once, and its first page as an SVG preview."""

    results: dict[str, RenderResult]
    preview_svg: bytes | None = None


def render_set(
    resume: dict[str, Any] | Resume,
    template: str = "classic",
    fmts: tuple[str, ...] = ("pdf", "latex", "docx"),
    role: str | None = None,
    fit_one_page: bool = False,
    *,
    paper: str = "letter",
    preview: bool = False,
    budget: RenderBudget | None = None,
) -> RenderSet:
    """Like render_resume for several formats at once: one parse and one fit search for all.

    The web's background job uses it so a generation costs one layout, not one per format;
    with a `budget` it raises RenderRefused when the resume is too long or the time is up.
    """
    if paper not in ("letter", "a4"):
        raise ValueError("paper must be 'letter' or 'a4'")
    keys = [normalize_format(f) for f in fmts]
    theme = load_theme(template)
    doc = build_document(parse_resume(resume), role)
    layout = _layout(doc, theme, fit_one_page, paper, budget)
    warnings = _fit_warnings(fit_one_page, layout)
    results = {
        k: _result(k, doc, theme.name, layout, fit_one_page, paper, False, warnings) for k in keys
    }
    if budget is not None:
        budget.check_time()
    svg = None
    if preview:
        from resumepilot.documents.formats.typst_pdf import compile_svg

        svg = compile_svg(layout.source, layout.theme, doc.cjk)
    return RenderSet(results, svg)


def warm_up() -> None:
    """Renders the bundled sample once per template in every format a job makes, so this
    process has its modules, each template's fonts and Typst's caches loaded before a user's
    render needs them."""
    from resumepilot.documents.resume import bundled_sample
    from resumepilot.documents.themes import template_names

    for template in template_names():
        render_set(bundled_sample(), template, ("pdf", "latex", "docx"), preview=True)


def _fit_warnings(fit_one_page: bool, layout: _Layout) -> list[str]:
    if fit_one_page and layout.pages > 1:
        return [
            f"The resume still needs {layout.pages} pages at the tightest readable layout "
            f"({max(MIN_FONT_PT, layout.theme.font_size):g} pt text); shorten it to fit one page."
        ]
    return []


def overleaf_fields(
    resume: dict[str, Any] | Resume,
    template: str = "classic",
    role: str | None = None,
    fit_one_page: bool = False,
    *,
    paper: str = "letter",
) -> dict[str, str]:
    """The form fields that open this resume's LaTeX in Overleaf (POST to OVERLEAF_URL)."""
    from resumepilot.documents.formats.overleaf import overleaf_form

    result = render_resume(resume, template, "latex", role, fit_one_page, paper=paper)
    assert result.engine is not None
    return overleaf_form(result.text, result.engine, result.filename)
