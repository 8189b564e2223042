"""Human translations of what people write (proposals, comments, referrals…), the queue of
texts waiting for a translator, easy-read preferences and per-text read counts.

Named `translations_content` so it never clashes with the `translations/` catalog folder, which
holds the interface's own strings."""
