"""The modules that connect receivers to `council.signals` (importing one connects them).

`create_app` imports this module, so the receivers listen whatever the entry point is: the
site, a `flask` command or a test. A new receiver module goes into this list."""

from council.minutes import subscriptions as minutes_subscriptions
from council.notifications import public_follows
from council.notifications import receivers as notification_receivers
from council.webhooks import subscriptions as webhooks_subscriptions

RECEIVER_MODULES = (
    minutes_subscriptions,
    notification_receivers,
    public_follows,
    webhooks_subscriptions,
)
