"""Phones (E.164 + region), emails, postcodes, postal addresses and web addresses.

CONTRACT (owned by the dates/contacts/figures work).
"""

from __future__ import annotations

from dataclasses import dataclass

from govpub.records import ContactKind


@dataclass(frozen=True)
class ContactMention:
    kind: ContactKind
    value: str  # normalised: E.164 for phones ("+8675522092176", hotlines as dialled: "12388")
    as_written: str  # without label or trailing punctuation
    region: str | None  # phones: where the number belongs, e.g. "深圳市"
    char_start: int
    char_end: int


def find_contacts(text: str) -> list[ContactMention]:
    raise NotImplementedError
