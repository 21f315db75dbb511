"""Internationalisation: translator loading (``translators``), Babel formatting
(``formatting``, no Qt) and Japanese font fallbacks (``fonts``).

The UI language is Qt's default locale, set by ``translators.install``;
``translators.ui_language()`` reads it back for code that formats text.
"""

SUPPORTED = ("ja", "en")
