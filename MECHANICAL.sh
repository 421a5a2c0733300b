#!/usr/bin/env bash
# Mechanical, idempotent changes from branch t14-rules. Run from the repository root after merging
# the files other branches split, so moved code picks up the same renames and import paths.
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
for f in $(grep -l 'intervet_desktop.ui.application import' $FILES || true); do
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
    ruff = ".venv/bin/ruff"
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

# 6. Translation catalogues regenerated from the code (new/changed message texts and plural entries).
${PY_VENV:-.venv/bin/python} scripts/update_translations.py
