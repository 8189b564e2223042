"""The JSON API under /api/v1/: public reads, and writes by services with their own token."""
