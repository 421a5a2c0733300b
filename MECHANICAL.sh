#!/usr/bin/env bash
# Mechanical, idempotent changes from branch t14-rules. Run from the repository root after merging
# the files other branches split, so moved code picks up the same renames and import paths.
# Files are listed with `git ls-files`: `git add` new (split) files first. Needs .venv (ruff, and
# scripts/update_translations.py at the end). Re-running it changes nothing.
set -euo pipefail
PY=${PY:-python3}
FILES=$(git ls-files '*.py' | grep -v '^intervet_desktop/db/migrations/versions/' || true)

# 1. RateSet (the DB table class) -> RateSetRow; the SQL table name "rate_set" stays, so no migration.
#    core.rates.RateSet (the rule) keeps its name.
$PY - $FILES <<'PYEOF'
import re, sys
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    new = src.replace("from intervet_desktop.db.models import RateSet as RateSetRow\n",
                      "from intervet_desktop.db.models import RateSetRow\n")
    if path == "intervet_desktop/db/models/system.py":
        new = re.sub(r"\bclass RateSet\(", "class RateSetRow(", new)
    imports_row = False
    for m in re.finditer(r"from intervet_desktop\.db\.models(?:\.system)? import (\([^)]*\)|[^\n]*)", new):
        names = [n.strip() for n in m.group(1).strip("()").split(",")]
        if "RateSet" in names:
            imports_row = True
    if imports_row:
        assert "core.rates import" not in new or not re.search(r"core\.rates import[^\n]*\bRateSet\b", new), path
        new = re.sub(r"\bRateSet\b", "RateSetRow", new)
    if new != src:
        open(path, "w", encoding="utf-8").write(new)
PYEOF

# 2. ui.application.Application (the Qt controller) -> DesktopApp; db.models.Application (the table) stays.
sed -i -E 's/^class Application:/class DesktopApp:/' intervet_desktop/ui/application.py
for f in $(grep -lE 'intervet_desktop\.ui\.application import .*\bApplication\b' $FILES || true); do
  sed -i -E '/ui\.application import/ s/\bApplication\b/DesktopApp/; s/\bApplication\(/DesktopApp(/g; s/: Application\b/: DesktopApp/g' "$f"
done

# 3. Change kinds are one enumeration (services.changes.Kind): string kinds in Changes.of/.add,
#    ENTITY constants, pages' `watches` tuples and `changes.touches(...)` become Kind members.
$PY - $(git ls-files 'intervet_desktop/services/*.py' 'intervet_desktop/ui/*.py' 'tests/*.py') <<'PYEOF'
import re, subprocess, sys
from enum import StrEnum
src_changes = open("intervet_desktop/services/changes.py", encoding="utf-8").read()
KINDS = dict(re.findall(r'^    ([A-Z_]+) = "([a-z_]+)"$', src_changes, re.M))
BY_VALUE = {v: k for k, v in KINDS.items()}
LIT = r'"(%s)"' % "|".join(sorted(BY_VALUE, key=len, reverse=True))

def kinds_in(text):  # replace the known string kinds inside one argument list
    return re.sub(LIT, lambda m: "Kind." + BY_VALUE[m.group(1)], text)

changed = []
for path in sys.argv[1:]:
    if path.endswith("services/changes.py"):
        continue
    src = open(path, encoding="utf-8").read()
    new = re.sub(r"(Changes\.of|Changes\(\)\.add|\bchanges\.add|\)\.add)\(\s*" + LIT,
                 lambda m: f"{m.group(1)}(Kind.{BY_VALUE[m.group(2)]}", src)
    # chained .add("x") after Changes.of(...)/.add(...) on the same line
    new = re.sub(r"(Changes[^\n]*?)\.add\(\s*" + LIT, lambda m: f"{m.group(1)}.add(Kind.{BY_VALUE[m.group(2)]}", new)
    while True:
        nxt = re.sub(r"(Changes[^\n]*?)\.add\(\s*" + LIT, lambda m: f"{m.group(1)}.add(Kind.{BY_VALUE[m.group(2)]}", new)
        if nxt == new:
            break
        new = nxt
    new = re.sub(r"^ENTITY = " + LIT + r"$", lambda m: "ENTITY = Kind." + BY_VALUE[m.group(1)], new, flags=re.M)
    new = re.sub(r"(\bwatches = )(\([^)]*\))", lambda m: m.group(1) + kinds_in(m.group(2)), new)
    new = re.sub(r"(\.touches)(\([^)]*\))", lambda m: m.group(1) + kinds_in(m.group(2)), new)
    new = re.sub(r"(\bentity=)" + LIT, lambda m: m.group(1) + "Kind." + BY_VALUE[m.group(2)], new) \
        if "/importing/" in path else new
    if new != src and "Kind." in new and not re.search(r"^from intervet_desktop\.services\.changes import [^\n]*\bKind\b", new, re.M):
        if re.search(r"^from intervet_desktop\.services\.changes import ", new, re.M):
            new = re.sub(r"^(from intervet_desktop\.services\.changes import )([^\n(]+)$",
                         lambda m: m.group(1) + ", ".join(sorted({*m.group(2).split(", "), "Kind"})), new, count=1, flags=re.M)
        else:
            # after the first import; ruff's isort (below) moves it to its place
            anchor = r"^(from __future__ import annotations\n)" if "from __future__" in new else r"^((?:from [\w.]+ import [^(\n]+|import [\w.]+)\n)"
            new = re.sub(anchor, r"\1from intervet_desktop.services.changes import Kind\n", new, count=1, flags=re.M)
    if new != src:
        open(path, "w", encoding="utf-8").write(new)
        changed.append(path)
