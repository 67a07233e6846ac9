"""Text in, the same text with full-width ASCII forms folded to half-width out (same length, same offsets)."""

from __future__ import annotations

# Full-width forms U+FF01..U+FF5E map one-to-one onto ASCII U+0021..U+007E, and the
# ideographic space onto a space. Because every character maps to exactly one character,
# offsets found in the folded text are offsets into the original: extractors match on the
# folded copy and slice the original for `as_written`.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # "　" ideographic space
_FOLD[0x2212] = 0x2D  # "−" minus sign, seen in phone numbers copied from PDFs
_FOLD[0xFE63] = 0x2D  # "﹣" small hyphen-minus

__all__ = ["fold"]


def fold(text: str) -> str:
    """'０７５５－２２０９２１７６（转１２３）' -> '0755-22092176(转123)'; len(fold(t)) == len(t)."""
    return text.translate(_FOLD)
