"""File writers: DTOs in, file out (xlsx, csv, pdf). No DB, no Qt."""
