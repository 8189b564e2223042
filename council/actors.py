"""Who acts: every operation takes `by`, the acting User, or None when no person acts (the cron,
a service's own API token). Never the current user read behind the caller's back."""


def actor_id(by) -> int | None:
    """The acting user's id for an `…_by_id` column; None only when no person acts. An anonymous
    visitor is not an actor: passing one is a mistake, and fails here rather than hiding."""
    return None if by is None else by.id
