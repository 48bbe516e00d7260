"""Words of the shipped Vestland data (region names) in the chosen language.

The embedded data names regions in English; the names it ships are in the catalogue, so the
Norwegian files show them in Norwegian. Regions an instance file names itself are shown as written.
"""

from __future__ import annotations

from kompetanse_opt.core.i18n import N_, Lang, translations

#: The region names of the embedded Vestland data (a test holds this list to the data).
SHIPPED_REGIONS = (
    N_("Bergen area (Midhordland)"),
    N_("Bergen area (Midhordland; member of Sunnhordlandsrådet)"),
    N_("Hardanger"),
    N_("Nordfjord"),
    N_("Nordfjord (partly Sunnfjord)"),
    N_("Nordhordland"),
    N_("Sogn"),
    N_("Sogn (member of Region Nordhordland)"),
    N_("Sunnfjord"),
    N_("Sunnfjord (Florø part; Måløy part is Nordfjord)"),
    N_("Sunnhordland"),
    N_("Voss"),
)


def region_text(region: str, lang: Lang) -> str:
    """A region's name in ``lang`` when the shipped data has it, else as written."""
    return translations(lang).gettext(region) if region in SHIPPED_REGIONS else region
