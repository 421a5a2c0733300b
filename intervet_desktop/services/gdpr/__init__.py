"""The GDPR duties: what is held about one person (access requests), anonymising a person,
and the retention rule that anonymises people once their projects' records may go."""
