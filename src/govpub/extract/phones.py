"""A Chinese phone number as written in, its E.164 form and the region it belongs to out."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import ModuleType

import phonenumbers

__all__ = ["Phone", "area_hotline", "normalise_hotline", "normalise_phone"]

_FULL_LENGTHS = (10, 11)  # national significant numbers: 20 12345678, 755 22092176, 660 6820985, 138…
_NOT_DIGIT = re.compile(r"\D")
_EXTENSION = re.compile(r"(?:转|轉|分机|分機|ext\.?|x)\s*(\d{1,6})$", re.IGNORECASE)  # "020-12345678转123"


@dataclass(frozen=True)
class Phone:
    value: str  # "+8675522092176", "+862012345678;ext=123", or a hotline's digits "12388"
    region: str | None  # "广东省深圳市"; None for hotlines and numbers without a known place
    area_code: str = ""  # "755" for a landline, "" for mobiles and hotlines


@functools.cache
def _geocoder() -> ModuleType:
    # The geocoder loads its data on import (~0.5 s); load it once, when the first phone is seen.
    from phonenumbers import geocoder

    return geocoder


def normalise_phone(as_written: str) -> Phone | None:
    """'0755-22092176' -> Phone('+8675522092176', '广东省深圳市'); None if not a valid CN number."""
    ext = _EXTENSION.search(as_written)
    main = as_written[: ext.start()] if ext else as_written
    digits = _NOT_DIGIT.sub("", main)
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None
    # phonenumbers' metadata lags new allocations (it calls 0756-69436611 invalid), and a
    # notice's own contact number is worth keeping: a number of a full Chinese length
    # (area code + local number, or a mobile) counts when it is at least possible.
    national = str(number.national_number)
    if not phonenumbers.is_valid_number(number) and not (
        phonenumbers.is_possible_number(number) and len(national) in _FULL_LENGTHS
    ):
        return None
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if ext:
        value += f";ext={ext.group(1)}"  # RFC 3966 style: E.164 itself has no extensions
    # The place comes from the area code (or the mobile block), not from the whole number.
    region = _geocoder().description_for_valid_number(number, "zh") or None
    area = national[: phonenumbers.length_of_geographical_area_code(number)]
    return Phone(value, region, area)


def normalise_hotline(as_written: str) -> Phone:
    """'12388' -> Phone('12388', None); '400-810-8888' -> Phone('4008108888', None).
    Service numbers are dialled as they are from anywhere in China and belong to no place."""
    return Phone(_NOT_DIGIT.sub("", as_written), None)


def area_hotline(as_written: str) -> Phone:
    """'010-12380' -> Phone('+861012380', '北京市'): a city's short hotline as dialled from elsewhere.
    phonenumbers has no short codes behind an area code, so the place comes from the area code alone
    (looked up through a full-length number in that area)."""
    digits = _NOT_DIGIT.sub("", as_written)
    area, short = digits[1:-5], digits[-5:]
    region = None
    for local_digits in (8, 7):  # cities have 8- or 7-digit local numbers
        try:
            probe = phonenumbers.parse(f"0{area}{'6' * local_digits}", "CN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(probe):
            region = _geocoder().description_for_valid_number(probe, "zh") or None
            break
    return Phone(f"+86{area}{short}", region, area)
