"""Template files and format: every built-in language is complete and in step with English."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.exports.pdf.context import CONDITIONS, PLACEHOLDERS, money
from intervet_desktop.exports.pdf.model import (
    KINDS,
    ContactData,
    DocumentRequest,
    MobilityData,
    OrganisationData,
    PersonData,
    ProgrammeData,
    ProjectData,
    SchoolData,
)
from intervet_desktop.exports.pdf.render import check_templates, render_document
from intervet_desktop.exports.pdf.store import LANGUAGES, TemplateStore, language_for_country, parse_labels
from intervet_desktop.exports.pdf.template import Block, Conditional, Node, Values, markup, parse


def shape(nodes: tuple[Node, ...]) -> list[object]:
    """The structure of a template without its words (what side-by-side pairing relies on)."""
    out: list[object] = []
    for node in nodes:
        if isinstance(node, Conditional):
            out.append(("if", node.flag, node.negate, shape(node.body)))
        else:
            assert isinstance(node, Block)
            out.append((node.kind, len(node.texts) if node.kind == "bullets" else 0, len(node.rows)))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_builtin_templates_are_complete(lang: str) -> None:
    store = TemplateStore()
    for kind in KINDS:
        assert check_templates(store, kind, [lang]) == []
        assert shape(store.template(kind, lang).nodes) == shape(store.template(kind, "en").nodes), (
            lang,
            kind,
        )
    builtin = store.builtin / lang / "labels.txt"
    english = store.builtin / "en" / "labels.txt"
    keys = parse_labels(builtin.read_text("utf-8"), builtin).keys()
    assert keys == parse_labels(english.read_text("utf-8"), english).keys()


def test_every_known_placeholder_is_used_somewhere_or_documented() -> None:
    readme = (TemplateStore().builtin / "README.md").read_text("utf-8")
    for kind in KINDS:
        for name in PLACEHOLDERS[kind] | CONDITIONS[kind]:
            assert f"`{name}`" in readme, name


def test_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    text = "# Title\n{{ open\n@end\n| only one cell |\n@frobnicate\n@if has_cash\nText\n"
    with pytest.raises(ValidationError) as info:
        parse(text, name="en/x.txt", path=tmp_path / "x.txt")
    rendered = [p.render() for p in info.value.problems]
    assert any("line 2" in r and "not closed" in r for r in rendered)
    assert any("line 3" in r and "@end" in r for r in rendered)
    assert any("line 4" in r and "table row" in r for r in rendered)
    assert any("line 5" in r and "@frobnicate" in r for r in rendered)
    assert any("line 6" in r and "never closed" in r for r in rendered)


def test_unknown_names_are_reported_with_line(tmp_path: Path) -> None:
    template = parse(
        "# T\n\nHello {{ participant_name }},\nyour {{ participant_nmae }}\n@if has_cake\n@end\n",
        name="en/x.txt",
        path=tmp_path / "x.txt",
    )
    problems = template.check(
        PLACEHOLDERS[DocumentKind.MOBILITY_AGREEMENT], CONDITIONS[DocumentKind.MOBILITY_AGREEMENT]
    )
    texts = [p.render() for p in problems]
    assert len(texts) == 2
    assert "line 4" in texts[0] and "{{ participant_nmae }}" in texts[0]
    assert "line 5" in texts[1] and "has_cake" in texts[1]


def test_markup_escapes_values_and_keeps_bold() -> None:
    values = Values({"name": "Smith & Sons <Ltd>", "empty": " "})
    assert markup("**{{ name }}** & co", values) == "<b>Smith &amp; Sons &lt;Ltd&gt;</b> &amp; co"
    assert markup("Value: {{ empty }}", values) == "Value: \u2013"
    assert markup("<i>{{name}}</i>", values) == "&lt;i&gt;Smith &amp; Sons &lt;Ltd&gt;&lt;/i&gt;"


def test_country_languages_and_money() -> None:
    assert language_for_country("GR") == language_for_country("EL") == "el"
    assert language_for_country("AT") == "de" and language_for_country("SE") == "en"
    assert money(257600, "en") == "2,576.00 EUR"
    assert money(257600, "it") == "2.576,00 EUR"


def test_special_characters_survive_into_the_pdf() -> None:
    host = OrganisationData(
        "Smith & Sons <Ltd> Ωμέγα", "IE", city="Cork", contact=ContactData("Seán Ó Briain & co", "CEO")
    )
    school = SchoolData("Scuola «Ünïcode» & Co", country="IT", signatory_name="Rossi")
    mobility = MobilityData(
        mobility_id=1,
        direction="outgoing",
        activity_type="SM-TTA",
        planned_start=date(2026, 5, 4),
        planned_end=date(2026, 5, 8),
        travel_days=1,
        destination_city="Cork",
        destination_country="IE",
        participant=PersonData("Zoë", "Ñúñez-Łukasiewicz"),
        sending=OrganisationData(school.name, "IT", contact=ContactData("Anna")),
        receiving=host,
        programme=ProgrammeData("a < b", "x & y", "z", "en"),
    )
    request = DocumentRequest(
        DocumentKind.MOBILITY_AGREEMENT, ("en", "it"), ProjectData("2025-1-IT01-KA122-VET-000000001"), school
    )
    data = render_document(replace(request, mobility=mobility), TemplateStore())
    reader = PdfReader(BytesIO(data))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    for fragment in (
        "Smith & Sons <Ltd> Ωμέγα",
        "Zoë Ñúñez-Łukasiewicz",
        "a < b",
        "x & y",
        "Seán Ó Briain & co",
    ):
        assert fragment in text
    assert "Accordo di mobilità" in text


def test_text_longer_than_a_page_still_prints_side_by_side() -> None:
    long_text = "Observe the workshop organisation and take notes. " * 350
    mobility = MobilityData(
        mobility_id=1,
        direction="outgoing",
        activity_type="SM-JOB-SHDW",
        planned_start=date(2026, 5, 4),
        planned_end=date(2026, 5, 8),
        travel_days=0,
        destination_city="Tampere",
        destination_country="FI",
        participant=PersonData("Γεώργιος", "Παπαδόπουλος"),
        sending=OrganisationData("ΕΠΑΛ", "GR", contact=ContactData("Ελένη")),
        receiving=OrganisationData("Tampereen seudun ammattiopisto Tredu", "FI", contact=ContactData("Aino")),
        programme=ProgrammeData(long_text, "Shadowing", "Methods", "fi"),
    )
    request = DocumentRequest(
        DocumentKind.MOBILITY_AGREEMENT,
        ("en", "el"),
        ProjectData("2025-1-EL01-KA122-VET-000000001"),
        SchoolData("ΕΠΑΛ", country="GR"),
        mobility=mobility,
    )
    reader = PdfReader(BytesIO(render_document(request, TemplateStore())))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert 4 <= len(reader.pages) <= 10
    assert text.count("take notes.") == 700  # every word of both columns is printed
    assert "Υπογραφές" in text
