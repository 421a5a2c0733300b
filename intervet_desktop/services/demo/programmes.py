"""What each demo mobility is for: the programme a mobility agreement and a certificate print.

Three variants per activity, chosen by the mobility's id (no random draw, so adding programmes
changed no other demo value). Written in English, the working language of most placements.
"""

from __future__ import annotations

from intervet_desktop.core.enums import ActivityType

A = ActivityType

ADDED_VALUE = (
    "Part of the school's Erasmus plan: internationalisation of the workshops and of the "
    "company network, and better support for learners with fewer opportunities.",
    "Builds on earlier mobilities with this host; what is learnt feeds the department's "
    "yearly plan and the InterVET partnership's toolkit.",
    "Gives the department first-hand experience of another VET system before the school "
    "sends learners to the same sector abroad.",
)

#: objectives, activities, expected outcomes
Texts = tuple[str, str, str]

STAFF: dict[ActivityType, tuple[Texts, ...]] = {
    A.JOB_SHADOWING: (
        (
            "Observe how the host organises work-based learning and assesses apprentices, and "
            "compare it with our dual-track courses.",
            "Shadowing teachers in workshop and classroom lessons; meetings with the "
            "company-relations coordinator; visits to two partner companies; a debriefing with "
            "the host tutor at the end of each day.",
            "A short report for colleagues and a revised internship checklist for our workshops; "
            "at least one practice tried in class within three months.",
        ),
        (
            "Learn how the host school plans internships with local companies and keeps in touch "
            "with company tutors during placements.",
            "Observation of practical lessons and assessment sessions; joint review of internship "
            "agreements and tutor reports; meeting with the host's international office.",
            "Ideas for our company network and tutor training presented at the staff meeting; new "
            "contacts for future learner mobilities.",
        ),
        (
            "Study the host's approach to including learners with fewer opportunities in workshop teaching.",
            "Lessons with mixed-ability groups; interviews with the support teacher and the school "
            "counsellor; study of the host's individual learning plans.",
            "A set of inclusive teaching practices shared with the department; a proposal for a "
            "joint activity with the host next school year.",
        ),
    ),
    A.TEACHING: (
        (
            "Teach a module of our curriculum to the host's learners and exchange teaching methods "
            "with their teachers.",
            "Eight hours of teaching in workshop and classroom; co-planning with a host teacher; "
            "feedback session with the learners.",
            "Teaching materials adapted for an international class; a shared lesson plan used by "
            "both schools.",
        ),
        (
            "Share our experience of project-based learning with the host's teaching staff.",
            "Two workshops for teachers, four lessons with learners, and a visit to a company that "
            "hosts the school's apprentices.",
            "A joint project brief for learners of both schools; feedback collected from the host's "
            "teachers.",
        ),
        (
            "Strengthen the partnership by teaching a short practical course at the host school.",
            "Practical lessons on safety and quality procedures in the workshop; assessment of the "
            "learners' work together with the host teacher.",
            "A common assessment grid for the practical course; plans for a learner exchange.",
        ),
    ),
    A.COURSE: (
        (
            "Update digital skills for teaching in the workshop: simulation software and online portfolios.",
            "Five-day structured course with hands-on sessions, a study visit to a training centre "
            "and a final project.",
            "Certificate of attendance; a training session for colleagues back at school.",
        ),
        (
            "Learn methods for teaching the green transition in vocational courses.",
            "Structured course on sustainability in VET, visits to two companies, group work with "
            "teachers from other countries.",
            "A sustainability unit added to one of our courses; contacts with teachers abroad.",
        ),
        (
            "Improve classroom management and support for learners with special needs.",
            "Structured course with practical exercises, case studies and peer observation.",
            "Certificate of attendance; a short guide for colleagues on the methods learnt.",
        ),
    ),
    A.INVITED_EXPERT: (
        (
            "Bring the expert's knowledge of apprenticeship quality frameworks to our staff.",
            "Two seminars for teachers, a review of our internship procedures, and meetings with "
            "the school's company partners.",
            "Recommendations for our quality procedures; material used in staff training.",
        ),
        (
            "Support the department in designing a new course unit with international content.",
            "Working sessions with the teaching team; a guest lesson for learners; review of draft "
            "materials.",
            "A course unit ready for the next school year; a lasting contact with the expert.",
        ),
        (
            "Help the international office prepare learner mobilities in the expert's sector.",
            "Meetings with teachers and learners, a workshop on preparing placements abroad, and a "
            "review of the learning agreements.",
            "Improved preparation of learners before departure; new host contacts.",
        ),
    ),
}

LEARNER: tuple[Texts, ...] = (
    (
        "Gain work experience in a company of the sector abroad and practise the foreign language at work.",
        "Work placement under the guidance of the host tutor: daily tasks of the trade, safety "
        "briefing, weekly review of progress.",
        "Learning outcomes assessed by the host tutor and recognised in the learner's training "
        "plan; Europass Mobility document.",
    ),
    (
        "Develop the technical and social skills of the learner's qualification in a real "
        "working environment.",
        "Placement in the host company's workshop, rotating between two departments; a short "
        "project presented at the end.",
        "Assessed units of the qualification; improved confidence and language skills.",
    ),
    (
        "Learn the working methods of the sector in another country.",
        "Training on the job with the host's staff, a visit to a supplier or client, and a "
        "logbook kept by the learner.",
        "Logbook and host assessment used for the learner's final grade.",
    ),
)

ACCOMPANYING: Texts = (
    "Accompany the group of learners and support their placement.",
    "Accompanying the learners, visits to the host companies, daily contact with the host tutors.",
    "Learners supported through their first days abroad; placement reports collected.",
)


def programme_texts(
    activity: ActivityType, accompanying: bool, mobility_id: int
) -> tuple[str, str, str, str]:
    """Objectives, activities, outcomes and added value of a demo mobility."""
    variant = mobility_id % 3
    if accompanying:
        texts = ACCOMPANYING
    elif activity.is_learner:
        texts = LEARNER[variant]
    else:
        texts = STAFF[activity][variant]
    return (*texts, ADDED_VALUE[(mobility_id // 3) % 3])
