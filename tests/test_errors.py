"""How a reader's failure is put to the user: one line, naming what went wrong."""

from __future__ import annotations

from scrutiny.extractors.errors import describe_exception


def test_an_exception_is_described_by_its_type_and_the_first_line_of_its_message() -> None:
    assert describe_exception(ValueError("  bad xref table\nat offset 1234\n")) == "ValueError: bad xref table"


def test_an_exception_without_a_message_is_described_by_its_type() -> None:
    assert describe_exception(KeyError()) == "KeyError"
    assert describe_exception(RuntimeError("   ")) == "RuntimeError"
