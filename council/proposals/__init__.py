"""Proposals: members write them, gather support, submit them; the council debates and votes."""
