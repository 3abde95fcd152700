"""Shared fixtures for document rendering tests: sample resumes and text extraction (also used by
tests/resumes)."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_tool

# ../shared beside the repository (CI lays a copy there too); tests that need it skip without.
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "jsonresume"
TEMPLATES = ("classic", "modern", "compact", "academic")

# Text a resume could contain that means something to LaTeX, Typst, HTML or Markdown.
HOSTILE = [
    r"\input{/etc/passwd}",
    r"\write18{rm -rf ~}",
    '#import "x"',
    "$math$",
    "C# and F#",
    "snake_case_name",
    "100% & more",
    "~tilde^caret",
    "<script>alert(1)</script>",
    "{braces} [brackets] @label *stars* `code`",
    "// not a comment /* nor this */",
    "a|b \\\\ end",
    "= Not a heading",
    "- not a list",
    "1. not an enum",
]


def need(condition: bool, why: str) -> None:
    """Skips locally when a tool or file is missing; on CI (CI=true) that is a failure."""
    require_tool(condition, why)


def need_engine(engine: str) -> None:
    need(shutil.which(engine) is not None, f"{engine} is not installed")


def reference_file(name: str) -> Path:
    need((REFERENCE / name).is_file(), f"{REFERENCE / name} is absent")
    return REFERENCE / name


def load_sample() -> dict[str, Any]:
    text = (resources.files("resumepilot.documents") / "data" / "sample.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture
def sample() -> dict[str, Any]:
    return load_sample()


@pytest.fixture
def hostile() -> dict[str, Any]:
    data = load_sample()
    data["basics"]["label"] = HOSTILE[0]
    data["basics"]["summary"] = " ".join(HOSTILE[1:5])
    data["work"][0]["highlights"] = HOSTILE
    data["work"][1]["name"] = r"\write18{rm}"
    # URLs carry & # % ~ too, and land in \href and #link arguments.
    data["work"][0]["url"] = "https://example.com/a_b?q=1&r=%7E2#frag~x"
    data["basics"]["profiles"][0]["url"] = "https://example.com/{x}^y|z\\w$"
    data["skills"][0]["keywords"] = ["C#", "_", "%", "&", "~", "^", "$", "#"]
    return data


@pytest.fixture
def cjk() -> dict[str, Any]:
    data = copy.deepcopy(load_sample())
    data["basics"]["name"] = "王小明"
    data["basics"]["label"] = "高级软件工程师"
    data["work"][0]["name"] = "北京字节跳动科技有限公司"
    data["work"][0]["highlights"] = [
        "将结账延迟从900毫秒降低到240毫秒",
        "東京で日本語のチームを率いた",
        "서울 지사의 결제 시스템을 설계했다",
    ]
    data["education"][0]["institution"] = "清华大学"
    return data


def squash(text: str) -> str:
    """Whitespace removed and case folded, so line wrapping and small caps do not matter."""
    return re.sub(r"\s+", "", text).casefold()


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def docx_xml(content: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read(part).decode("utf-8")


def docx_parts(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.namelist()


def docx_text(content: bytes) -> str:
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = ElementTree.fromstring(docx_xml(content))
    paragraphs = []
    for p in root.iter(f"{ns}p"):
        paragraphs.append("".join(t.text or "" for t in p.iter(f"{ns}t")))
    return "\n".join(paragraphs)


def expected_strings(data: dict[str, Any]) -> list[str]:
    """What a reader must find on the page: every name, title, bullet and keyword given."""
    from resumepilot.documents.escape import smarten

    b = data["basics"]
    found = [b["name"], b.get("label", ""), b.get("summary", ""), b.get("email", "")]
    for w in data.get("work", []):
        found += [w.get("name", ""), w.get("position", ""), *w.get("highlights", [])]
    for e in data.get("education", []):
        found += [e.get("institution", ""), e.get("area", ""), *e.get("courses", [])]
    for s in data.get("skills", []):
        found += [s.get("name", ""), *s.get("keywords", [])]
    for p in data.get("projects", []):
        found += [p.get("name", ""), p.get("description", "")]
    for c in data.get("certificates", []):
        found += [c.get("name", ""), c.get("issuer", "")]
    return [smarten(s) for s in found if s]


def missing_from(text: str, data: dict[str, Any]) -> list[str]:
    flat = squash(text)
    return [s for s in expected_strings(data) if squash(s) not in flat]
