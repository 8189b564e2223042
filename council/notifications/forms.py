from council.forms import ChoiceField, CouncilForm
from council.notifications.kinds import DELIVERY_LABELS, KIND_LABELS
from council.notifications.models import Delivery, NotificationKind


def preferences_form(
    current: dict[NotificationKind, Delivery], kinds: list[NotificationKind]
) -> CouncilForm:
    """One choice per kind of notification that can reach the person (`kinds`), named after the
    kind (stable for forms and tests)."""
    choices = [(delivery.value, label) for delivery, label in DELIVERY_LABELS.items()]
    fields = {
        kind.value: ChoiceField(KIND_LABELS[kind], choices=choices, default=current[kind].value)
        for kind in kinds
    }
    return type("PreferencesForm", (CouncilForm,), fields)()
