"""The plan workbook's colours: readable text on every fill, and practice fills that stay apart for
colour-blind readers (simulated), even though the text code in each cell carries the meaning."""

from __future__ import annotations

import itertools
import math

import pytest

from pch_workforce.plan.workbook import palette

# Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "none": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def linear(hex_colour: str) -> tuple[float, ...]:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(channel(int(hex_colour[i:i + 2], 16)) for i in (0, 2, 4))


def luminance(rgb: tuple[float, ...]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    high, low = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(hex_colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    v = linear(hex_colour)
    r, g, b = (min(1.0, max(0.0, sum(row[j] * v[j] for j in range(3)))) for row in matrix)
    x, y, z = 0.4124 * r + 0.3576 * g + 0.1805 * b, luminance((r, g, b)), 0.0193 * r + 0.1192 * g + 0.9505 * b

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


@pytest.mark.parametrize("swatch", [*palette.PRACTICE_SWATCHES, palette.LEAVE, palette.SHORT],
                         ids=lambda s: s.name)
def test_text_on_every_fill_meets_wcag_aa(swatch: palette.Swatch) -> None:
    assert contrast(swatch.fill, swatch.text) >= 4.5
    assert contrast(swatch.fill, swatch.text) == pytest.approx(swatch.contrast, abs=0.15)


def test_six_practice_fills_and_leave_stay_apart_under_simulated_colour_blindness() -> None:
    fills = [s.fill for s in palette.PRACTICE_SWATCHES[:6]] + [palette.LEAVE.fill]
    for name, matrix in CVD.items():
        closest = min(math.dist(lab(a, matrix), lab(b, matrix)) for a, b in itertools.combinations(fills, 2))
        assert closest >= 20, f"{name}: two fills are only {closest:.1f} CIE76 units apart"


def test_practices_get_distinct_fills_up_to_eight() -> None:
    codes = [f"P{i}" for i in range(1, 9)]
    assert len({s.fill for s in palette.practice_swatches(codes).values()}) == 8
