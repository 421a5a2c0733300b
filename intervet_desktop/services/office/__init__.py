"""Use cases of the international office (issue 18): roadmap, team and training, network,
programme participation, dissemination, calendar."""
