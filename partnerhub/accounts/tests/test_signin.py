"""Sign-up with email verification, sign-in, lockout, password reset and two factors for staff."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from partnerhub.test import (
    administrator,
    compile_catalogues,
    grants_admin,
    make_user,
    outsider,
    totp_code,
    url_in,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def catalogues():
    compile_catalogues()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Inbox:
    """An aiosmtpd handler that keeps every message the loopback SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    options = {"host": "127.0.0.1", "port": controller.port, "use_tls": False, "timeout": 5}
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }
    yield inbox
    controller.stop()


def text_of(message: Any) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def subject_of(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def sign_up(client, email="ngo@example.org", username="ngo-staff"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD},
    )


def sign_in(client, login, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_it_signs_up_and_confirms_the_address_from_a_mail_read_off_the_smtp_server(
    client, smtp_inbox
):
    response = sign_up(client)
    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="ngo@example.org").verified
    [message] = smtp_inbox.messages
    assert message["To"] == "ngo@example.org"
    assert "[Partner Hub]" in subject_of(message)
    body = text_of(message)
    assert "請確認" in subject_of(message) or "確認" in body, "the mail is in Traditional Chinese"
    # The link opens the page in the language the visitor signed up in.
    link = re.search(r"https?://[^\s]+/zh-hant/accounts/confirm-email/[^\s]+", body).group(0)
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="ngo@example.org").verified
    client.logout()
    assert sign_in(client, "ngo@example.org").status_code == 302
    assert client.get(reverse("accounts:organisations")).status_code == 200


def test_it_refuses_to_sign_in_before_the_address_is_confirmed(client):
    sign_up(client)
    client.logout()
    response = sign_in(client, "ngo@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:organisations")).status_code == 302


@pytest.mark.parametrize(
    ("language", "heading", "field"),
    [("zh-hant", "登入", "密碼"), ("en", "Sign In", "Password")],
)
def test_it_shows_the_sign_in_pages_in_both_languages(client, language, heading, field):
    for name in ("account_login", "account_signup", "account_reset_password"):
        page = client.get(url_in(language, name)).content.decode()
        assert '<main id="main"' in page, "inside the portal's layout"
    page = client.get(url_in(language, "account_login")).content.decode()
    assert heading in page and field in page


def test_it_locks_an_account_out_on_this_address_after_five_failures(client):
    user = make_user("ngo-staff", email="ngo@example.org")
    EmailAddress.objects.create(user=user, email="ngo@example.org", verified=True, primary=True)
    for _ in range(4):
        assert sign_in(client, "ngo@example.org", "wrong").status_code == 200
    locked = client.post(
        url_in("en", "account_login"), {"login": "ngo@example.org", "password": "wrong"}
    )
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Locked even with the right password until the cool-off time passes.
    assert sign_in(client, "ngo@example.org").status_code == 429
    # Another account from the same address is not locked.
    other = make_user("other", email="other@example.org")
    EmailAddress.objects.create(user=other, email="other@example.org", verified=True, primary=True)
    assert sign_in(client, "other@example.org").status_code == 302


def test_it_resets_a_forgotten_password_through_the_mailed_link(client):
    user = make_user("ngo-staff", email="ngo@example.org")
    EmailAddress.objects.create(user=user, email="ngo@example.org", verified=True, primary=True)
    client.post(url_in("en", "account_reset_password"), {"email": "ngo@example.org"})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/en/accounts/password/reset/key/[^\s]+)", message.body)
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new = "a brand new passphrase 42"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert User.objects.get(pk=user.pk).check_password(new)


def test_it_makes_staff_set_up_an_authenticator_before_anything_else(client):
    # Made by an operator, as createsuperuser does: no address to confirm, no authenticator yet.
    staff = make_user("new-officer", is_staff=True, email="officer@example.org")
    Authenticator.objects.filter(user=staff).delete()
    assert sign_in(client, "new-officer").status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a new authenticator is added.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(url_in("en", "mfa_activate_totp"))
    assert page.status_code == 200 and "Authenticator" in page.content.decode()


def test_it_asks_a_staff_member_for_the_code_after_the_password(client):
    staff = grants_admin()
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    response = sign_in(client, staff.username)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:organisations")).status_code == 302, "not signed in yet"
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert done.status_code == 302
    assert client.get(reverse("accounts:organisations")).status_code == 200


def test_it_sends_the_admin_sign_in_through_the_sites_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(outsider())
    assert client.get(reverse("admin:login")).status_code == 200


def test_it_lets_a_staff_member_with_an_authenticator_use_the_admin(client):
    client.force_login(administrator())
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_leaves_ngo_staff_without_a_second_factor(client):
    client.force_login(make_user("ngo", email="n@example.org"))
    assert client.get(reverse("accounts:organisations")).status_code == 200
    assert not Authenticator.objects.exists()
