"""Spanish, French and Russian: country names and case forms, counts, blockers and sentence splitting."""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier, split_sentences
from tocsin_classify._i18n import LanguageEngine
from tocsin_classify._i18n.countries import LocalCountryFinder
from tocsin_classify._i18n.lexicon import load_lexicon


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


@pytest.mark.parametrize(
    ("language", "text", "codes"),
    [
        ("es", "Bielorrusia y EE. UU. hablaron en Minsk con los ucranianos.", ["BY", "US", "UA"]),
        ("es", "Sudán del Sur no es Sudán.", ["SS", "SD"]),
        ("fr", "Le Bélarus, la Biélorussie et les Ukrainiennes.", ["BY", "UA"]),
        ("ru", "Власти Белоруссии и России, граждане США и украинцы.", ["BY", "RU", "US", "UA"]),
        ("ru", "Переговоры в Беларуси с Соединенными Штатами.", ["BY", "US"]),
        ("ru", "Президент Египта прибыл в Японию.", ["EG", "JP"]),
    ],
)
def test_countries_by_name_case_form_and_demonym(language: str, text: str, codes: list[str]) -> None:
    assert LocalCountryFinder(load_lexicon(language)).codes(text) == codes


def test_names_are_matched_with_their_capital_letter() -> None:
    assert LocalCountryFinder(load_lexicon("es")).codes("la china de la cocina y chad") == ["CN"]  # a demonym


@pytest.mark.parametrize(
    ("language", "text", "count"),
    [
        ("es", "Liberaron a más de 100 presos políticos.", (100, "at_least")),
        ("fr", "Les autorités ont libéré environ 40 détenus.", (40, "about")),
        ("ru", "Власти освободили 1 200 заключенных.", (1200, "exact")),
        ("ru", "Освобождены десять граждан и один журналист.", (10, "exact")),
    ],
)
def test_counts_and_qualifiers(
    language: str, text: str, count: tuple[int, str], classifier: Classifier
) -> None:
    (release,) = classifier.classify(None, text, language)
    assert (release.people_count, release.count_qualifier) == count


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Washington amenazó el lunes con imponer sanciones a Colombia."),
        ("es", "La ONU pidió que Nicaragua libere a los presos políticos."),
        ("es", "El Gobierno levantará las sanciones el mes próximo."),
        ("fr", "Vingt détenus se sont évadés d'une prison."),
        ("fr", "La FIFA a sanctionné le club de trois matchs."),
        ("ru", "Министр освобожден от должности указом президента."),
        ("ru", "США могут снять санкции с белорусского калия."),
        # a purpose: "so that the release of Ukrainian prisoners of war happens before New Year"
        (
            "ru",
            "Он поручил разведке работать, чтобы освобождение украинских военнопленных состоялось до весны.",
        ),
    ],
)
def test_blocked_sentences_report_nothing(language: str, text: str, classifier: Classifier) -> None:
    assert classifier.classify(None, text, language) == ()


def test_evidence_offsets_point_into_the_article(classifier: Classifier) -> None:
    title = "Россия ввела санкции"
    text = "МОСКВА. Россия в пятницу ввела санкции против 20 британских чиновников. Лондон ответил."
    (event,) = classifier.classify(title, text, "ru")
    assert event.type == "sanctions_imposed"
    for span in event.evidence:
        assert (title if span.field == "title" else text)[span.start : span.end] == span.text
    assert event.countries[:2] == ("RU", "GB")
    assert event.core_countries == ("GB",)
    assert event.time_hint == "wd:4"


def test_sentences_split_before_cyrillic_and_accented_capitals_and_guillemets() -> None:
    text = "Власти освободили 52 человека. «Это важно», сказал он. Él llegó. ¿Por qué? Élisabeth vint."
    assert [s.text for s in split_sentences(text)] == [
        "Власти освободили 52 человека.",
        "«Это важно», сказал он.",
        "Él llegó.",
        "¿Por qué?",
        "Élisabeth vint.",
    ]


def test_languages_known_to_the_classifier(classifier: Classifier) -> None:
    assert classifier.languages == {"en", "es", "fr", "ru"}
    assert LanguageEngine("fr").lexicon.code == "fr"


