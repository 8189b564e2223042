"""Notifications on the site and by email, with each person's settings."""
