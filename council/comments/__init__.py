"""Comments on proposals, recommendations and referrals, and their moderation."""
