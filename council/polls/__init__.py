"""Polls: one vote on one question, its ballots, and its frozen result."""
