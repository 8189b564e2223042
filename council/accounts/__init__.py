"""Accounts: invitations, login, passwords, sessions, profiles."""
