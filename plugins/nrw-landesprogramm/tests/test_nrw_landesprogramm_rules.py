"""The guideline's conditions: a registry that breaks each once gets exactly one finding per
break, in German and in English, through the installed command line; the shipped examples
meet them; a registry outside NRW, or without the programme, is left alone."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_nrw_landesprogramm as nrw
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import Registry
from schulsozialarbeit.testing import CliResult

NAME = "nrw-landesprogramm"
AS_OF = "2022-06-30"
Cli = Callable[[Sequence[str | Path]], CliResult]

#: A kreisfreie Stadt that keeps the programme's posts, and a kreisangehörige Stadt that
#: cannot apply. Every post and school meets the guideline except where a comment says
#: which condition it breaks, each once.
BROKEN = """\
name = "Musterstadt"

[[regions]]
id = "musterstadt"
name = "Musterstadt"
kind = "kreisfreie_stadt"
key = "05999000"

[[regions]]
id = "kleinstadt"
name = "Kleinstadt"
kind = "kreisangehoerige_stadt"  # breaks: only Kreise and kreisfreie Städte apply
key = "05999004"

[[schools]]
id = "gs-a"
name = "Grundschule A"
form = "grundschule"
region = "musterstadt"
school_number = "199001"

[[schools]]
id = "gs-b"
name = "Grundschule B"
form = "grundschule"
region = "musterstadt"  # breaks: no school number

[[schools]]
id = "gs-c"
name = ""  # breaks: no name
form = "grundschule"
region = "musterstadt"
school_number = "199003"

[[schools]]
id = "hs-d"
name = "Hauptschule D"
form = "hauptschule"
region = "musterstadt"
school_number = "199004"

[[schools]]
id = "rs-e"
name = "Realschule E"
form = "realschule"
region = "kleinstadt"
school_number = "199005"

[[carriers]]
id = "traeger"
name = "Jugendhilfe Musterstadt e. V."
kind = "independent"

[[staff]]
id = "fk-1"
name = "Erika Beispiel"

[[staff]]
id = "fk-2"
name = "Max Muster"

[[positions]]
id = "stelle-ok"
carrier = "traeger"
fte = 1.0
assignments = [{ school = "gs-a", fte = 0.5 }, { school = "hs-d", fte = 0.5 }]
programmes = ["nrw-landesprogramm"]
holder = "fk-1"

[[positions]]
id = "stelle-ohne-nummer"
carrier = "traeger"
fte = 1.0
assignments = [{ school = "gs-b", fte = 1.0 }]
programmes = ["nrw-landesprogramm"]
holder = "fk-2"

[[positions]]
id = "stelle-ohne-name"
carrier = "traeger"
fte = 1.0
assignments = [{ school = "gs-c", fte = 1.0 }]
programmes = ["nrw-landesprogramm"]

# breaks: the post names no school
[[positions]]
id = "stelle-ohne-schule"
carrier = "traeger"
fte = 1.0
programmes = ["nrw-landesprogramm"]

# breaks: half time at two schools
[[positions]]
id = "stelle-halb"
carrier = "traeger"
fte = 0.5
assignments = [{ school = "gs-a", fte = 0.25 }, { school = "hs-d", fte = 0.25 }]
programmes = ["nrw-landesprogramm"]

# breaks (a warning): full time at three schools
[[positions]]
id = "stelle-drei-schulen"
carrier = "traeger"
fte = 1.0
assignments = [
  { school = "gs-a", fte = 0.4 },
  { school = "hs-d", fte = 0.3 },
  { school = "rs-e", fte = 0.3 },
]
programmes = ["nrw-landesprogramm"]