if changed:
    ruff = __import__("os").environ.get("RUFF", ".venv/bin/ruff")
    subprocess.run([ruff, "check", "--fix", "--select", "I", "-q", *changed], check=False)
    subprocess.run([ruff, "format", "-q", *changed], check=False)
    print("kinds typed in", len(changed), "files")
PYEOF

# 4. Pure rule modules (no DB) live in core: services/{mobility,organisation,person}_rules.py and
#    services/money_input.py -> core/. Moves first (no-op once done), then every import path.
for m in mobility_rules organisation_rules person_rules money_input; do
  if [ -f "intervet_desktop/services/$m.py" ] && [ ! -f "intervet_desktop/core/$m.py" ]; then
    git mv "intervet_desktop/services/$m.py" "intervet_desktop/core/$m.py"
  fi
  git ls-files '*.py' '*.md' '*.spec' | xargs sed -i -E \
    -e "s/\bintervet_desktop\.services\.$m\b/intervet_desktop.core.$m/g" \
    -e "s#\bservices/$m\.py\b#core/$m.py#g"
done

# 5. Imports sorted and files formatted after the edits above (ruff, as the project configures it).
${RUFF:-.venv/bin/ruff} check -q --fix --select I . || true
${RUFF:-.venv/bin/ruff} format -q .

# 6. Dead code removed (vulture, tests/unit/test_dead_code.py): functions nothing calls, not even
#    tests. Found by name wherever they live after the splits; a no-op once they are gone.
$PY - $(git ls-files 'intervet_desktop/*.py') <<'PYEOF'
import ast, re, sys
DEAD = {
    "cli/main.py": ["_Parser"],
    "core/distance.py": ["measure", "DistanceReport"],
    "services/budget.py": ["ITEM_ORDER"],
    "services/demo/catalogue.py": ["STAFF_SUBJECTS"],
    "services/demo/mobilities.py": ["LEARNER_TYPES"],
    "exports/bm/fields.py": ["ITINERARY_DATA_TYPE"],
    "core/selection.py": ["max_total_hundredths"],
    "core/text.py": ["join_nonempty"],
    "core/validation/result.py": ["Collector.raise_if_any"],
    "db/lock.py": ["pid_alive"],
    "exports/bm/layout.py": ["describe_empty"],
    "exports/bm/values.py": ["parse_gender"],
    "exports/pdf/template.py": ["*.has_directive", "NAME"],
    "services/applications*": ["update_application", "application_ids"],
    "services/calls.py": ["add_evaluator", "set_status", "STATUS_ORDER"],
    "services/grants.py": ["compute_for_mobility"],
    "services/organisations.py": ["form_from_dict", "form_as_dict"],
    "services/people.py": ["set_person_languages", "person_deletion_blockers", "mobilities_of"],
    "services/writer.py": ["run_inline", "WriteOp"],
    "ui/dialogs/rate_sets.py": ["*.select_ref"],
    "ui/main_window.py": ["active_window"],
    "ui/models/lazy_table.py": ["*.list_filter"],
    "ui/pages/list_page.py": ["*.index_for"],
}
import fnmatch
for path in sys.argv[1:]:
    rel = path.removeprefix("intervet_desktop/")
    names = [n for pattern, ns in DEAD.items() if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.replace("*", "/*")) for n in ns]
    if not names:
        continue
    src = open(path, encoding="utf-8").read()
    tree = ast.parse(src)
    spans = []
    def visit(body, owner):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qual = f"{owner}.{node.name}" if owner else node.name
                if qual in names or (owner and f"*.{node.name}" in names):
                    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    spans.append((first, node.end_lineno, "#"))
                elif isinstance(node, ast.ClassDef) and not owner:
                    visit(node.body, node.name)
            elif not owner and isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id in names:
                    spans.append((node.lineno, node.end_lineno, "#:"))  # only its own doc comment
    visit(tree.body, "")
    if not spans:
        continue
    lines = src.split("\n")
    for first, last, comment in sorted(spans, reverse=True):
        start = first - 1
        # drop comment lines right above and the blank lines that separated it
        while start > 0 and lines[start - 1].lstrip().startswith(comment) and "----" not in lines[start - 1] and not lines[start - 1].startswith("#!"):
            start -= 1
        end = last
        while end < len(lines) and lines[end].strip() == "" and start > 0 and lines[start - 1].strip() == "":
            end += 1
        del lines[start:end]
    open(path, "w", encoding="utf-8").write("\n".join(lines))
    print("dead code removed from", path)
