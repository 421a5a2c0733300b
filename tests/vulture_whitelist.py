"""Names vulture reports as unused that are used by something it cannot see.

tests/unit/test_dead_code.py runs vulture on the package, with tests/, scripts/ and benchmarks/
as users, plus this file. Add a name here only with the reason it is a false positive; delete
code that nothing uses instead.
"""

# ruff: noqa: B018, F821
# mypy: ignore-errors

_ = object()

# Qt calls these overrides (virtual methods) itself
_.initializePage
_.validatePage
_.isEmpty
_.minimumSizeHint
_.paintEvent
_.mouseMoveEvent
_.expandingDirections  # QLayout virtuals (ui/widgets/flow.py)
_.hasHeightForWidth
_.heightForWidth
_.eventFilter  # QObject virtual (ui/application.py _FirstPaint)

# SQLAlchemy event listeners (registered by decorator) and the DB-API attribute they set
_._on_connect
_._on_begin
_.isolation_level

# table columns: written by services, read by SQL, migrations and the database's users
_.updated_at
_.size_bytes
_.added_at
_.green_travel_note
_.due_on

# attributes reportlab and openpyxl read from the objects we configure
_.categoryNames
_.fontName
_.valueMin
_.fillColor
_.strokeColor
_.barLabelFormat
_.boxAnchor
_.dx
_.fitToWidth
_.fitToHeight
_.fitToPage
_.alignment

# enum members: values stored in the database and read from files, rate sets and imports
# (the office's choices are offered by iterating their enums: core/office.py)
_.IN_PROGRESS
_.EUR
_.HOURS
_.ASSISTANT
_.FINANCE
_.PEER
_.EMAIL
_.VISIT
_.KA2
_.ETWINNING
_.NATIONAL
_.CONFERENCE
_.NEWSLETTER
_.SOCIAL_MEDIA
_.MULTIPLIER_EVENT
_.COMPANY
_.PUBLIC_BODY
_.NGO
_.HEI
_.A1
_.A2
_.B1
_.B2
_.C1
_.C2
_.ASSOCIATED
_.SKILLS_COMPETITION
_.HOSTING_TEACHERS
_.LEARNING_AGREEMENT
_.RANKING
_.TICKET
_.CONSENT
_.MOTIVATION_LETTER
_.CV
_.ANONYMISE
_.OPTIONAL

# dataclass fields: part of a record's shape (catalogue rows, DTOs built by keyword); the values
# are computed for callers even where no screen shows them yet
_.na_code
_.can_receive_cents
_.individual_support_cents
_.official_band
_.in_kind_estimate_cents
_.anonymised
_.signature_id

# a hook: list pages add their buttons to it
_.toolbar
