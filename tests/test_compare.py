"""`wsisreport compare`: two versions of the 2024 submissions, the newer in UN format with tracked changes.

The versions: a throwaway git repository holding the 2024 submissions, and its work tree with a
paragraph edited, one removed, one added (with a note), one moved to another section (with its
note) and a note changed. Independent clients check the result: LibreOffice accepts every change
and the text is the newer version's, rejects every change and it is the older's; pandoc agrees.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from wsisreport import versions
from wsisreport.circulate import CompareResult, compare_versions
from wsisreport.cli import app
from wsisreport.compare import NoteCall
from wsisreport.document import Document, Text
from wsisreport.models import LANGUAGES
from wsisreport.render.docx import render

from .clients import (
    ACCEPT_ALL,
    LIBREOFFICE,
    PANDOC,
    REJECT_ALL,
    W,
    libreoffice_resolve,
    pandoc_text,
    reader_text,
    revision_markup,
)
from .conftest import SUBMISSIONS

runner = CliRunner()
EPOCH = "1717243200"  # 2024-06-01T12:00:00Z
EDITED = "secretariat-cac32f"
REMOVED = "coe-4d89db"
ADDED = "wipo-0a1b2c"
MOVED = "secretariat-dac041"
NOTE_CHANGED = ("secretariat-8a6338", "itu-statistics")
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_AUTHOR_DATE": "2024-05-01T09:00:00Z",
    "GIT_COMMITTER_DATE": "2024-05-01T09:00:00Z",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True, text=True)
    return result.stdout


def edit_2024(submissions: Path) -> None:
    """The second version: an edit, a removal, an addition, a move and a changed note."""
    folder = submissions / "2024"

    def change(name: str, how: Any) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        how(data["contributions"])
        path.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )

    def secretariat(contributions: list[dict[str, Any]]) -> None:
        by_id = {c["id"]: c for c in contributions}
        text = by_id[EDITED]["text"]
        text["en"] = text["en"].replace("remain acute", "remain serious")
        text["zh"] = text["zh"].replace("依然严峻", "依然十分严峻")
        by_id[NOTE_CHANGED[0]]["footnotes"][NOTE_CHANGED[1]] = "https://www.itu.int/itu-d/sites/statistics/."
        by_id[MOVED]["section"] = "financing"  # from "measuring-ict", two sections later

    def coe(contributions: list[dict[str, Any]]) -> None:
        contributions[:] = [c for c in contributions if c["id"] != REMOVED]

    def wipo(contributions: list[dict[str, Any]]) -> None:
        contributions.append(
            {
                "id": ADDED,
                "section": "c3-access",
                "order": 99,
                "text": {
                    "en": "WIPO opened a *digital* library of patents.[^library]",
                    "zh": "知识产权组织开设了一个数字专利图书馆。[^library]",
                },
                "footnotes": {"library": "https://www.wipo.int/library/."},
            }
        )

    change("secretariat.yaml", secretariat)
    change("coe.yaml", coe)
    change("wipo.yaml", wipo)


def make_repo(root: Path) -> Path:
    """A repository holding the 2024 submissions at its first commit; returns its submissions folder."""
    shutil.copytree(SUBMISSIONS, root / "submissions")
    (root / "README").write_text("The report's submissions.\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "2024 as issued")
    return root / "submissions"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository, its work tree holding the second version; returns the submissions folder."""
    submissions = make_repo(tmp_path_factory.mktemp("repo"))
    edit_2024(submissions)
    return submissions


