"""Which columns a BM file gets, in which order: the default set, or a template's own headers
(kept verbatim, in its order) matched to the known fields. Columns that cannot be filled stay
empty and are named in the report, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.exports.bm.fields import (
    BY_KEY,
    DEFAULT_KEYS,
    MOBILITY_DATA_TYPE,
    BmField,
)
from intervet_desktop.exports.bm.headers import is_sensitive, match_header, normalise
from intervet_desktop.exports.bm.reader import Table, read_table

register(
    "bm_template_unrecognised",
    "{path} does not look like a Beneficiary Module export: none of its columns ({headers}) is a "
    "field InterVET knows. Export a fresh file from the BM's Import-export section and use that.",
)
register(
    "bm_template_no_id",
    "{path} has no 'Mobility Activity ID' column, so its rows cannot be told apart. "
    "Use a file exported from the Beneficiary Module.",
)

# reasons a template column stays empty
UNKNOWN = "unknown"
COMPUTED_BY_BM = "computed_by_bm"
SENSITIVE = "sensitive"


@dataclass(frozen=True)
class EmptyColumn:
    position: int  # 1-based
    header: str
    reason: str


@dataclass
class Layout:
    headers: list[str]
    fields: list[BmField | None]
    markers: list[str] | None = None
    from_template: bool = False
    template: Path | None = None
    empty: list[EmptyColumn] = field(default_factory=list)
    #: csv writing follows the template when there is one
    delimiter: str = ";"
    bom: bool = False
    #: the BM's words for the "Data type" column (learned from the template's rows when it has any)
    mobility_data_type: str = MOBILITY_DATA_TYPE
    itinerary_data_type: str | None = None
    sheet: str = "Mobility activities"

    @property
    def matched(self) -> list[str]:
        return [f.key for f in self.fields if f is not None]


def default_layout(*, with_markers: bool = False) -> Layout:
    specs = [BY_KEY[k] for k in DEFAULT_KEYS]
    return Layout(
        headers=[s.header for s in specs],
        fields=list(specs),
        markers=[s.marker for s in specs] if with_markers else None,
    )


def layout_from_table(table: Table) -> Layout:
    specs: list[BmField | None] = []
    empty: list[EmptyColumn] = []
    for position, header in enumerate(table.headers, start=1):
        spec = None if is_sensitive(header) else match_header(header)
        if spec is not None and spec.computed_by_bm:
            empty.append(EmptyColumn(position, header, COMPUTED_BY_BM))
        elif spec is None:
            reason = SENSITIVE if is_sensitive(header) else UNKNOWN
            empty.append(EmptyColumn(position, header, reason))
        specs.append(spec)
    fillable = [s for s in specs if s is not None and not s.computed_by_bm]
    if not fillable:
        shown = ", ".join(h for h in table.headers[:6] if h) or "none"
        raise ValidationError.single("template", "bm_template_unrecognised", path=table.path, headers=shown)
    layout = Layout(
        headers=list(table.headers),
        fields=specs,
        markers=table.markers,
        from_template=True,
        template=table.path,
        empty=empty,
        delimiter=table.delimiter if table.kind == "csv" else ";",
        bom=table.bom,
        sheet=table.sheet or "Mobility activities",
    )
    _learn_data_types(layout, table)
    return layout


def _learn_data_types(layout: Layout, table: Table) -> None:
    """A template with rows shows the BM's own words for a mobility and for an itinerary sub-row."""
    if "data_type" not in layout.matched:
        return
    column = next(i for i, f in enumerate(layout.fields) if f is not None and f.key == "data_type")
    seen = {str(r[column]).strip() for r in table.rows if r[column] not in (None, "")}
    for word in sorted(seen):
        key = normalise(word)
        if "itiner" in key:
            layout.itinerary_data_type = word
        elif "mobil" in key or "activit" in key:
            layout.mobility_data_type = word


def load_template(path: Path) -> Layout:
    return layout_from_table(read_table(path))
