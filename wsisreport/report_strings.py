"""Every fixed string a rendered report prints, marked for the ``report`` gettext domain."""

from __future__ import annotations

from .i18n import N_

UNITED_NATIONS = N_("United Nations")
DISTR_GENERAL = N_("Distr.: General")
# "Original: …" names the language of the original, whatever the language of the version.
ORIGINAL = {"en": N_("Original: English"), "zh": N_("Original: Chinese")}
# The language line a translation prints above "Original: …" (empty in the original language).
LANGUAGE_NAME = N_("English")
SUMMARY = N_("Summary")
# Language letter after the job number on page 1: (E) for English, (C) for Chinese.
LANGUAGE_LETTER = N_("(E)")
PLEASE_RECYCLE = N_("Please recycle")
# The running head of a version that still has untranslated or stale text (a build with --draft).
DRAFT = N_("DRAFT")
