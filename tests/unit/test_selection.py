"""Selection rules: weighting, conflicts, every tie-breaker, quotas, waiting list, promotion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from intervet_desktop.core.selection import (
    Candidate,
    CriterionRule,
    Outcome,
    Quota,
    Slot,
    TieBreaker,
    parse_tie_breakers,
    propose_promotion,
    rank,
    select,
    tie_breaker_problem,
    total_of,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CRITERIA = [CriterionRule(1, "Motivation", 3, 10), CriterionRule(2, "Language", 1, 5)]


def cand(i: int, total: int | None, **kw: object) -> Candidate:
    kw.setdefault("submitted_at", T0 + timedelta(minutes=i))
    return Candidate(id=i, number=f"A{i:03d}", total_hundredths=total, **kw)  # type: ignore[arg-type]


def test_weighted_mean_of_evaluators_half_up() -> None:
    # motivation: evaluators give 7 and 8 -> mean 7.5, x3 = 22.5; language: 3, 4, 4 -> 11/3, x1
    scores = {(1, 10): 700, (1, 11): 800, (2, 10): 300, (2, 11): 400, (2, 12): 400}
    total = total_of(CRITERIA, scores)
    # 22.5 + 3.6666.. = 26.1666.. -> 26.17
    assert total.hundredths == 2617
    assert total.missing == ()


def test_half_up_rounding_at_the_boundary() -> None:
    criteria = [CriterionRule(1, "M", 1, 10)]
    # 7.125 (mean of 7.12 and 7.13) -> 7.13 half up (banker's rounding would give 7.12)
    assert total_of(criteria, {(1, 1): 712, (1, 2): 713}).hundredths == 713


def test_conflict_of_interest_leaves_the_evaluator_out() -> None:
    scores = {(1, 10): 1000, (1, 11): 200, (2, 10): 500, (2, 11): 100}
    assert total_of(CRITERIA, scores).hundredths == 3 * 600 + 300
    assert total_of(CRITERIA, scores, excluded_evaluators={11}).hundredths == 3 * 1000 + 500


def test_missing_criterion_gives_no_total() -> None:
    total = total_of(CRITERIA, {(1, 10): 800})
    assert total.hundredths is None
    assert total.missing == ("Language",)
    decision = select([cand(1, None, missing=total.missing)], places=3).decisions[0]
    assert decision.outcome is Outcome.NOT_RANKED
    assert decision.reason.render() == "not ranked: no score for Language"


def test_ranking_by_total_then_first_time() -> None:
    a = cand(1, 8000)
    b = cand(2, 8000, first_time=True)
    c = cand(3, 9000)
    order = [x.id for x in rank([a, b, c], parse_tie_breakers("first_time"))]
    assert order == [3, 2, 1]


def test_tie_breaker_fewer_opportunities() -> None:
    a = cand(1, 8000, first_time=True)
    b = cand(2, 8000, first_time=True, fewer_opportunities=True)
    assert [x.id for x in rank([a, b], tuple(TieBreaker))] == [2, 1]
    # first_time decides before fewer_opportunities
    c = cand(3, 8000, fewer_opportunities=True)
    assert [x.id for x in rank([c, a], tuple(TieBreaker))] == [1, 3]


def test_tie_breaker_earlier_submission_then_number() -> None:
    late = cand(1, 8000, submitted_at=T0 + timedelta(days=1))
    early = cand(2, 8000, submitted_at=T0)
    assert [x.id for x in rank([late, early], tuple(TieBreaker))] == [2, 1]
    same = cand(3, 8000, submitted_at=T0)
    assert [x.id for x in rank([same, early], ())] == [2, 3]  # no breakers: application number


def test_configurable_order_of_breakers() -> None:
    a = cand(1, 8000, first_time=True, submitted_at=T0 + timedelta(hours=1))
    b = cand(2, 8000, submitted_at=T0)
    assert [x.id for x in rank([a, b], parse_tie_breakers("submitted_at,first_time"))] == [2, 1]
    assert [x.id for x in rank([a, b], parse_tie_breakers("first_time, submitted_at"))] == [1, 2]


def test_unknown_tie_breaker_is_reported() -> None:
    with pytest.raises(ValueError):
        parse_tie_breakers("first_time,lottery")
    problem = tie_breaker_problem("lottery")
    assert problem is not None and "lottery" in problem.render()


def test_tie_is_explained() -> None:
    a = cand(1, 8000)
    b = cand(2, 8000, first_time=True)
    decisions = select([a, b], places=1).by_id()
    assert decisions[2].reason.render() == "rank 1; selected"
    assert decisions[1].reason.render() == (
        "rank 2; reserve 1; after A002 on an equal total by first-time participant first"
    )


def test_top_n_selected_rest_on_waiting_list_in_order() -> None:
    people = [cand(i, 10000 - i * 100) for i in range(1, 7)]
    result = select(people, places=3)
    assert [d.id for d in result.selected] == [1, 2, 3]
    assert [(d.id, d.reserve_position) for d in result.reserves] == [(4, 1), (5, 2), (6, 3)]
    assert result.by_id()[5].reason.render() == "rank 5; reserve 2"


def test_ineligible_and_withdrawn_are_not_ranked() -> None:
    result = select(
        [
            cand(1, 9000, eligible=False, ineligible_reason="late"),
            cand(2, 8000, withdrawn=True),
            cand(3, 7000),
        ],
        places=2,
    ).by_id()
    assert (
        result[1].outcome is Outcome.NOT_RANKED
        and result[1].reason.render() == "not ranked: not eligible (late)"
    )
    assert result[2].outcome is Outcome.WITHDRAWN
    assert result[3].rank == 1 and result[3].outcome is Outcome.SELECTED


def test_full_quota_does_not_block_the_next() -> None:
    pt, fi = Slot(country="PT"), Slot(country="FI")
    people = [
        cand(1, 9900, preferences=(pt,)),
        cand(2, 9800, preferences=(pt,)),  # PT full after 1
        cand(3, 9700, preferences=(fi,)),
        cand(4, 9600, preferences=(pt, fi)),  # PT full: second preference FI
    ]
    result = select(people, places=3, quotas=[Quota(1, country="PT")]).by_id()
    assert result[1].outcome is Outcome.SELECTED and result[1].slot == pt
    assert result[2].outcome is Outcome.RESERVE
    assert result[2].reason.render() == "rank 2; reserve 1; not selected: quota for PT full"
    assert result[3].outcome is Outcome.SELECTED
    assert result[4].outcome is Outcome.SELECTED and result[4].slot == fi
    assert result[4].reason.render() == "rank 4; selected (FI)"


def test_host_quota_is_more_specific_than_country() -> None:
    host = Slot(country="PT", host_id=7)
    other = Slot(country="PT", host_id=8)
    quotas = [Quota(5, country="PT"), Quota(1, host_id=7, label="Escola")]
    people = [
        cand(1, 9000, preferences=(host,)),
        cand(2, 8000, preferences=(host,)),
        cand(3, 7000, preferences=(other,)),
    ]
    result = select(people, places=5, quotas=quotas).by_id()
    assert result[1].outcome is Outcome.SELECTED
    assert "quota for Escola full" in result[2].reason.render()
    assert result[3].outcome is Outcome.SELECTED


def test_promotion_takes_the_first_reserve_that_fits_quotas() -> None:
    pt, fi = Slot(country="PT"), Slot(country="FI")
    people = [
        cand(1, 9900, preferences=(fi,)),
        cand(2, 9800, preferences=(pt,)),
        cand(3, 9700, preferences=(pt,)),  # reserve 1, PT full
        cand(4, 9600, preferences=(fi,)),  # reserve 2
    ]
    quotas = [Quota(1, country="PT"), Quota(1, country="FI")]
    result = select(people, places=2, quotas=quotas)
    assert [d.id for d in result.selected] == [1, 2]
    ranked = rank(people, tuple(TieBreaker))
    reserve_ids = [d.id for d in result.reserves]
    assert reserve_ids == [3, 4]
    # the FI participant withdraws: reserve 1 (PT) does not fit, reserve 2 (FI) does
    proposal = propose_promotion(ranked, [1, 2], reserve_ids, people[0], 2, quotas)
    assert proposal is not None and proposal.candidate_id == 4
    assert proposal.reason.render() == "rank 4; selected from reserve 2 after A001 withdrew (FI)"
    # the PT participant withdraws: reserve 1 fits
    proposal = propose_promotion(ranked, [1, 2], reserve_ids, people[1], 2, quotas)
    assert proposal is not None and proposal.candidate_id == 3


def test_no_promotion_when_nobody_fits() -> None:
    pt = Slot(country="PT")
    people = [cand(1, 9900), cand(2, 9800, preferences=(pt,))]
    ranked = rank(people, ())
    assert propose_promotion(ranked, [1], [2], people[0], 1, [Quota(0, country="PT")]) is None
