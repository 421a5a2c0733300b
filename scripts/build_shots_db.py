"""A small database for `intervet shots`: the test sample, the built-in rate sets, official
distances on the sample's mobilities, a few steps and evidence done, and every grant computed.

    .venv/bin/python scripts/build_shots_db.py OUT.db
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervet_desktop.core.errors import ValidationError  # noqa: E402
from intervet_desktop.db.workspace import Workspace  # noqa: E402
from intervet_desktop.services import grants, mobilities, rates  # noqa: E402
from tests.factories import build_sample  # noqa: E402

DISTANCES = {"Faro": 2905, "Tampere": 2309}


def main(out: Path) -> int:
    if out.exists():
        out.unlink()
    with Workspace.open(out, create=True) as ws:
        sample = build_sample(ws)
        rates.install_builtin(ws)
        for mobility_id in sample.mobility_ids:
            form = mobilities.get_mobility(ws, mobility_id).form
            try:
                mobilities.update_mobility(
                    ws, mobility_id, replace(form, distance_km=DISTANCES.get(form.destination_city, 2000))
                )
            except ValidationError as error:  # the sample has one mobility outside its project
                print(f"mobility {mobility_id} kept as it is: {error.problems[0].render()}")
        first = sample.mobility_ids[0]
        mobilities.set_evidence(ws, first, "travel_evidence", done=True, done_on=date.today())
        mobilities.advance_status(ws, sample.mobility_ids[0], "ongoing", date.today() - timedelta(days=1))
        report = grants.recompute_all(ws).value
        print(f"computed {report.computed}, failed {len(report.failed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
