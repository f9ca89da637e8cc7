"""The exchange with translators, through the clients they use: XLIFF read and filled by
translate-toolkit (the library behind Weblate and Pootle), PO by polib and checked by msgfmt, the
Word table filled with python-docx and opened (and saved) by LibreOffice; then imported back."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import polib
import pytest
from translate.storage import xliff as ttk_xliff
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import G, X
from typer.testing import CliRunner

from wsisreport.build import build
from wsisreport.cli import app
from wsisreport.pipeline import check
from wsisreport.translation import word
from wsisreport.translation.exchange import ImportRefused, export, import_file
from wsisreport.translation.xliff import NS as XLIFF_NS
from wsisreport.translation.yamledit import EditError, edit_text

from .clients import LIBREOFFICE, libreoffice_convert
from .drafting import STALE_TEXT, UNTRANSLATED_NOTE, UNTRANSLATED_TEXT, draft, snapshot
from .golden import Golden

runner = CliRunner()
MSGFMT = shutil.which("msgfmt")
HERE = Path(__file__).parent

# What the translators write.
STALE_ZH_HEAD = "国际电联估计，2023年，全球有68%的人口使用互联网。"
NEW_TEXT_ZH = "世界粮食计划署牵头应急电信群组，协调对人道主义干预措施的数字支持。"
NEW_NOTE_ZH = "见2024年盘点报告，网址为https://www.itu.int/net4/wsis/forum/2024/Home/Outcomes。"
FILLED = {
    STALE_TEXT: STALE_ZH_HEAD + "[^itu-statistics]",
    UNTRANSLATED_TEXT: NEW_TEXT_ZH,
    UNTRANSLATED_NOTE: NEW_NOTE_ZH,
}


@pytest.fixture
def drafted(tree_2024: Path) -> Path:
    draft(tree_2024)
    return tree_2024


def state(unit: ttk_xliff.xliffunit) -> str | None:
    target = unit.xmlelement.find(f"{{{XLIFF_NS}}}target")
    return None if target is None else target.get("state")


def ttk_units(path: Path) -> dict[str, ttk_xliff.xliffunit]:
    store = ttk_xliff.xlifffile.parsefile(path.open("rb"))
    return {unit.xmlelement.get("id"): unit for unit in store.units}


# -- what each format carries, read by its client -------------------------------------------------


def test_xliff_as_translate_toolkit_reads_it(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "pieces.xlf"
    done = export(drafted, 2024, "xliff", out)
    assert [u.id for u in done.units] == [STALE_TEXT, UNTRANSLATED_NOTE, UNTRANSLATED_TEXT]
    store = ttk_xliff.xlifffile.parsefile(out.open("rb"))
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "zh-CN"
    assert store.getfilenames() == ["2024/itu.yaml", "2024/wfp.yaml"]
    units = ttk_units(out)
    stale, note, new = units[STALE_TEXT], units[UNTRANSLATED_NOTE], units[UNTRANSLATED_TEXT]
    # States: stale is fuzzy (needs-review-translation) with its previous English; new is empty.
    assert stale.isfuzzy() and state(stale) == "needs-review-translation"
    (previous,) = stale.getalttrans()
    assert previous.source.startswith("ITU estimates that 67 per cent")
    assert previous.target.startswith("国际电联估计，2023年，全球有67%")
    assert not new.istranslated() and not new.target and state(new) == "new"
    assert note.xmlelement.get("resname") == "itu/p20/note/wsis-forum-2024-outcomes"
    # Context notes, and the note call as an inline code the tools protect.
    notes = stale.getnotes()
    assert "Entity: International Telecommunication Union (ITU)" in notes
    assert "Paragraph 4, part 2 of 4" in notes and "[-67-]{+68+}" in notes
    codes = [p for p in stale.rich_source[0].flatten() if isinstance(p, X)]
    assert [c.id for c in codes] == ["1"]
    assert 'equiv-text="[^itu-statistics]"' in out.read_text()
    # Deterministic: the same bytes again.
    again = tmp_path / "again.xlf"
    export(drafted, 2024, "xliff", again)
    assert again.read_bytes() == out.read_bytes()


def test_emphasis_and_computed_values_are_inline_codes(base_tree: Path, tmp_path: Path) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8")
        .replace("en: The Beta Society took part.", "en: The *Beta Society* took part.")
        .replace("zh: 贝塔学会参加了会议。", "zh: '*贝塔学会*参加了会议。'"),
        encoding="utf-8",
    )
    out = tmp_path / "all.xlf"
    export(base_tree, 2024, "xliff", out, everything=True)
    units = ttk_units(out)
    emphasized = units["beta-6b9fff"]
    spans = [p for p in emphasized.rich_source[0].flatten() if isinstance(p, G)]
    assert len(spans) == 1 and str(spans[0]) == "Beta Society"
    assert state(emphasized) == "needs-review-translation"  # its English changed
    secretariat = units["secretariat-264684"]
    assert [c.id for c in secretariat.rich_source[0].flatten() if isinstance(c, X)] == ["1", "2"]
    text = out.read_text(encoding="utf-8")
    assert 'equiv-text="@{contributors.count}"' in text and 'equiv-text="[^@contributors]"' in text


def test_golden_exports_of_the_fixture(base_tree: Path, tmp_path: Path, golden: Golden) -> None:
    """What each format carries, for review: every kind of piece and state of the small fixture."""
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("trained 100 people", "trained 120 people"))
    alpha = base_tree / "2024" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("zh: 见会议网页。", 'zh: ""'))
    for fmt, suffix in (("xliff", "xlf"), ("po", "po")):
        out = tmp_path / f"fixture.{suffix}"
        export(base_tree, 2024, fmt, out, everything=True)  # type: ignore[arg-type]
        golden(HERE / "golden" / "translate" / f"fixture.{suffix}", out.read_text(encoding="utf-8"))


@pytest.mark.skipif(MSGFMT is None, reason="gettext is not installed (make test installs it)")
def test_po_as_polib_and_msgfmt_read_it(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "pieces.po"
    export(drafted, 2024, "po", out)
    subprocess.run([str(MSGFMT), "--check", "--check-format", "-o", "/dev/null", str(out)], check=True)
    catalog = polib.pofile(str(out))
    assert catalog.metadata["Language"] == "zh_CN"
    entries = {e.msgctxt: e for e in catalog}
    stale = entries[STALE_TEXT]
    assert stale.fuzzy and stale.previous_msgid.startswith("ITU estimates that 67 per cent")
    assert stale.msgid.startswith("ITU estimates that 68 per cent") and stale.msgid.endswith(
        "[^itu-statistics]"
    )
    assert stale.msgstr.startswith("国际电联估计，2023年，全球有67%")
    assert stale.occurrences == [("2024/itu.yaml", "11")]
    assert "Section: I. Introduction" not in stale.comment and "Paragraph 4, part 2 of 4" in stale.comment
    new = entries[UNTRANSLATED_TEXT]
    assert not new.fuzzy and new.msgstr == "" and new.previous_msgid is None
    # The previous msgid survives a save by polib (Babel's reader would drop it).
    catalog.save(str(tmp_path / "saved.po"))
    assert "#| msgid" in (tmp_path / "saved.po").read_text(encoding="utf-8")


def test_word_table_read_back(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "pieces.docx"
    export(drafted, 2024, "docx", out)
    document = docx.Document(str(out))
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == list(word.HEADERS)
    ids = ["".join(t.text or "" for t in r.cells[0]._tc.iter(f"{{{word.W_NS}}}t")) for r in table.rows[1:]]
    assert ids == [STALE_TEXT, UNTRANSLATED_NOTE, UNTRANSLATED_TEXT]
    stale = table.rows[1]
    xml = stale._tr.xml
    # Id, English and status are locked content controls; the Chinese cell is free.
    assert xml.count('w:val="sdtContentLocked"') >= 3
    assert "sdtContentLocked" not in stale.cells[2]._tc.xml
    status = stale.cells[3]._tc
    assert "".join(t.text or "" for t in status.iter(f"{{{word.W_NS}}}t")).startswith("Changed: revise")
    # The note call is written as in the submissions, in the shaded code style.
    code_runs = [r for r in stale.cells[1].paragraphs[0]._p.iter(f"{{{word.W_NS}}}r") if "Wsis" in r.xml]
    assert [("".join(t.text or "" for t in r.iter(f"{{{word.W_NS}}}t"))) for r in code_runs] == [
        "[^itu-statistics]"
    ]
    again = tmp_path / "again.docx"
    export(drafted, 2024, "docx", again)
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed (make test installs it)")
def test_libreoffice_opens_the_word_table(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "pieces.docx"
    export(drafted, 2024, "docx", out)
    text = libreoffice_convert(out, "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
    for uid in (STALE_TEXT, UNTRANSLATED_NOTE, UNTRANSLATED_TEXT):
        assert uid in text
    assert "The World Food Programme leads the Emergency Telecommunications Cluster" in text


# -- the full round trip --------------------------------------------------------------------------


def fill_xliff(path: Path) -> None:
    """As a translator's tool built on translate-toolkit would: targets, with the call kept as a code."""
    store = ttk_xliff.xlifffile.parsefile(path.open("rb"))
    for unit in store.units:
        uid = unit.xmlelement.get("id")
        if uid == STALE_TEXT:
            unit.rich_target = [StringElem([STALE_ZH_HEAD, X(id="1")])]
        else:
            unit.target = FILLED[uid]
        unit.markfuzzy(False)
    path.write_bytes(bytes(store))


