"""Recommendations: adopted proposals sent to the city's services, their responses and
follow-ups."""
