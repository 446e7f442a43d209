"""The GB 32100-2015 check character of the unified social credit code."""

from hypothesis import given
from hypothesis import strategies as st

from desktop.credit_code import CHARSET, credit_code_problem, with_check_character


def test_known_valid_code() -> None:
    assert credit_code_problem("91350100M000100Y43") is None


def test_wrong_check_character_names_the_expected_one() -> None:
    problem = credit_code_problem("91350100M000100Y44")
    assert problem is not None
    assert "应为 3" in problem


def test_length_and_characters() -> None:
    assert "18 位" in (credit_code_problem("9135010") or "")
    assert "不允许的字符" in (credit_code_problem("91350100M000100YI3") or "")


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17))
def test_every_generated_code_validates(first17: str) -> None:
    assert credit_code_problem(with_check_character(first17)) is None


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17), st.sampled_from(CHARSET))
def test_any_other_check_character_is_rejected(first17: str, other: str) -> None:
    good = with_check_character(first17)
    if other != good[-1]:
        assert credit_code_problem(first17 + other) is not None