@pytest.fixture(scope="module")
def compared(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    out = tmp_path_factory.mktemp("out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return compare_versions(repo, 2024, "HEAD", out=out, author="Chief Editor")


@pytest.fixture(scope="module")
def files(compared: CompareResult) -> dict[str, bytes]:
    return {item.lang: item.path.read_bytes() for item in compared.written}


@pytest.fixture(scope="module")
def plain(compared: CompareResult) -> dict[tuple[str, str], bytes]:
    """Each version rendered by the ordinary DOCX renderer: what accepting and rejecting must give."""
    return {
        (lang, side): render(document, lang).data
        for lang in LANGUAGES
        for side, document in (("new", compared.new.document), ("old", compared.old.document))
    }


def parts(data: bytes) -> dict[str, etree._Element]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {n: etree.fromstring(package.read(n)) for n in package.namelist() if n.endswith(".xml")}


def paragraph_of(root: etree._Element, words: str) -> etree._Element:
    """The body paragraph whose text (inserted, deleted or kept) contains ``words``."""
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText"))
        if words in text:
            return p
    raise AssertionError(f"no paragraph with {words!r}")


def texts(element: etree._Element, wrapper: str) -> list[str]:
    tag = "delText" if wrapper == "del" else "t"
    return ["".join(t.text or "" for t in w.iter(f"{W}{tag}")) for w in element.iter(f"{W}{wrapper}")]


def renumbered(old: Document, new: Document) -> int:
    """Paragraphs in both versions (by their first fragment's id) whose number changed."""
    before = {p.sources[0].fragment: p.number for p in old.paragraphs}
    return sum(
        1
        for p in new.paragraphs
        if p.sources[0].fragment in before and before[p.sources[0].fragment] != p.number
    )


# -- the summary ------------------------------------------------------------------------------


def test_summary_counts_each_kind_of_change(compared: CompareResult) -> None:
    moves = renumbered(compared.old.document, compared.new.document)
    assert moves > 1
    for lang in LANGUAGES:
        summary = compared.comparison.summaries[lang].as_dict()
        assert summary["paragraphs"] == {
            "added": 1,
            "removed": 1,
            "changed": 1,
            "moved": 1,
            "renumbered": moves,
        }, lang
        assert summary["notes"] == {"added": 1, "removed": 1, "changed": 1}, lang
        assert summary["headings"] == {"added": 0, "removed": 0, "changed": 0, "moved": 0, "renumbered": 0}


def test_console_summary_and_json(repo: Path, tmp_path: Path, compared: CompareResult) -> None:
    args = ["compare", "--year", "2024", "--from", "HEAD", "--submissions", str(repo), "--out", str(tmp_path)]
    result = runner.invoke(app, args, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(
        r"compared 2024: HEAD \([0-9a-f]{7}\) → the current files \(.*submissions\)", lines[0]
    )
    moves = compared.comparison.summaries["en"].paragraphs.renumbered
    for lang in LANGUAGES:
        assert (
            f"{lang}: paragraphs 1 added, 1 removed, 1 changed, 1 moved, {moves} renumbered;"
            " notes 1 added, 1 removed, 1 changed"
        ) in lines
        assert f"wrote {tmp_path / '2024' / f'A-80-62-E-2025-12.{lang}.compare.docx'}" in lines
    result = runner.invoke(app, [*args, "--format", "json", "--lang", "zh"], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["from"]["label"].startswith("HEAD (") and len(data["from"]["commit"]) == 40
    assert data["to"]["commit"] is None and data["author"] == "wsisreport"
    assert data["date"] == "2024-06-01T12:00:00Z"
    assert list(data["languages"]) == ["zh"]
    assert data["languages"]["zh"]["paragraphs"]["moved"] == 1
    assert data["languages"]["zh"]["file"].endswith("A-80-62-E-2025-12.zh.compare.docx")
    status = {b["identity"]: b for b in data["blocks"] if b["status"] != "kept"}
    assert status[f"fragment:{ADDED}"]["status"] == "added" and status[f"fragment:{ADDED}"]["old"] is None
    assert status[f"fragment:{REMOVED}"]["status"] == "removed"
    moved = status[f"fragment:{MOVED}"]
    assert moved["status"] == "moved" and moved["section"] == "financing" and moved["new"] < moved["old"]
    edited = next(b for b in data["blocks"] if b["identity"] == f"fragment:{EDITED}")
    assert edited["status"] == "kept" and edited["changed"] == {"zh": True}
    notes = {(n["fragment"], n["key"]): n["status"] for n in data["notes"]}
    removed = [key for key, status in notes.items() if status == "removed"]
    assert notes[(ADDED, "library")] == "added" and notes[NOTE_CHANGED] == "changed"
    assert len(notes) == 3 and [fragment for fragment, _key in removed] == [REMOVED]


# -- the markup -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_words_in_english_characters_in_chinese(files: dict[str, bytes], lang: str) -> None:
    body = parts(files[lang])["word/document.xml"]
    words = "by the World Summit on the Information Society remain" if lang == "en" else "依然十分严峻"
    p = paragraph_of(body, words)
    deleted, inserted = texts(p, "del"), texts(p, "ins")
    number = [t for t in deleted + inserted if re.fullmatch(r"\d+\.", t)]
    assert number == []  # the edited paragraph kept its number
    if lang == "en":
        assert (deleted, inserted) == (["acute"], ["serious"])
    else:
        assert (deleted, inserted) == ([], ["十分"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_revisions_are_well_formed(files: dict[str, bytes], lang: str) -> None:
    xml = parts(files[lang])
    revision_tags = {f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo")}
    range_tags = {f"{W}{t}{e}" for t in ("moveFrom", "moveTo") for e in ("RangeStart", "RangeEnd")}
    revision_ids: Counter[str] = Counter()
    ranges: dict[str, list[str]] = {}
    other_ids: set[str] = set()
    for name, root in xml.items():
        for node in root.iter():
            if node.tag in revision_tags:
                assert (
                    node.get(f"{W}author") == "Chief Editor"
                    and node.get(f"{W}date") == "2024-06-01T12:00:00Z"
                )
                revision_ids[node.get(f"{W}id")] += 1
            elif node.tag in range_tags:
                ranges.setdefault(node.get(f"{W}id"), []).append(etree.QName(node).localname)
            else:
                other_ids |= {v for k, v in node.attrib.items() if etree.QName(k).localname == "id"}
            if node.tag == f"{W}del":
                assert not list(node.iter(f"{W}t")), f"w:t inside w:del in {name}"
            if node.tag == f"{W}delText":
                assert any(a.tag == f"{W}del" for a in node.iterancestors()), (
                    f"w:delText outside w:del in {name}"
                )
    assert revision_ids and max(revision_ids.values()) == 1, "revision ids repeat"
    # A move range's start and end share one id; nothing else does.
    assert sorted(map(sorted, ranges.values())) == [
        ["moveFromRangeEnd", "moveFromRangeStart"],
        ["moveToRangeEnd", "moveToRangeStart"],
    ]
    every = set(revision_ids) | set(ranges)
    assert len(every) == len(revision_ids) + len(ranges)
    assert not every & other_ids, "revision ids collide with note, bookmark or drawing ids"
    assert min(int(i) for i in every) > max(int(i) for i in other_ids if i.lstrip("-").isdigit())
    assert xml["word/settings.xml"].find(f"{W}trackRevisions") is not None


def paragraph_mark(p: etree._Element) -> str | None:
    rpr = p.find(f"{W}pPr/{W}rPr")
    if rpr is None:
        return None
    marks = [
        etree.QName(c).localname
        for c in rpr
        if etree.QName(c).localname in ("ins", "del", "moveFrom", "moveTo")
    ]
    return marks[0] if marks else None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_whole_paragraphs_mark_their_paragraph_marks(
    files: dict[str, bytes], compared: CompareResult, lang: str
) -> None:
    body = parts(files[lang])["word/document.xml"].find(f"{W}body")
    marked = [(paragraph_mark(p), p) for p in body.findall(f"{W}p") if paragraph_mark(p)]
    # In reading order: the paragraph added (C3), the one removed (C5), the moved one at its new
    # place (financing) and at its old one (measuring ICT, two sections later).
    assert [m for m, _p in marked] == ["ins", "del", "moveTo", "moveFrom"]
    added, removed, moved_to, moved_from = (p for _m, p in marked)
    old = {p.sources[0].fragment: p for p in compared.old.document.paragraphs}
    new = {p.sources[0].fragment: p for p in compared.new.document.paragraphs}
    assert "".join(texts(removed, "del")) == f"{old[REMOVED].number}." + old[REMOVED].plain(lang)
    assert "".join(texts(added, "ins")) == f"{new[ADDED].number}." + new[ADDED].plain(lang)
    # A move is a move: its text is not deleted and inserted, and both places share one name.
    for p in (moved_to, moved_from):
        assert not texts(p, "ins") and not texts(p, "del")
    assert "".join(texts(moved_from, "moveFrom")) == f"{old[MOVED].number}." + old[MOVED].plain(lang)
    assert "".join(texts(moved_to, "moveTo")) == f"{new[MOVED].number}." + new[MOVED].plain(lang)
    names = [
        p.find(f"{W}{k}RangeStart").get(f"{W}name")
        for k, p in (("moveFrom", moved_from), ("moveTo", moved_to))
    ]
    assert names[0] == names[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_renumbering_is_a_tracked_change_of_the_number(
    files: dict[str, bytes], compared: CompareResult, lang: str
) -> None:
    body = parts(files[lang])["word/document.xml"]
    old = {p.sources[0].fragment: p.number for p in compared.old.document.paragraphs}
    shifted = [
        p
        for p in compared.new.document.paragraphs
        if p.sources[0].fragment in old and old[p.sources[0].fragment] != p.number
    ]
    shifted = [p for p in shifted if p.sources[0].fragment != MOVED]
    assert shifted
    for para in shifted:
        p = paragraph_of(body, para.plain(lang)[:40])
        assert (
            texts(p, "del")[0] == f"{old[para.sources[0].fragment]}."
            and texts(p, "ins")[0] == f"{para.number}."
        )


def wrapper(node: etree._Element) -> str | None:
    """The revision an element is part of, if any."""
    for a in node.iterancestors():
        if etree.QName(a).localname in ("ins", "del", "moveFrom", "moveTo"):
            return etree.QName(a).localname
    return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notes_are_tracked_in_the_body_and_the_notes_part(
    files: dict[str, bytes], compared: CompareResult, lang: str
) -> None:
    xml = parts(files[lang])
    body, notes = xml["word/document.xml"], xml["word/footnotes.xml"]
    by_id = {n.get(f"{W}id"): n for n in notes.findall(f"{W}footnote")}
    calls = [r for r in body.iter(f"{W}footnoteReference") if not r.get(f"{W}customMarkFollows")]
    # Every call has its own note, in call order (LibreOffice pairs calls and notes by order).
    ids = [int(r.get(f"{W}id")) for r in calls]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    listed = [int(n.get(f"{W}id")) for n in notes.findall(f"{W}footnote") if int(n.get(f"{W}id")) in ids]
    assert listed == ids

    def note(call: etree._Element) -> etree._Element:
        return by_id[call.get(f"{W}id")]

    def shown(call: etree._Element) -> tuple[str | None, str, str]:
        """How a call is tracked, and its note's inserted and deleted text."""
        n = note(call)
        return wrapper(call), "".join(texts(n, "ins")).strip(), "".join(texts(n, "del")).strip()

    new_notes = {(n.source.fragment, n.key): n for n in compared.new.document.notes}
    old_notes = {(n.source.fragment, n.key): n for n in compared.old.document.notes}
    tracked = [shown(c) for c in calls if wrapper(c)]
    # The note added with its paragraph: its call and its text inserted.
    added = new_notes[(ADDED, "library")].plain(lang)
    assert ("ins", added, "") in tracked
    # The edited note: the old note's call deleted and the new one's inserted, side by side.
    edited_old, edited_new = old_notes[NOTE_CHANGED].plain(lang), new_notes[NOTE_CHANGED].plain(lang)
    at = tracked.index(("ins", edited_new, ""))
    assert tracked[at - 1] == ("del", "", edited_old)
    # The removed paragraph's note goes with it; the moved paragraph's is removed from the old
    # place and inserted at the new one.
    for key in (k for k in old_notes if k[0] == REMOVED):
        assert ("del", "", old_notes[key].plain(lang)) in tracked
    for key in (k for k in new_notes if k[0] == MOVED):
        assert ("moveFrom", "", old_notes[key].plain(lang)) in tracked
        assert ("moveTo", new_notes[key].plain(lang), "") in tracked
    # Every other note is as it was: untracked in the body and in the notes part.
    untracked = [c for c in calls if not wrapper(c)]
    assert len(untracked) == len(calls) - len(tracked)
    assert all(not texts(note(c), "ins") and not texts(note(c), "del") for c in untracked)


# -- independent clients ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice(
    files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], bytes]:
    """Every change accepted, and every change rejected, by LibreOffice: one run for all four files."""
    if LIBREOFFICE is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    work = tmp_path_factory.mktemp("libreoffice")
    jobs = []
    for lang, data in files.items():
        source = work / f"{lang}.docx"
        source.write_bytes(data)
        for mode, command in (("accept", ACCEPT_ALL), ("reject", REJECT_ALL)):
            jobs.append((source, work / f"{lang}.{mode}.docx", command))
    libreoffice_resolve(jobs, work)
    return {(t.name.split(".")[0], t.name.split(".")[1]): t.read_bytes() for _s, t, _c in jobs}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_libreoffice_accepts_the_new_text_and_rejects_to_the_old(
    libreoffice: dict[tuple[str, str], bytes], plain: dict[tuple[str, str], bytes], lang: str
) -> None:
    for mode, side in (("accept", "new"), ("reject", "old")):
        resolved = libreoffice[(lang, mode)]
        assert revision_markup(resolved) == 0, f"{mode}: changes left"
        got_paragraphs, got_notes = reader_text(resolved)
        want_paragraphs, want_notes = reader_text(plain[(lang, side)])
        assert got_paragraphs == want_paragraphs, f"{mode} all ({lang}) is not the {side} text"
        assert got_notes == want_notes, f"{mode} all ({lang}): notes differ from the {side} version's"


@pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (make test installs it)")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pandoc_agrees(
    files: dict[str, bytes], plain: dict[tuple[str, str], bytes], lang: str, tmp_path: Path
) -> None:
    redline = tmp_path / "redline.docx"
    redline.write_bytes(files[lang])
    for mode, side in (("accept", "new"), ("reject", "old")):
        version = tmp_path / f"{side}.docx"
        version.write_bytes(plain[(lang, side)])
        assert pandoc_text(redline, mode) == pandoc_text(version, "accept"), f"pandoc --track-changes={mode}"


# -- versions ---------------------------------------------------------------------------------


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def test_two_revisions_leave_the_work_tree_untouched(tmp_path: Path, compared: CompareResult) -> None:
    submissions = make_repo(tmp_path / "repo")
    repo = submissions.parent
    edit_2024(submissions)
    git(repo, "commit", "-q", "-am", "second draft")
    # Work in progress that neither revision holds.
    (submissions / "2024" / "wfp.yaml").write_text(
        "entity: wfp\nyear: 2024\ncontributions: []\n", encoding="utf-8"
    )
    before, status = tree_hashes(repo), git(repo, "status", "--porcelain")
    head = git(repo, "rev-parse", "HEAD")
    args = [
        "--from",
        "HEAD~1",
        "--to",
        "HEAD",
        "--submissions",
        str(submissions),
        "--out",
        str(tmp_path / "out"),
    ]
    result = runner.invoke(
        app, ["compare", "--year", "2024", *args, "--format", "json"], env={"SOURCE_DATE_EPOCH": ""}
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (
        data["languages"]["en"]["paragraphs"] == compared.comparison.summaries["en"].as_dict()["paragraphs"]
    )
    # Without SOURCE_DATE_EPOCH the changes are dated by the newer commit.
    assert data["date"] == "2024-05-01T09:00:00Z" and data["to"]["commit"] == head.strip()
    assert tree_hashes(repo) == before and git(repo, "status", "--porcelain") == status
    assert git(repo, "rev-parse", "HEAD") == head
    assert not (repo / "out").exists()


def test_folders_as_versions(repo: Path, tmp_path: Path, compared: CompareResult) -> None:
    old = tmp_path / "old"
    shutil.copytree(SUBMISSIONS, old / "submissions")  # a folder holding a submissions tree
    new = tmp_path / "new"
    shutil.copytree(repo, new)  # the submissions tree itself
    result = compare_versions(repo, 2024, str(old), str(new), out=tmp_path / "out", langs=["en"])
    assert result.comparison.summaries["en"] == compared.comparison.summaries["en"]
    assert [w.lang for w in result.written] == ["en"]
    assert result.old.version.label == str(old) and result.new.version.label == str(new)


def test_the_same_inputs_give_the_same_bytes(repo: Path, tmp_path: Path, files: dict[str, bytes]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        again = compare_versions(repo, 2024, "HEAD", out=tmp_path, author="Chief Editor")
    assert {w.lang: w.path.read_bytes() for w in again.written} == files


def test_unchanged_versions_have_no_revisions(repo: Path, tmp_path: Path) -> None:
    result = compare_versions(repo, 2024, "HEAD", "HEAD", out=tmp_path, langs=["en"])
    assert result.comparison.summaries["en"].as_dict()["paragraphs"] == dict.fromkeys(
        ("added", "removed", "changed", "moved", "renumbered"), 0
    )
    assert revision_markup(result.written[0].path.read_bytes()) == 0


def test_versions_that_cannot_be_compared(repo: Path, tmp_path: Path) -> None:
    base = ["compare", "--year", "2024", "--submissions", str(repo), "--out", str(tmp_path)]
    for spec, message in [
        ("no-such-revision", "is neither a folder nor a revision of the repository"),
        ("--all", "is neither a folder nor a git revision"),
        (str(tmp_path), "holds no submissions tree"),
    ]:
        result = runner.invoke(app, [*base, "--from", spec])
        assert result.exit_code == 2 and message in result.stderr, (spec, result.output)
    result = runner.invoke(app, [*base, "--from", "HEAD", "--lang", "fr"])
    assert result.exit_code == 2 and "unknown language 'fr'" in result.stderr
    broken = tmp_path / "broken"
    shutil.copytree(repo, broken)
    path = broken / "2024" / "itu.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("section: connectivity", "section: conectivity", 1)
    )
    result = runner.invoke(app, [*base, "--from", "HEAD", "--to", str(broken)])
    assert result.exit_code == 1
    assert (
        "unknown section 'conectivity'" in result.stderr
        and "has errors: it cannot be compared" in result.stderr
    )
    assert not list(tmp_path.glob("2024/*.docx"))


def test_only_regular_files_inside_the_folder_are_taken_from_an_archive(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:

        def add(name: str, data: bytes = b"", **kind: Any) -> None:
            member = tarfile.TarInfo(name)
            for key, value in kind.items():
                setattr(member, key, value)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))

        add("submissions/2024/a.yaml", b"a: 1\n")
        add("submissions/empty", type=tarfile.DIRTYPE)
        add("/etc/absolute", b"no")
        add("submissions/../../climbs", b"no")
        add("submissions/link", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        add("submissions/hard", type=tarfile.LNKTYPE, linkname="submissions/2024/a.yaml")
        add("submissions/device", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
    folder = tmp_path / "version"
    folder.mkdir()
    versions.extract_files(buffer.getvalue(), folder)
    taken = sorted(str(p.relative_to(folder)) for p in tmp_path.rglob("*") if p != folder)
    assert taken == ["submissions", "submissions/2024", "submissions/2024/a.yaml"]
    assert (folder / "submissions/2024/a.yaml").read_bytes() == b"a: 1\n"


def test_drafts_with_facts_to_fill_in_compare(tree_2024: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["new-year", "2025", "--submissions", str(tree_2024)]).exit_code == 0
    first = tmp_path / "first"
    shutil.copytree(tree_2024, first)
    text = (tree_2024 / "2024" / "itu.yaml").read_text(encoding="utf-8")
    (tree_2024 / "2025" / "itu.yaml").write_text(text.replace("year: 2024", "year: 2025"), encoding="utf-8")
    result = compare_versions(tree_2024, 2025, str(first), out=tmp_path / "out")
    assert [w.path.name for w in result.written] == [
        "draft-2025.en.compare.docx",
        "draft-2025.zh.compare.docx",
    ]
    summary = result.comparison.summaries["en"]
    itu = len([p for p in result.new.document.paragraphs if any(s.entity == "itu" for s in p.sources)])
    assert summary.paragraphs.added == itu > 0 and summary.paragraphs.removed == 0
    paragraphs, _notes = reader_text(result.written[0].path.read_bytes())
    document = parts(result.written[0].path.read_bytes())["word/document.xml"]
    masthead = "".join(t.text or "" for t in document.iter(f"{W}t"))
    assert "[to be filled]" in masthead and paragraphs
    zh = parts(result.written[1].path.read_bytes())["word/document.xml"]
    assert "[待填写]" in "".join(t.text or "" for t in zh.iter(f"{W}t"))


# -- pairing, on the small fixture ------------------------------------------------------------


def fixture_versions(base_tree: Path, tmp_path: Path, edit: Any) -> CompareResult:
    """Compare the fixture with a copy of it edited by ``edit(submissions_folder)``, in English."""
    newer = tmp_path / "newer"
    shutil.copytree(base_tree, newer)
    edit(newer / "2024")
    return compare_versions(base_tree, 2024, str(base_tree), str(newer), out=tmp_path / "out", langs=["en"])


def rewrite(path: Path, how: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    how(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def statuses(result: CompareResult) -> list[tuple[str, str | None]]:
    return [(c.status, ":".join(c.identity) if c.identity else None) for c in result.comparison.changes]


def test_reordering_a_section_is_a_move(base_tree: Path, tmp_path: Path) -> None:
    def swap(folder: Path) -> None:  # beta's paragraph (order 20) before alpha's (order 10)
        rewrite(folder / "beta.yaml", lambda d: d["contributions"][1].update(order=5))

    result = fixture_versions(base_tree, tmp_path, swap)
    summary = result.comparison.summaries["en"].as_dict()
    assert summary["paragraphs"] == {"added": 0, "removed": 0, "changed": 0, "moved": 1, "renumbered": 2}
    moved = [identity for status, identity in statuses(result) if status == "moved"]
    assert len(moved) == 1 and moved[0] in ("fragment:beta-e7801f", "fragment:alpha-eb9bd8")
    kinds = [b.status for b in result.comparison.redlines["en"].blocks]
    assert kinds.count("moved-from") == kinds.count("moved-to") == 1 and "deleted" not in kinds


def test_a_merged_paragraph_is_one_paragraph_by_its_key(base_tree: Path, tmp_path: Path) -> None:
    def grow(folder: Path) -> None:  # a third fragment joins the 'joint' paragraph; beta's is reworded
        def more(d: dict[str, Any]) -> None:
            d["contributions"][0]["text"]["en"] = "The Beta Society took part and spoke."
            d["contributions"].append(
                {
                    "id": "beta-77aa00",
                    "section": "second",
                    "paragraph": "joint",
                    "order": 12,
                    "text": {"en": "It also chaired a panel.", "zh": "它还主持了一个小组讨论。"},
                }
            )

        rewrite(folder / "beta.yaml", more)

    result = fixture_versions(base_tree, tmp_path, grow)
    assert ("kept", "paragraph:joint") in statuses(result)
    summary = result.comparison.summaries["en"].as_dict()["paragraphs"]
    assert summary == {"added": 0, "removed": 0, "changed": 1, "moved": 0, "renumbered": 0}
    inserted = [
        "".join(p.value for p in s.parts if not isinstance(p, NoteCall))
        for b in result.comparison.redlines["en"].blocks
        for s in b.content
        if s.status == "inserted"
    ]
    assert inserted == [" and spoke", " It also chaired a panel."]


def test_outline_changes_are_heading_changes(base_tree: Path, tmp_path: Path) -> None:
    def outline(folder: Path) -> None:
        def edit(d: dict[str, Any]) -> None:
            trends = d["outline"][1]["sections"]
            trends[1]["heading"]["en"] = "Second and last topic"
            trends.append({"id": "third", "numbering": "letter", "heading": {"en": "Third", "zh": "第三"}})

        rewrite(folder / "report.yaml", edit)

    result = fixture_versions(base_tree, tmp_path, outline)
    headings = result.comparison.summaries["en"].as_dict()["headings"]
    assert headings == {"added": 1, "removed": 0, "changed": 1, "moved": 0, "renumbered": 0}
    block = next(
        b for b in result.comparison.redlines["en"].blocks if b.kind == "heading" and b.status == "inserted"
    )
    assert block.content[0].parts == (Text("C.\tThird"),)


def test_paragraphs_without_ids_are_never_paired(base_tree: Path, tmp_path: Path) -> None:
    for name in ("alpha.yaml", "beta.yaml", "secretariat.yaml"):
        rewrite(base_tree / "2024" / name, lambda d: [c.pop("id") for c in d["contributions"]])
    result = fixture_versions(base_tree, tmp_path, lambda folder: None)
    summary = result.comparison.summaries["en"].as_dict()["paragraphs"]
    # The merged paragraph still pairs by its key; the others, having no identity, do not. Nor do
    # notes: the merged paragraph's note call changed, from the old note to the new one.
    assert summary["added"] == summary["removed"] == 4 and summary["changed"] == 1
    assert ("kept", "paragraph:joint") in statuses(result)
    notes = result.comparison.summaries["en"].as_dict()["notes"]
    assert notes == {"added": 4, "removed": 4, "changed": 0}
