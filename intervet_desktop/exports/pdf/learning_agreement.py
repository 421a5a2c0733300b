"""The learning agreement's own placeholders and conditions (a learner's outcomes, tasks, tutor,
mentor, recognition and, for a minor, the parent or guardian who signs too)."""

from __future__ import annotations

from intervet_desktop.exports.pdf.model import LearnerData

PLACEHOLDERS = frozenset(
    {
        "guardian_name",
        "guardian_contact",
        "school_mentor",
        "outcomes_knowledge",
        "outcomes_skills",
        "outcomes_competences",
        "tasks",
        "assessment",
        "recognition",
        "insurance_policy",
        "insurer",
        "ehic_number",
    }
)
CONDITIONS = frozenset({"minor", "has_insurance"})


def values(learner: LearnerData | None) -> tuple[dict[str, str], dict[str, bool]]:
    """Text values and flags for the template (empty ones for a mobility without learner data)."""
    if learner is None:
        return dict.fromkeys(PLACEHOLDERS, ""), dict.fromkeys(CONDITIONS, False)
    text = {name: getattr(learner, name) for name in PLACEHOLDERS}
    flags = {
        "minor": learner.minor,
        "has_insurance": bool(learner.insurance_policy or learner.ehic_number),
    }
    return text, flags