# re-exports of the removed names (a split module's package __init__): imports and __all__
gone = {n for ns in DEAD.values() for n in ns if "." not in n}
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    tree = ast.parse(src)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    names = "|".join(re.escape(n) for n in sorted(gone - defined))
    new = re.sub(r"^\s+(?:%s),\n" % names, "", src, flags=re.M)  # one name a line in (...)
    new = re.sub(r'^\s+"(?:%s)",\n' % names, "", new, flags=re.M)  # __all__
    new = re.sub(r"^(from intervet_desktop[\w.]* import )([^\n(]+)$",
                 lambda m: m.group(1) + ", ".join(x for x in m.group(2).split(", ") if x not in gone - defined),
                 new, flags=re.M)
    if new != src:
        open(path, "w", encoding="utf-8").write(new)
        print("re-exports of removed code dropped from", path)
PYEOF
${RUFF:-.venv/bin/ruff} check -q --fix --select F401,I . || true
${RUFF:-.venv/bin/ruff} format -q .

# Last: Translation catalogues regenerated from the code (new/changed message texts and plural entries).
${PY_VENV:-.venv/bin/python} scripts/update_translations.py

# 7. Field names in messages are keys (core.messages.FIELD_LABELS) the UI translates, not English:
#    field=/start_field=/end_field= literals outside ui/ become keys.
$PY - $(git ls-files 'intervet_desktop/*.py' | grep -v '^intervet_desktop/ui/') <<'PYEOF'
import re, sys
KEYS = {
    "Actual end": "actual_end", "actual start": "actual_start", "Appeal deadline": "appeal_deadline",
    "End date": "end_date", "Planned end": "planned_end", "Preferred end": "preferred_end",
    "Action": "action", "Activity type": "activity_type", "BM mobility activity ID": "bm_activity_id",
    "Call year": "call_year", "Course days": "course_days", "Destination country": "destination_country",
    "Direction": "direction", "Distance": "distance_km", "Exceptional costs": "exceptional_cost",
    "Force majeure": "force_majeure", "Funded travel days": "travel_days", "Kind": "kind",
    "Origin country": "origin_country", "Participant": "participant", "Planned start": "planned_start",
    "planned start": "planned_start", "Project code": "project_code", "Project": "project",
    "Receiving country": "receiving_country", "Receiving organisation": "receiving_org",
    "Start date": "start_date", "start date": "start_date", "Transport": "transport",
    "Preferred start": "preferred_start", "Provisional ranking": "provisional_ranking",
    "the project's start": "project_start", "School name": "school_name", "E-mail": "email",
    "Country": "country", "Method": "method", "Pre-financing share": "prefinancing_share",
    "Title": "title", "Places": "places_total",
}
pattern = re.compile(r'\b(field|start_field|end_field)="(%s)"' % "|".join(re.escape(k) for k in sorted(KEYS, key=len, reverse=True)))
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    new = pattern.sub(lambda m: f'{m.group(1)}="{KEYS[m.group(2)]}"', src)
    if path.endswith("money_input.py") or "positive_amount(" in new or "past_date(" in new:
        for label, key in (("Amount", "amount"), ("Received on", "received_on"), ("Transferred on", "transferred_on"),
                           ("Paid on", "paid_on"), ("Spent on", "spent_on")):
            new = re.sub(r'((?:positive_amount|past_date)\("%s", )"%s"' % (key, re.escape(label)), r'\1"%s"' % key, new)
    if new != src:
        open(path, "w", encoding="utf-8").write(new)
PYEOF
