"""People with an account: the administrator's and the member's first paths."""

import pytest

pytestmark = pytest.mark.browser

ADMIN = "admin@council.example"
# One demo member per language × device, so that the four runs never share an account.
MEMBERS = {
    ("fr", "phone"): ("karim@council.example", "Karim", "Karim M."),
    ("fr", "desktop"): ("fatou@council.example", "Fatou Diallo", "Fatou D."),
    ("ar", "phone"): ("amina@council.example", "Amina B.", "أمينة"),
    ("ar", "desktop"): ("youssef@council.example", "Youssef", "يوسف ع."),
}


def test_admin_invites_a_member_and_adds_a_service(journey, demo_password):
    page, t = journey.page, journey.t
    journey.login(ADMIN, demo_password)
    journey.expect_text(t("People and their roles"))
    journey.follow(journey.menu("Invitations"), "invitations")
    journey.picture("admin-invitations", device="desktop")
    invitee = f"new-{journey.locale}-{journey.device}@example.org"
    main = page.locator("main")
    main.get_by_label(t("Email address of the person")).fill(invitee)
    main.get_by_label(t("Council member"), exact=True).check()
    journey.submit("invitation-sent", t("Send the invitation"))
    journey.expect_text(t("Invitation sent to %(email)s.", email=invitee))
    assert main.get_by_role(
        "cell", name=invitee
    ).first.is_visible()  # a card on a phone: label + value

    journey.follow(journey.menu("Services"), "services")
    journey.follow(main.get_by_role("link", name=t("Add a service")), "new-service")
    french = f"Mobilités ({journey.locale}, {journey.device})"
    arabic = f"التنقل ({journey.locale}, {journey.device})"
    main.get_by_label(t("Name (in French)")).fill(french)
    main.get_by_label(t("Contact email address")).fill("mobilites@ville.example")
    main.get_by_label(t("Description")).fill("Transports en commun, vélo, stationnement.")
    main.get_by_label("العربية").fill(arabic)
    main.get_by_label("English").fill("Mobility")
    journey.submit("service-created", t("Save"))
    journey.expect_text(t("Service created."))
    journey.expect_text(arabic if journey.locale == "ar" else french, within="h1")

    journey.follow(journey.menu("People"), "people")
    journey.expect_text("Amina B.")
    journey.expect_text("habitat@council.example")

    journey.log_out()
    journey.expect_text(t("You are logged out."))
    assert journey.account_area().get_by_role("link", name=t("Log in")).is_visible()


def test_member_changes_their_display_name(journey, demo_password):
    page, t = journey.page, journey.t
    email, name, new_name = MEMBERS[(journey.locale, journey.device)]
    journey.login(email, demo_password)
    journey.expect_text(t("Hello %(name)s", name=name), within="h1")
    journey.expect_text(t("Council member"))

    journey.follow(journey.account_area().get_by_role("link", name=name), "account")
    journey.expect_text(email)
    main = page.locator("main")
    main.get_by_label(t("Name shown to others")).fill(new_name)
    journey.submit("profile-saved", t("Save"))
    journey.expect_text(t("Your profile is saved."))
    assert journey.account_area().get_by_role("link", name=new_name).is_visible()

    journey.follow(journey.menu("My page"), "my-page")
    journey.expect_text(t("Hello %(name)s", name=new_name), within="h1")
