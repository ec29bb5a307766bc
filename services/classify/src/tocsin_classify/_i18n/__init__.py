"""Classification of articles in other languages than English (Spanish, French, Russian).

:class:`LanguageEngine` reads one language with its word lists in ``data/<code>.yaml``; the main
:class:`~tocsin_classify.Classifier` picks it from the article's language.
"""

from tocsin_classify._i18n.engine import LanguageEngine
from tocsin_classify._i18n.lexicon import LANGUAGES

__all__ = ["LANGUAGES", "LanguageEngine"]