@pytest.mark.parametrize(
    ("language", "title", "text", "sides"),
    [
        (
            "es",
            "Nicaragua excarcela a 135 presos políticos",
            (
                "Nicaragua excarceló el jueves a 135 presos políticos, que fueron trasladados a Guatemala, "
                "informó el Departamento de Estado de Estados Unidos."
            ),
            {("releaser", "NI")},
        ),
        (
            "fr",
            "L'UE lève les sanctions contre la Syrie",
            (
                "L'UE a levé lundi les sanctions économiques contre la Syrie, a annoncé la cheffe de la "
                "diplomatie européenne."
            ),
            {("sanctioner", "EU"), ("target", "SY")},
        ),
    ],
)
def test_roles_after_a_trigger_come_from_its_own_clause(
    classifier: Classifier, language: str, title: str, text: str, sides: set[tuple[str, str]]
) -> None:
    """Where the freed were sent and who reported it are not their nationality; the bloc that lifts is not
    also a target."""
    (detection,) = classifier.classify(title, text, language)
    assert {(r.role, r.country) for r in detection.roles} == sides


@pytest.mark.parametrize(
    ("language", "title", "text", "people"),
    [
        (
            "fr",
            "Un écrivain libéré après une grâce",
            (
                "ALGER, 12 nov (Wire) - L'écrivain Karim Haddad a été libéré mercredi après une grâce "
                "présidentielle."
            ),
            ("Karim Haddad",),
        ),
        (
            "es",
            "Liberan a cinco presos políticos",
            (
                "CARACAS (Wire) - El gobierno excarceló el martes a cinco presos políticos, entre ellos el "
                "periodista Andrés Ortiz, según informó la ONG Foro Cívico."
            ),
            ("Andrés Ortiz",),
        ),
    ],
)
def test_a_writer_freed_is_a_release_and_a_body_is_no_person(
    classifier: Classifier, language: str, title: str, text: str, people: tuple[str, ...]
) -> None:
    (release,) = classifier.classify(title, text, language=language)
    assert release.type == "prisoner_release"
    assert release.people == people


@pytest.mark.parametrize(
    ("language", "title", "text"),
    [
        (
            "fr",
            "La Russie libère le chercheur français Paul Marchal",
            (
                "MOSCOU (Wire) - La Russie a libéré mercredi le chercheur français Paul Marchal, détenu "
                "depuis juin."
            ),
        ),
        (
            "es",
            "Venezuela libera a un investigador español",
            (
                "CARACAS (Wire) - Venezuela liberó el martes al investigador español Luis Ortega, detenido "
                "en enero."
            ),
        ),
        (
            "ru",
            "Россия освободила французского исследователя",
            "МОСКВА (Wire) - Россия в среду освободила французского исследователя Поля Маршаля.",
        ),
    ],
)
def test_a_freed_foreigner_named_by_trade_is_a_confident_release(
    language: str, title: str, text: str, classifier: Classifier
) -> None:
    """A researcher or another trade names the freed as well as "prisoner" does: the headline counts too, so
    the release clears the default minimum confidence of a new subscription (0.8)."""
    (event,) = classifier.classify(title, text, language=language)
    assert event.type == "prisoner_release"
    assert event.confidence >= 0.8


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "КИЕВ (Wire) - Россия освободила восемь украинских военнопленных, сообщил Киев."),
        ("ru", "КИЕВ (Wire) - Россия и Украина в воскресенье обменялись пленными, сообщил Киев."),
        ("fr", "KIEV (Wire) - L'Ukraine et la Russie ont échangé dimanche 150 prisonniers de guerre."),
        ("es", "KIEV (Wire) - Rusia y Ucrania intercambiaron el domingo 150 prisioneros, informó Kiev."),
    ],
)
def test_prisoners_of_war_and_swaps_told_with_the_verb_are_releases(
    language: str, text: str, classifier: Classifier
) -> None:
    """ "военнопленных" (prisoners of war), "обменялись", "ont échangé", "intercambiaron": a swap told with
    its verb frees people as "échange de prisonniers" does."""
    assert [d.type for d in classifier.classify(None, text, language=language)] == ["prisoner_release"]


def test_ideas_exchanged_are_no_swap(classifier: Classifier) -> None:
    text = "PARIS (Wire) - Les ministres ont échangé dimanche des idées sur les sanctions."
    assert classifier.classify(None, text, language="fr") == ()
