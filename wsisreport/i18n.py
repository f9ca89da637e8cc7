"""The locale layer: gettext catalogs for report strings and console messages, and dates by Babel.

Two domains, as Sphinx keeps them: ``report`` strings follow the language of the report being
rendered; ``console`` strings follow the user's locale.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import os

from .paths import LOCALE_DIR

REPORT_DOMAIN = "report"
CONSOLE_DOMAIN = "console"

# Babel locale used for each report language.
BABEL_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
# UN style: "22 January 2025" in English; Chinese uses CLDR's long date "2025年1月22日".
DATE_FORMATS = {"en": "d MMMM y", "zh": "long"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


@functools.cache
def report_translations(lang: str) -> gettext.NullTranslations:
    """The catalog for report strings in ``lang`` (English is the source language)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(REPORT_DOMAIN, LOCALE_DIR, languages=[lang])


@functools.cache
def console_translations() -> gettext.NullTranslations:
    """Console messages in the user's language, falling back to English."""
    languages = [os.environ.get(v, "").split(".")[0] for v in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    wanted = [lang.split("_")[0] for lang in languages if lang]
    return gettext.translation(CONSOLE_DOMAIN, LOCALE_DIR, languages=wanted or ["en"], fallback=True)


def format_report_date(date: datetime.date, lang: str) -> str:
    """A date as the report prints it in ``lang``."""
    from babel.dates import format_date  # imported here: only renderers need Babel

    return format_date(date, DATE_FORMATS[lang], locale=BABEL_LOCALES[lang])


def job_date(date: datetime.date) -> str:
    """The date in the page-1 foot next to the job number, as DDMMYY (e.g. 220125)."""
    return date.strftime("%d%m%y")
