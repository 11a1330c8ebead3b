"""NHS identity colours with the text colour that keeps WCAG contrast at 4.5:1 or better.

Colour is never the only signal in the plan workbook: every coloured cell also carries a text
code or a word. The fills were picked to differ in lightness as well as hue, so neighbouring
practices stay apart in greyscale and for colour-blind readers (the text codes carry the meaning).
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
AQUA_BLUE = Swatch("NHS Aqua Blue", "00A9CE", BLACK, 7.6)
DARK_GREEN = Swatch("NHS Dark Green", "006747", WHITE, 6.9)
WARM_YELLOW = Swatch("NHS Warm Yellow", "FFB81C", BLACK, 12.1)
DARK_PINK = Swatch("NHS Dark Pink", "7C2855", WHITE, 9.2)
LIGHT_GREEN = Swatch("NHS Light Green", "78BE20", BLACK, 9.2)
PURPLE = Swatch("NHS Purple", "330072", WHITE, 15.2)
ORANGE = Swatch("NHS Orange", "ED8B00", BLACK, 8.3)
MID_GREY = Swatch("NHS Mid Grey", "768692", BLACK, 5.6)
PALE_GREY = Swatch("NHS Pale Grey", "E8EDEE", BLACK, 17.8)
DARK_RED = Swatch("NHS Dark Red", "8A1538", WHITE, 9.4)

# Practices take these in order; after eight, colours repeat (the code in the cell still differs).
PRACTICE_SWATCHES = (DARK_BLUE, AQUA_BLUE, DARK_GREEN, WARM_YELLOW, DARK_PINK, LIGHT_GREEN, PURPLE, ORANGE)
LEAVE = PALE_GREY
SHORT = DARK_RED


def practice_swatches(codes: list[str] | tuple[str, ...]) -> dict[str, Swatch]:
    """One swatch per practice code, in the scenario's practice order."""
    return {code: PRACTICE_SWATCHES[i % len(PRACTICE_SWATCHES)] for i, code in enumerate(codes)}
