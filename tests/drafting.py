"""The drafting scenario the translation tests share: a copy of the 2024 submissions with some
Chinese removed and one English sentence edited, as a reporting cycle leaves them."""

from __future__ import annotations

from pathlib import Path

# The three pieces the scenario makes not final: one text without its Chinese (the key is gone),
# one note with an empty Chinese, and one text whose English changed after its Chinese was made.
UNTRANSLATED_TEXT = "wfp-d107a9"
UNTRANSLATED_NOTE = "itu-b866ef:wsis-forum-2024-outcomes"
STALE_TEXT = "itu-0f05a2"
WFP_CHINESE = (
    "      zh: >-\n"
    "        世界粮食计划署是应急电信群组的牵头机构，该群组协调对人道主义干预措施的数字支持，"
    "在2024年为非洲、亚洲、欧洲和西亚的危机提供了援助，并与非洲各国政府合作，"
    "通过基础设施、能力建设和利益攸关方协调加强危机防范。\n"
)
ITU_NOTE_CHINESE = (
    '        zh: "见2024年盘点报告、成功案例和特别报告(大韩民国)，'
    '网址为https://www.itu.int/net4/wsis/forum/2024/Home/Outcomes。"\n'
)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old[:40]!r} is not there once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def draft(submissions: Path) -> None:
    """Remove a text's and a note's Chinese, and edit one English sentence, in ``submissions``."""
    year = submissions / "2024"
    _replace(year / "wfp.yaml", WFP_CHINESE, "")
    _replace(year / "itu.yaml", ITU_NOTE_CHINESE, '        zh: ""\n')
    _replace(year / "itu.yaml", "ITU estimates that 67 per cent", "ITU estimates that 68 per cent")


def snapshot(submissions: Path) -> dict[str, bytes]:
    """Every file of the tree by relative path, to show what an operation changed."""
    return {
        str(p.relative_to(submissions)): p.read_bytes() for p in sorted(submissions.rglob("*")) if p.is_file()
    }
