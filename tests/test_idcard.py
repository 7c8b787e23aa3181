"""ID-card and phone numbers: check digit, derivation, masking, sniffing unknown columns."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from planner.idcard import check_digit, derive, looks_like_phone, mask, private_kind


@given(born=st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)), serial=st.integers(0, 999))
def test_derived_birth_date_and_gender_are_the_ones_the_number_was_made_from(born: date, serial: int) -> None:
    first17 = f"320102{born:%Y%m%d}{serial:03d}"
    found = derive(first17 + check_digit(first17))
    assert found is not None
    assert found.birth == born
    assert found.gender == ("male" if serial % 2 else "female")
    wrong = "0" if check_digit(first17) != "0" else "1"
    assert derive(first17 + wrong) is None


def test_full_width_and_lower_case_x_are_read() -> None:
    assert derive("１１０１０５１９４９１２３１００２ｘ") is not None


def test_mask_keeps_only_the_ends() -> None:
    assert mask("11010519491231002X") == "110*************2X"
    assert "19491231" not in mask("11010519491231002X")
    assert mask("1234") == "****"


def test_phone_and_id_columns_are_sniffed_by_their_content() -> None:
    assert looks_like_phone("138-0013-8000") and looks_like_phone("+86 13800138000")
    assert looks_like_phone("0571-88881234")
    assert private_kind(["13800138000", "", "13900139000", "不详"]) == "phone"
    assert private_kind(["11010519491231002X", "110105491231002"]) == "id_card"
    assert private_kind(["合唱队", "13800138000", "读书会"]) is None
    assert private_kind(["", ""]) is None
