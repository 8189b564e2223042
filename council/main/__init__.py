"""The home page, the accessibility statement and health checks."""