def fill_po(path: Path) -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = FILLED[entry.msgctxt]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    catalog.save(str(path))


def fill_docx(path: Path) -> None:
    document = docx.Document(str(path))
    for row in document.tables[0].rows[1:]:
        uid = "".join(t.text or "" for t in row.cells[0]._tc.iter(f"{{{word.W_NS}}}t"))
        cell = row.cells[2]
        for paragraph in cell.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        paragraph = cell.paragraphs[0]
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        paragraph.add_run(FILLED[uid])
    document.save(str(path))


FILLERS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "xliff": ("xlf", fill_xliff),
    "po": ("po", fill_po),
    "docx": ("docx", fill_docx),
}


@pytest.mark.parametrize("fmt", list(FILLERS))
def test_round_trip(fmt: str, drafted: Path, tmp_path: Path) -> None:
    suffix, fill = FILLERS[fmt]
    out = tmp_path / f"pieces.{suffix}"
    export(drafted, 2024, fmt, out)  # type: ignore[arg-type]
    fill(out)
    if fmt == "docx" and LIBREOFFICE is not None:
        # Saved again by LibreOffice, as a translator working there would.
        (tmp_path / "lo").mkdir()
        out = libreoffice_convert(out, "docx:MS Word 2007 XML", tmp_path / "lo")
    before = snapshot(drafted)
    done = import_file(out, drafted, 2024)
    assert sorted(done.written) == sorted(FILLED) and not done.skipped
    after = snapshot(drafted)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == ["2024/itu.yaml", "2024/translations/zh.json", "2024/wfp.yaml"]
    # In the edited files only the Chinese changed: comments, order, quoting and folding kept.
    itu_diff = [
        line
        for line in difflib.unified_diff(
            before["2024/itu.yaml"].decode().splitlines(), after["2024/itu.yaml"].decode().splitlines(), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert [line[0] + line[1:].strip() for line in itu_diff] == [
        "-" + "国际电联估计，2023年，全球有67%" + itu_diff[0].split("67%", 1)[1],
        f"+{STALE_ZH_HEAD}[^itu-statistics]",
        '-zh: ""',
        f'+zh: "{NEW_NOTE_ZH}"',
    ]
    wfp_diff = [
        line
        for line in difflib.unified_diff(
            before["2024/wfp.yaml"].decode().splitlines(), after["2024/wfp.yaml"].decode().splitlines(), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert wfp_diff == ["+      zh: >-", f"+        {NEW_TEXT_ZH}"]
    # Now complete: strict validation passes and the Chinese builds with the new text.
    checked = check(drafted, base=drafted.parent)
    assert not checked.diagnostics.items, [d.format_text() for d in checked.diagnostics.items]
    result = build(2024, drafted, tmp_path / "out", langs=["zh"], formats=["docx"], strict=True)
    assert not result.diagnostics.items and result.built
    text = "\n".join(
        p.text for p in docx.Document(str(tmp_path / "out" / "2024" / result.built[0].path)).paragraphs
    )
    assert STALE_ZH_HEAD in text and NEW_TEXT_ZH in text


def test_unchanged_targets_change_nothing(tree_2024: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlf"
    done = export(tree_2024, 2024, "xliff", out, everything=True)
    assert len(done.units) == 151 and done.count("translated") == 151
    before = snapshot(tree_2024)
    result = import_file(out, tree_2024, 2024)
    assert result.unchanged == 151 and not result.written and not result.files
    assert snapshot(tree_2024) == before


def test_a_stale_unit_is_never_accepted_unchanged(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "pieces.xlf"
    export(drafted, 2024, "xliff", out)
    before = snapshot(drafted)
    # Returned as exported: the stale target is still marked for review, so it stays stale.
    result = import_file(out, drafted, 2024)
    assert not result.written and not result.confirmed and result.empty == 2
    assert [s.split(": ")[-1] for s in result.skipped] == [
        "still marked for review, and the Chinese is unchanged"
    ]
    assert snapshot(drafted) == before
    # The translator confirms the old Chinese still fits: recorded, the text untouched.
    units = ttk_units(out)
    units[STALE_TEXT].markfuzzy(False)
    store = units[STALE_TEXT]._store
    out.write_bytes(bytes(store))
    result = import_file(out, drafted, 2024)
    assert result.confirmed == [STALE_TEXT] and not result.written
    after = snapshot(drafted)
    assert [k for k in after if after[k] != before[k]] == ["2024/translations/zh.json"]


def test_a_unit_whose_english_changed_since_the_export_is_left_out(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "pieces.po"
    export(drafted, 2024, "po", out)
    fill_po(out)
    wfp = drafted / "2024" / "wfp.yaml"
    wfp.write_text(wfp.read_text(encoding="utf-8").replace("The World Food Programme leads", "WFP leads"))
    result = import_file(out, drafted, 2024)
    assert sorted(result.written) == sorted([STALE_TEXT, UNTRANSLATED_NOTE])
    (skipped,) = result.skipped
    assert UNTRANSLATED_TEXT in skipped and "the English changed since the export" in skipped
    assert re.search(r"pieces\.po:\d+: unit wfp-d107a9", skipped)


# -- hostile input --------------------------------------------------------------------------------


def _po_with(drafted: Path, tmp_path: Path, uid: str, msgstr: str, *, context: str | None = None) -> Path:
    out = tmp_path / "pieces.po"
    export(drafted, 2024, "po", out)
    fill_po(out)  # every other unit is fine: all or nothing
    catalog = polib.pofile(str(out))
    entry = next(e for e in catalog if e.msgctxt == uid)
    entry.msgstr = msgstr
    if context is not None:
        entry.msgctxt = context
    catalog.save(str(out))
    return out


HOSTILE_PO = {
    "markup": (UNTRANSLATED_TEXT, "<script>alert(1)</script>世界粮食计划署。", "markup '<script>'"),
    "control character": (UNTRANSLATED_TEXT, "世界\x07粮食计划署。", "control character U+0007"),
    "bidirectional override": (UNTRANSLATED_TEXT, "世界\u202e粮食计划署。", "bidirectional override"),
    "a call the English lacks": (UNTRANSLATED_TEXT, "世界粮食计划署。[^itu-statistics]", "[^itu-statistics]"),
    "a call dropped": (STALE_TEXT, STALE_ZH_HEAD, "the Chinese has no note calls"),
    "unbalanced emphasis": (UNTRANSLATED_TEXT, "*世界粮食计划署。", "never closed"),
    "a computed value": (UNTRANSLATED_TEXT, "@{contributors.count}个实体。", "@{contributors.count}"),
    "a malformed call": (STALE_TEXT, STALE_ZH_HEAD + "[^itu statistics]", "malformed footnote call"),
    "far too long": (UNTRANSLATED_TEXT, "世" * 20000, "far longer than the English"),
}


@pytest.mark.parametrize("case", list(HOSTILE_PO))
def test_hostile_po_targets_are_refused_with_nothing_written(
    case: str, drafted: Path, tmp_path: Path
) -> None:
    uid, msgstr, expected = HOSTILE_PO[case]
    out = _po_with(drafted, tmp_path, uid, msgstr)
    before = snapshot(drafted)
    with pytest.raises(ImportRefused) as refused:
        import_file(out, drafted, 2024)
    assert any(expected in p for p in refused.value.problems), refused.value.problems
    assert all(re.match(rf"{re.escape(str(out))}:\d+: unit ", p) for p in refused.value.problems)
    assert snapshot(drafted) == before


def test_an_unknown_id_is_refused(drafted: Path, tmp_path: Path) -> None:
    out = _po_with(drafted, tmp_path, UNTRANSLATED_TEXT, NEW_TEXT_ZH, context="wfp-ffffff")
    before = snapshot(drafted)
    result = runner.invoke(
        app, ["translate", "import", str(out), "--year", "2024", "--submissions", str(drafted)]
    )
    assert result.exit_code == 1
    assert "unit wfp-ffffff: no piece of the 2024 submissions has this id" in result.stderr
    assert "import refused (1 problem; no file was changed)" in result.stderr
    assert snapshot(drafted) == before


def _xliff_with(drafted: Path, tmp_path: Path, edit: Callable[[str], str]) -> Path:
    out = tmp_path / "pieces.xlf"
    export(drafted, 2024, "xliff", out)
    fill_xliff(out)
    out.write_text(edit(out.read_text(encoding="utf-8")), encoding="utf-8")
    return out


BOMB = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'


def _target(uid: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        unit = re.search(rf'<trans-unit id="{re.escape(uid)}".*?</trans-unit>', text, re.S)
        assert unit is not None
        body = re.sub(r"<target[^>]*>.*?</target>|<target[^>]*/>", new, unit.group(0), count=1, flags=re.S)
        return text.replace(unit.group(0), body)

    return edit


HOSTILE_XLIFF = {
    "an entity bomb": (lambda t: BOMB + t.split("\n", 1)[1].replace(NEW_TEXT_ZH, "&lol2;"), "DTD or entity"),
    "a foreign element": (
        _target(
            UNTRANSLATED_TEXT,
            f'<target><h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script>{NEW_TEXT_ZH}</target>',
        ),
        "markup <script> is not allowed",
    ),
    "unsupported inline markup": (
        _target(UNTRANSLATED_TEXT, f'<target><ph id="1">&lt;b&gt;</ph>{NEW_TEXT_ZH}</target>'),
        "inline markup <ph> is not supported",
    ),
    "an unknown code": (
        _target(STALE_TEXT, f'<target>{STALE_ZH_HEAD}<x id="9"/></target>'),
        "inline code <x id='9'/> is not in the English",
    ),
    "another language": (
        lambda t: t.replace('target-language="zh-CN"', 'target-language="fr"', 1),
        "not Chinese",
    ),
    "not well-formed": (lambda t: t.replace("</xliff>", ""), "not well-formed XML"),
}


@pytest.mark.parametrize("case", list(HOSTILE_XLIFF))
def test_hostile_xliff_is_refused_with_nothing_written(case: str, drafted: Path, tmp_path: Path) -> None:
    edit, expected = HOSTILE_XLIFF[case]
    out = _xliff_with(drafted, tmp_path, edit)
    before = snapshot(drafted)
    with pytest.raises(ImportRefused) as refused:
        import_file(out, drafted, 2024)
    assert any(expected in p for p in refused.value.problems), refused.value.problems
    assert snapshot(drafted) == before


def test_hostile_word_packages_are_refused(
    drafted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pieces.docx"
    export(drafted, 2024, "docx", out)
    fill_docx(out)
    before = snapshot(drafted)
    monkeypatch.setattr(word, "MAX_UNPACKED", 1000)
    with pytest.raises(ImportRefused, match="1 problem") as refused:
        import_file(out, drafted, 2024)
    assert "too large when unpacked" in refused.value.problems[0]
    monkeypatch.undo()
    broken = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", BOMB + "<w:document/>")
    broken.write_bytes(buffer.getvalue())
    with pytest.raises(ImportRefused) as refused:
        import_file(broken, drafted, 2024)
    assert "DTD or entity" in refused.value.problems[0]
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\x01binary")
    with pytest.raises(ImportRefused, match="1 problem"):
        import_file(garbage, drafted, 2024)
    assert snapshot(drafted) == before


# -- editing YAML in place ------------------------------------------------------------------------


def test_every_2024_file_round_trips_byte_for_byte(tree_2024: Path) -> None:
    for path in sorted((tree_2024 / "2024").glob("*.yaml")):
        if path.name == "report.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        assert edit_text(text, path.name, {}) == text, path.name


def test_a_new_chinese_key_goes_after_the_english_above_a_comment() -> None:
    text = (
        "contributions:\n"
        "  - id: a-1\n"
        "    text:\n"
        "      en: >-\n"
        "        First.  # kept\n"
        "  # About the next one\n"
        "  - id: a-2\n"
        "    text: {en: 'Second: this', zh: ''}\n"
    )
    out = edit_text(
        text,
        "t.yaml",
        {("contributions", 0, "text", "zh"): "第一。", ("contributions", 1, "text", "zh"): "第二：这个"},
    )
    assert out == (
        "contributions:\n"
        "  - id: a-1\n"
        "    text:\n"
        "      en: >-\n"
        "        First.  # kept\n"
        "      zh: >-\n"
        "        第一。\n"
        "  # About the next one\n"
        "  - id: a-2\n"
        "    text: {en: 'Second: this', zh: '第二：这个'}\n"
    )


def test_a_file_whose_layout_cannot_be_kept_is_not_edited() -> None:
    with pytest.raises(EditError, match="cannot be kept"):
        edit_text('text:\n  en: "a\\u0041"\n', "t.yaml", {("text", "zh"): "甲"})


# -- the command line -----------------------------------------------------------------------------


def test_the_translate_commands(drafted: Path, tmp_path: Path) -> None:
    common = ["--year", "2024", "--submissions", str(drafted)]
    out = tmp_path / "pieces.po"
    result = runner.invoke(app, ["translate", "export", *common, "--format", "po", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 3 units (2 untranslated, 1 stale, 0 translated)" in result.output
    fill_po(out)
    result = runner.invoke(app, ["translate", "status", *common, "--format", "json"])
    assert '"untranslated": 1' in result.output
    result = runner.invoke(app, ["translate", "import", str(out), *common])
    assert result.exit_code == 0, result.output
    assert "po: 3 units read; 3 written, 0 confirmed, 0 unchanged, 0 empty, 0 left out" in result.output
    assert "changed submissions/2024/itu.yaml" in result.output
    result = runner.invoke(app, ["translate", "status", *common])
    assert result.exit_code == 0 and "total" in result.output
    result = runner.invoke(app, ["translate", "export", *common, "--format", "po", "-o", str(out)])
    assert "nothing to translate" in result.output
    result = runner.invoke(
        app, ["translate", "export", *common, "--lang", "en", "--format", "po", "-o", str(out)]
    )
    assert result.exit_code == 2
