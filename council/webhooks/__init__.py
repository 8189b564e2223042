"""Signed webhooks: services' systems are told when something concerns them."""
