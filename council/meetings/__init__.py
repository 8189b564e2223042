"""Meetings: scheduling, agenda, RSVP, attendance and proxies."""
