"""`intervet grant` and `intervet distance` (no database) through `python -m intervet_desktop`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.core.rates_builtin import builtin_texts


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """In-process (fast) for the outputs; test_unknown_place_and_country_exit_1 runs a real process."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "intervet_desktop", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


BASE = ["grant", "--from", "Tampere,FI", "--to", "Bologna,IT", "--activity", "SM-JOB-SHDW"]


def test_grant_json_shape_and_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = call(
        capsys, *BASE, "--start", "2025-03-03", "--end", "2025-03-14", "--travel-days", "2", "--json"
    )
    assert code == 0, stderr
    data = json.loads(stdout)
    assert set(data) == {"lines", "participant_total", "organisation_total", "total"}
    for line in data["lines"]:
        assert set(line) == {"label", "recipient", "quantity", "rate", "amount", "derivation"}
    # Tampere-Bologna ~2,058 km: band 2,000-2,999 km, standard 395.00; 12 + 2 days x 180.00 = 2,520.00
    assert [(li["label"], li["recipient"], li["amount"]) for li in data["lines"]] == [
        ("Travel", "participant", "395.00"),
        ("Individual support", "participant", "2520.00"),
        ("Organisational support", "organisation", "100.00"),
    ]
    assert data["participant_total"] == "2915.00"
    assert data["organisation_total"] == "100.00"
    assert data["total"] == "3015.00"


def test_grant_with_official_distance_green_and_expensive_travel(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = call(
        capsys,
        *BASE,
        "--start", "2025-03-03", "--end", "2025-03-14",
        "--distance", "499", "--green", "--travel-days", "6", "--call-year", "2024", "--json",
    )  # fmt: skip
    assert code == 0, stderr
    data = json.loads(stdout)
    # 499 km green = 285.00; 12 + 6 = 18 days: 14 x 180.00 + 4 x 126.00 = 3,024.00
    assert [li["amount"] for li in data["lines"]] == ["285.00", "3024.00", "100.00"]
    assert "band" in stderr  # the estimate (2,058 km) is in another band: a warning
    code, stdout, stderr = call(
        capsys,
        *BASE, "--start", "2025-03-03", "--end", "2025-03-14", "--distance", "600",
        "--real-travel-cost", "500",
        "--json",
    )  # fmt: skip
    assert code == 0, stderr
    first = json.loads(stdout)["lines"][0]
    # 309.00 < 70% x 500.00 = 350.00: 80% x 500.00 = 400.00 instead
    assert (first["label"], first["amount"]) == ("Exceptional costs for expensive travel", "400.00")


def test_grant_text_output_has_derivations(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = call(
        capsys, *BASE, "--start", "2025-03-03", "--end", "2025-03-17", "--travel-days", "2"
    )
    assert code == 0, stderr
    assert "Individual support: 14 days x 180.00 + 3 days x 126.00 (70% from day 15) = 2,898.00" in stdout
    assert "verify with your National Agency" in stdout


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--start", "2025-03-14", "--end", "2025-03-03"], "--end"),  # end before start
        (["--start", "2025-03-03", "--end", "2025-03-03"], "--end"),  # 1 day: below 2
        (["--start", "2025-03-03", "--end", "2025-06-03"], "--end"),  # above 60
        (["--start", "2025-03-03", "--end", "2025-03-10", "--travel-days", "3"], "--travel-days"),
        (["--start", "2025-03-03", "--end", "2025-03-10", "--green", "--travel-days", "7"], "--travel-days"),
        (["--start", "2025-03-03", "--end", "2025-03-xx"], "--end"),
    ],
)
def test_bad_input_exits_1_naming_the_option(
    extra: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, stderr = call(capsys, *BASE, *extra)
    assert code == 1
    assert needle in stderr
    assert "Traceback" not in stderr
    assert stdout == ""


def test_unknown_place_and_country_exit_1() -> None:
    code, _, stderr = run(
        "grant", "--from", "Nowhereville,FI", "--to", "Bologna,IT", "--start", "2025-03-03", "--end",
        "2025-03-10", "--activity", "SM-JOB-SHDW",
    )  # fmt: skip
    assert code == 1 and "--from" in stderr and "Nowhereville" in stderr and "Traceback" not in stderr
    code, _, stderr = run(
        "grant", "--from", "Tampere,FI", "--to", "Bologna,QQ", "--start", "2025-03-03", "--end", "2025-03-10",
        "--activity", "SM-JOB-SHDW",
    )  # fmt: skip
    assert code == 1 and "QQ" in stderr and "Traceback" not in stderr


def test_force_majeure_allows_one_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = call(
        capsys, *BASE, "--start", "2025-03-03", "--end", "2025-03-03", "--force-majeure", "--json"
    )
    assert code == 0, stderr
    assert json.loads(stdout)["lines"][1]["amount"] == "180.00"


def test_rates_file_breaking_the_schema_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(builtin_texts()["ka1-vet-2024"])
    doc["travel_bands"][2]["standard"] = "lots"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, _, stderr = call(capsys, *BASE, "--start", "2025-03-03", "--end", "2025-03-10", "--rates", str(bad))
    assert code == 1
    assert "travel_bands[2].standard" in stderr and "Traceback" not in stderr
    good = tmp_path / "good.json"
    doc["travel_bands"][2]["standard"] = "300.00"
    good.write_text(json.dumps(doc), encoding="utf-8")
    code, stdout, stderr = call(
        capsys,
        *BASE,
        "--start",
        "2025-03-03",
        "--end",
        "2025-03-10",
        "--rates",
        str(good),
        "--distance",
        "700",
        "--json",
    )
    assert code == 0, stderr
    assert json.loads(stdout)["lines"][0]["amount"] == "300.00"


def test_distance_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = call(capsys, "distance", "Tampere,FI", "Bologna,IT", "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert abs(data["km"] - 2057.19) / 2057.19 < 0.01
    assert data["band"]["min_km"] == 2000 and data["band"]["max_km"] == 2999
    code, stdout, _ = call(capsys, "distance", "Lisbon,PT", "Thessaloniki,EL")
    assert code == 0 and "2,000-2,999 km" in stdout
    code, _, stderr = call(capsys, "distance", "Frankfurt,DE", "Bologna,IT")
    assert code == 1 and "Frankfurt (Oder)" in stderr and "Traceback" not in stderr
