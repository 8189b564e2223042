"""The admin's pages: accounts, roles and settings."""
