"""Generated documents list."""

from __future__ import annotations

from sqlalchemy import select

from intervet_desktop.db.models import Document, Mobility, Person, table_of
from intervet_desktop.services.listing import Column, ListSpec
from intervet_desktop.services.lists.signatures import document_statuses, document_waiting, latest_only

D = table_of(Document).c
M = table_of(Mobility).c
P = table_of(Person).c
_doc = table_of(Document)

PARTICIPANT = (
    select(P.last_name + ", " + P.first_name)
    .select_from(table_of(Mobility).join(table_of(Person), P.id == M.person_id))
    .where(M.id == D.mobility_id)
    .correlate(_doc)
    .scalar_subquery()
)
SEARCH = select(M.search_key).where(M.id == D.mobility_id).correlate(_doc).scalar_subquery()

DOCUMENTS = ListSpec(
    name="documents",
    source=_doc,
    id_expr=D.id,
    columns=(
        Column("kind", "Document", D.kind, kind="enum", width=170),
        Column("participant", "Participant", PARTICIPANT, sortable=False, width=220),
        Column(
            "signatures",
            "Signatures",
            document_statuses(D.id, _doc),
            kind="enum_pairs",
            sortable=False,
            width=280,
        ),
        Column("languages", "Languages", D.languages, width=90),
        Column("version", "Version", D.version, kind="int", width=70),
        Column("generated", "Generated", D.generated_at, kind="datetime", width=140),
        Column("file", "File", D.file_name, width=260),
    ),
    search_expr=SEARCH,
    default_sort="generated",
    filters={
        "kind": lambda v: D.kind == v,
        "mobility_id": lambda v: D.mobility_id == int(v),
        "project_id": lambda v: D.project_id == int(v),
        # the latest version of each document that still waits for a party's signature
        "waiting": lambda v: (document_waiting(D.id, _doc) & latest_only(_doc)) if v else D.id.isnot(None),
    },
)
