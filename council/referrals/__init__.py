"""Referrals: questions the city puts to the council."""
