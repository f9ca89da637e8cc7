"""English first, Chinese by translation: the record, the states, and the exchange with translators.

``record`` keeps, per contribution id and note key, the English each Chinese was made from;
``units`` decides every piece's state from it; ``exchange`` exports the pieces to XLIFF, PO or
Word and imports the translators' Chinese back into the submission files (``yamledit``).
The workflow and the formats: docs/translation.md.
"""

# The language made by translation: its texts may be missing while the English is drafted.
TRANSLATION_LANGUAGE = "zh"
SOURCE_LANGUAGE = "en"
