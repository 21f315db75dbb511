"""Internationalisation: which languages exist (``languages``: one per translation file),
translator loading (``translators``), the pseudo-locale (``pseudo``), Babel formatting
(``formatting``, no Qt), fonts per script (``fonts``) and the names of occasions, gifts
and template registers per language (``data_names``).

The UI language is Qt's default locale, set by ``translators.install``;
``translators.ui_language()`` reads it back for code that formats text.
"""
