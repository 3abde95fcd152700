"""The focus ring stands out (WCAG 2.2 non-text contrast, 3:1) against every background colour
the stylesheet uses: the dark ring or its white halo, whichever is the other side of it."""

from __future__ import annotations

import re
from importlib.resources import files

CSS = (files("resumepilot.web") / "static" / "style.css").read_text(encoding="utf-8")


def variables() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", root))


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def backgrounds() -> set[str]:
    names = variables()
    found = set()
    for value in re.findall(r"background(?:-color)?:\s*([^;}]+)", CSS):
        for ref in re.findall(r"var\(--([\w-]+)\)", value):
            if ref in names:
                found.add(names[ref])
        found.update(re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value))
    return found


def test_every_focus_rule_uses_the_ring_and_its_halo():
    rules = re.findall(r"outline:\s*3px solid ([^;]+);", CSS)
    assert rules and set(rules) == {"var(--focus)"}
    assert CSS.count("box-shadow: 0 0 0 2px var(--focus-halo)") == len(rules)


def test_ring_or_halo_reaches_three_to_one_on_every_background():
    names = variables()
    ring, halo = names["focus"], names["focus-halo"]
    seen = backgrounds()
    assert {"#ffffff", names["brand"], names["brand-soft"]} <= {c.lower() for c in seen}
    for background in seen:
        best = max(contrast(ring, background), contrast(halo, background))
        assert best >= 3, f"focus ring on {background}: {best:.2f}:1"
    assert contrast(ring, "#ffffff") >= 3  # the common case: on white, the ring itself shows
