"""NHS identity colours with the text colour that keeps WCAG contrast at 4.5:1 or better.

Colour is never the only signal in the plan workbook: every coloured cell also carries a text
code or a word. The practice fills are the six NHS identity colours that stay furthest apart under
simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009, full severity): at least
23 CIE76 units between any two of them and the leave grey, against 5.5 for the first set tried
(Warm Yellow and Light Green merge for protanopes). ``tests/test_plan_palette.py`` re-checks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Font, PatternFill

BLACK = "000000"
WHITE = "FFFFFF"


@dataclass(frozen=True)
class Swatch:
    """A fill and the text colour that reads on it (contrast ratio from the conventions note)."""

    name: str
    fill: str
    text: str
    contrast: float

    def pattern(self) -> PatternFill:
        return PatternFill(fill_type="solid", start_color=self.fill, end_color=self.fill)

    def font(self, size: float = 10, bold: bool = False) -> Font:
        return Font(name="Arial", size=size, color=self.text, bold=bold)


DARK_BLUE = Swatch("NHS Dark Blue", "003087", WHITE, 11.9)
NHS_BLUE = Swatch("NHS Blue", "005EB8", WHITE, 6.4)
AQUA_BLUE = Swatch("NHS Aqua Blue", "00A9CE", BLACK, 7.6)
DARK_GREEN = Swatch("NHS Dark Green", "006747", WHITE, 6.9)
WARM_YELLOW = Swatch("NHS Warm Yellow", "FFB81C", BLACK, 12.1)
DARK_PINK = Swatch("NHS Dark Pink", "7C2855", WHITE, 9.2)
LIGHT_GREEN = Swatch("NHS Light Green", "78BE20", BLACK, 9.2)
PURPLE = Swatch("NHS Purple", "330072", WHITE, 15.2)
ORANGE = Swatch("NHS Orange", "ED8B00", BLACK, 8.3)
YELLOW = Swatch("NHS Yellow", "FAE100", BLACK, 15.8)
GREEN = Swatch("NHS Green", "009639", BLACK, 5.4)
MID_GREY = Swatch("NHS Mid Grey", "768692", BLACK, 5.6)
PALE_GREY = Swatch("NHS Pale Grey", "E8EDEE", BLACK, 17.8)
DARK_RED = Swatch("NHS Dark Red", "8A1538", WHITE, 9.4)

# Practices take these in order (each prefix is a good set for a smaller site); after eight,
# colours repeat and only the code in the cell tells practices apart.
PRACTICE_SWATCHES = (NHS_BLUE, ORANGE, PURPLE, AQUA_BLUE, DARK_PINK, YELLOW, GREEN, MID_GREY)
LEAVE = PALE_GREY
SHORT = DARK_RED


def practice_swatches(codes: list[str] | tuple[str, ...]) -> dict[str, Swatch]:
    """One swatch per practice code, in the scenario's practice order."""
    return {code: PRACTICE_SWATCHES[i % len(PRACTICE_SWATCHES)] for i, code in enumerate(codes)}
