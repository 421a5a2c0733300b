"""Learner mobilities: guardian and consent, insurance, learning agreement data, Europass Mobility,
accompanying persons, the pre-departure checklist and the group view of a class."""
