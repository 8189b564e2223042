"""The security log: recording (record.py), the admin page, the purge command."""