# breaks: a full-time coordinator for two staff, where the key asks for 30
[[positions]]
id = "koordination"
carrier = "traeger"
fte = 1.0
programmes = ["nrw-landesprogramm-koordination"]
"""

#: Each break: the plugin's code, the entity it names, its severity, the field to change.
EXPECTED = {
    (f"{NAME}/kein-antragsteller", "kleinstadt", "error", "regions[1].kind"),
    (f"{NAME}/schulnummer-fehlt", "gs-b", "error", "schools[1].school_number"),
    (f"{NAME}/schulname-fehlt", "gs-c", "error", "schools[2].name"),
    (f"{NAME}/ohne-schule", "stelle-ohne-schule", "error", "positions[3].assignments"),
    (f"{NAME}/halbe-stelle-mehrere-schulen", "stelle-halb", "error", "positions[4].assignments"),
    (f"{NAME}/mehr-als-zwei-schulen", "stelle-drei-schulen", "warning", "positions[5].assignments"),
    (f"{NAME}/koordination-ueber-schluessel", "koordination", "error", "positions[6].fte"),
}

#: What each message must say besides the entity: the words of the condition and the fix.
SAYS = {
    "kein-antragsteller": ("Kreis", "Kreis"),
    "schulnummer-fehlt": ("school_number", "school_number"),
    "schulname-fehlt": ("unter name", "under name"),
    "ohne-schule": ("assignments", "assignments"),
    "halbe-stelle-mehrere-schulen": ("nur an einer Schule", "one school only"),
    "mehr-als-zwei-schulen": ("nicht mehr als zwei Schulen", "no more than two schools"),
    "koordination-ueber-schluessel": ("2 Fachkräfte", "2 members of staff"),
}


def _validate(ssa_cli: Cli, path: Path, lang: str) -> list[dict[str, str]]:
    result = ssa_cli(
        ["--lang", lang, "--plugin", NAME, "validate", path, "--as-of", AS_OF, "--format", "json"]
    )
    assert result.stderr == ""
    assert result.status == 1  # the errors fail the run
    issues: list[dict[str, str]] = json.loads(result.stdout)["issues"]
    return [issue for issue in issues if issue["code"].startswith(f"{NAME}/")]


def test_each_break_gets_exactly_one_finding_in_german_and_english(
    ssa_cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(BROKEN, encoding="utf-8")
    german = _validate(ssa_cli, path, "de")
    english = _validate(ssa_cli, path, "en")
    found = [(i["code"], i["entity"], i["severity"], i["path"]) for i in german]
    assert sorted(found) == sorted(EXPECTED)
    assert len(found) == len(EXPECTED)
    assert [(i["code"], i["entity"]) for i in english] == [(i["code"], i["entity"]) for i in german]
    for de, en in zip(german, english, strict=True):
        code = de["code"].removeprefix(f"{NAME}/")
        assert de["message"] != en["message"]
        named = {"gs-b": "Grundschule B", "kleinstadt": "Kleinstadt"}.get(
            de["entity"], de["entity"]
        )
        if code != "koordination-ueber-schluessel":
            assert named in de["message"]
            assert named in en["message"]
        assert SAYS[code][0] in de["message"], de["message"]
        assert SAYS[code][1] in en["message"], en["message"]


def test_the_registry_mended_as_the_messages_say_has_no_finding(
    ssa_cli: Cli, tmp_path: Path
) -> None:
    mended = (
        BROKEN.replace('kind = "kreisangehoerige_stadt"', 'kind = "kreis"')
        .replace(
            'region = "musterstadt"  # breaks: no school number',
            'region = "musterstadt"\nschool_number = "199002"',
        )
        .replace('name = ""', 'name = "Grundschule C"')
        .replace(
            'fte = 1.0\nprogrammes = ["nrw-landesprogramm"]\n\n# breaks: half',
            'fte = 1.0\nassignments = [{ school = "gs-a", fte = 1.0 }]\n'
            'programmes = ["nrw-landesprogramm"]\n\n# breaks: half',
        )
        .replace(
            'assignments = [{ school = "gs-a", fte = 0.25 }, { school = "hs-d", fte = 0.25 }]',
            'assignments = [{ school = "gs-a", fte = 0.5 }]',
        )
        .replace(
            '  { school = "gs-a", fte = 0.4 },\n  { school = "hs-d", fte = 0.3 },\n'
            '  { school = "rs-e", fte = 0.3 },',
            '  { school = "gs-a", fte = 0.5 },\n  { school = "rs-e", fte = 0.5 },',
        )
        .replace('programmes = ["nrw-landesprogramm-koordination"]', "")
    )
    path = tmp_path / "registry.toml"
    path.write_text(mended, encoding="utf-8")
    result = ssa_cli(["--plugin", NAME, "validate", path, "--as-of", AS_OF, "--format", "json"])
    codes = [issue["code"] for issue in json.loads(result.stdout)["issues"]]
    assert [code for code in codes if code.startswith(f"{NAME}/")] == []


def test_the_key_counts_people_in_every_post_and_allows_a_share(
    ssa_example: Callable[[str], Registry], ssa_plugins: Callable[..., Plugins]
) -> None:
    """Kreis Soest's 13 staff, whoever pays them, carry a coordination of 13/30 FTE: 0.4
    passes, 0.5 is one finding."""
    soest = ssa_example("kreis-soest")
    plugins = ssa_plugins(nrw, NAME)
    day = date(2022, 6, 30)
    for fte, found in ((Decimal("0.4"), []), (Decimal("0.5"), ["koordination-ueber-schluessel"])):
        post = attrs.evolve(
            soest.positions[0],
            id="koordination",
            fte=fte,
            assignments=(),
            holder=None,
            programmes=("nrw-landesprogramm-koordination",),
        )
        registry = attrs.evolve(soest, positions=(*soest.positions, post))
        report = plugins.validate(registry, as_of=day)
        assert report.faults == ()
        own = [i.code.removeprefix(f"{NAME}/") for i in report.issues if i.code.startswith(NAME)]
        assert own == found
        figures = plugins.key_figures(registry, as_of=day)
        ratio = {f.key: f.value for f in figures.extra}[f"{NAME}/fachkraefte-je-koordination"]
        assert ratio == (Decimal(13) / fte).quantize(Decimal("0.1"))


@pytest.mark.parametrize("name", ["kreis-soest", "herne", "gelsenkirchen"])
def test_the_examples_meet_the_conditions(
    name: str,
    ssa_example: Callable[[str], Registry],
    ssa_plugins: Callable[..., Plugins],
) -> None:
    """Kreis Soest records two posts of the programme, which meet every condition; Herne and
    Gelsenkirchen record none, so the plugin has nothing to say about them."""
    registry = ssa_example(name)
    plugins = ssa_plugins(nrw, NAME)
    day = date(2022, 6, 30)
    report = plugins.validate(registry, as_of=day)
    assert report.faults == ()
    assert [i.code for i in report.issues if i.code.startswith(NAME)] == []
    extra = {f.key: f.value for f in plugins.key_figures(registry, as_of=day).extra}
    if name == "kreis-soest":
        assert extra == {
            f"{NAME}/stellenanteile": Decimal("2.0"),
            f"{NAME}/stellen": 2,
            f"{NAME}/schulen": 2,
        }
    else:
        assert extra == {}


def test_a_registry_outside_nrw_is_left_alone(
    ssa_plugins: Callable[..., Plugins], tmp_path: Path
) -> None:
    from schulsozialarbeit import loads

    registry = loads(BROKEN, "toml")
    elsewhere = attrs.evolve(
        registry, regions=tuple(attrs.evolve(r, state="NI") for r in registry.regions)
    )
    plugins = ssa_plugins(nrw, NAME)
    report = plugins.validate(elsewhere, as_of=date(2022, 6, 30))
    assert [i.code for i in report.issues if i.code.startswith(NAME)] == []
    assert plugins.key_figures(elsewhere, as_of=date(2022, 6, 30)).extra == ()


def test_every_parameter_names_its_source() -> None:
    """The table is what a new guideline edits, so nothing in it may be without a source,
    and every rule's parameter carries the guideline's sentence."""
    for field in attrs.fields(type(nrw.PROGRAMME)):
        parameter = getattr(nrw.PROGRAMME, field.name)
        assert parameter.source.strip(), field.name
    for ruled in ("max_schools", "part_time", "school_conditions", "staff_per_coordinator"):
        assert getattr(nrw.PROGRAMME, ruled).wording, ruled
    assert "Schlüssel 1:30" in (nrw.PROGRAMME.staff_per_coordinator.wording or "")


def test_the_readme_names_every_code_and_its_severity() -> None:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    rows = re.findall(rf"^\| `({NAME}/[a-z-]+)` \| (Fehler|Warnung) \|", readme, re.M)
    words = {"error": "Fehler", "warning": "Warnung"}
    assert sorted(rows) == sorted((code, words[severity]) for code, _, severity, _ in EXPECTED)


def test_the_report_shows_the_programmes_figures(ssa_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "kreis-soest"
    assert ssa_cli(["init", folder, "--example", "kreis-soest"]).status == 0
    argv: list[str | Path] = ["--plugin", NAME, "report", folder, "--as-of", AS_OF]
    reported = ssa_cli([*argv, "--format", "json"])
    assert (reported.status, reported.stderr) == (0, "")
    assert json.loads(reported.stdout)["extra"] == {
        f"{NAME}/schulen": 2,
        f"{NAME}/stellen": 2,
        f"{NAME}/stellenanteile": "2",
    }
    assert "Landesprogramm: geförderte Stellenanteile" in ssa_cli(argv).stdout
    assert "State programme: funded FTE" in ssa_cli(["--lang", "en", *argv]).stdout
