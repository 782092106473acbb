"""The UK register of councils: any spelling, code, initials or Welsh name finds
the one authority it means; former councils keep their own identity."""

from __future__ import annotations

from datetime import date

from scrutiny.extractors.councils import CouncilRegister, council_from_host, initials, uk_register


def test_a_council_is_found_by_its_short_name():
    assert uk_register().resolve("swansea").code == "SWA"


def test_a_council_is_found_by_an_alias_the_register_lists():
    assert uk_register().resolve("City and County of Swansea").name == "City and County of Swansea Council"


def test_a_council_is_found_by_its_welsh_name():
    assert uk_register().resolve("Abertawe").code == "SWA"


def test_a_welsh_council_is_found_in_its_welsh_council_form():
    assert uk_register().resolve("Cyngor Caerdydd").name == "City of Cardiff Council"


def test_a_council_is_found_by_its_register_code():
    assert uk_register().resolve("SWA").short_name == "Swansea"


def test_a_council_is_found_by_its_unique_initials():
    assert uk_register().resolve("KCC").name == "Kent County Council"


def test_a_council_is_found_by_its_short_name_and_abbreviated_kind():
    assert uk_register().resolve("Kent CC").name == "Kent County Council"


def test_initials_shared_by_councils_name_none_of_them_in_text():
    mentions = uk_register().find("A letter from LBH to the minister")

    assert mentions == []


def test_a_london_borough_is_found_in_running_text():
    (mention,) = uk_register().find("Report of the London Borough of Hackney on housing")

    assert mention.authority.kind == "London borough"
    assert mention.printed == "London Borough of Hackney"


def test_every_council_in_running_text_is_found_in_order_of_mention():
    text = "The KCC cabinet wrote to Kent County Council's partners and to Medway Council, not the kcc."
    mentions = uk_register().find(text)
    assert [(m.printed, m.strength) for m in mentions] == [
        ("KCC", "initials"),
        ("Kent County Council's", "name"),
        ("Medway Council", "name"),
    ]


def test_a_place_name_alone_is_not_a_council_unless_asked_for():
    register = uk_register()

    assert register.find("Young carers in Kent") == []
    assert [m.strength for m in register.find("Young carers in Kent", places=True)] == ["place"]


def test_a_former_council_keeps_its_own_identity_and_dates():
    former = uk_register().resolve("Northamptonshire County Council")

    assert former.code == "NTH"
    assert former.end_date is not None
    assert not former.current
    assert former.active_on(date(2015, 6, 1))
    assert not former.active_on(date(2022, 6, 1))


def test_a_district_knows_the_county_above_it():
    register = uk_register()

    assert register.county_of(register.resolve("Cherwell District Council")).name == "Oxfordshire County Council"


def test_a_name_two_councils_shared_is_told_apart_by_the_meeting_date(westmoor: CouncilRegister):
    assert westmoor.resolve("Westmoor", on=date(2005, 1, 1)).code == "OLD"
    assert westmoor.resolve("Westmoor", on=date(2012, 1, 1)).code == "NEW"
    assert westmoor.resolve("Westmoor").code == "NEW"  # the current one when no date says


def test_initials_skip_the_small_words():
    assert initials("Royal Borough of Kensington and Chelsea") == "RBKC"


def test_a_council_web_host_names_the_council():
    assert council_from_host("democracy.kent.gov.uk").code == "KEN"
    assert council_from_host("moderngov.hackney.gov.uk").code == "HCK"
    assert council_from_host("example.org") is None


def test_the_register_holds_every_nation():
    assert {a.nation for a in uk_register()} == {"England", "Wales", "Scotland", "Northern Ireland"}
