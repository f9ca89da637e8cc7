"""The locale layer: catalogs complete, compiled and in step with the sources; dates by Babel."""

from __future__ import annotations

import datetime
import io

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from wsisreport.i18n import LOCALE_DIR, format_report_date, job_date, report_translations

from .conftest import REPO

LANGS = ["zh"]
DOMAINS = ["report", "console"]


def source_messages(domain: str) -> set[str]:
    """Message ids as extraction finds them in the sources right now."""
    if domain == "report":
        method_map = [("wsisreport/**.py", "python"), ("templates/**.html", "jinja2")]
        found = extract_from_dir(
            REPO,
            method_map,
            options_map={"templates/**.html": {"silent": "false"}},
            keywords={"N_": None, "_": None, "gettext": None},
        )
        return {m[2] if isinstance(m[2], str) else m[2][0] for m in found if "/.venv/" not in m[0]}
    found_cli = extract_from_file(
        "python", REPO / "wsisreport" / "cli.py", keywords={"_t": None, "_tn": (1, 2)}
    )
    return {m[1] if isinstance(m[1], str) else m[1][0] for m in found_cli}


def catalog(domain: str, lang: str):  # type: ignore[no-untyped-def]
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_a_translation(domain: str, lang: str) -> None:
    cat = catalog(domain, lang)
    wanted = source_messages(domain)
    assert wanted, "extraction found nothing: the extraction settings are wrong"
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in cat if m.id}
    missing = sorted(wanted - set(have))
    assert not missing, f"not in locale/{lang}/{domain}.po (run `make i18n`): {missing}"
    untranslated = sorted(
        k for k in wanted if not (have[k].string if isinstance(have[k].string, str) else all(have[k].string))
    )
    assert not untranslated, f"no {lang} translation: {untranslated}"
    assert not [k for k in wanted if have[k].fuzzy], "fuzzy translations"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalog_is_up_to_date(domain: str, lang: str) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, catalog(domain, lang))
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    assert mo.read_bytes() == buffer.getvalue(), f"{mo} is stale: run `make i18n`"


def test_report_strings_by_language() -> None:
    zh = report_translations("zh")
    assert zh.gettext("Summary") == "概要"
    assert zh.gettext("(E)") == "(C)"
    assert report_translations("en").gettext("Summary") == "Summary"


def test_dates() -> None:
    day = datetime.date(2025, 1, 22)
    assert format_report_date(day, "en") == "22 January 2025"
    assert format_report_date(day, "zh") == "2025年1月22日"
    assert job_date(day) == "220125"
