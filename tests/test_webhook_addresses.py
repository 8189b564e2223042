"""IPv6 addresses that lead to a private IPv4 address through a transition mechanism are
refused like the IPv4 address itself (issue 11, point 9: 6to4 slipped through)."""

import pytest
from sqlalchemy import select

from council.errors import OperationError
from council.extensions import db
from council.webhooks import operations as webhooks
from council.webhooks.addresses import is_public
from council.webhooks.models import WebhookEndpoint
from tests.api_helpers import bearer, service_with_token
from tests.test_api import error_of

INSIDE = {
    "6to4 of 10.0.0.1": "2002:a00:1::1",
    "6to4 of 127.0.0.1": "2002:7f00:1::",
    "6to4 of the cloud metadata address": "2002:a9fe:a9fe::",
    "6to4 of 192.168.1.20": "2002:c0a8:114::1",
    "NAT64 of 10.0.0.1": "64:ff9b::a00:1",
    "NAT64 local-use of 172.16.0.5": "64:ff9b:1::ac10:5",
    "IPv4-mapped 10.0.0.1": "::ffff:10.0.0.1",
    "IPv4-translated 10.0.0.1": "::ffff:0:a00:1",
    "IPv4-compatible 10.0.0.1": "::a00:1",
    "IPv4-compatible 127.0.0.1": "::7f00:1",
    "ISATAP of 192.168.0.1": "2a00:1450::200:5efe:c0a8:1",
    "ISATAP of 10.0.0.1": "2a00:1450::5efe:a00:1",
    "Teredo": "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "site-local": "fec0::1",
    "unique local": "fd00::1",
}
OUTSIDE = {
    "6to4 of a public address": "2002:5db8:d70e::1",
    "NAT64 of a public address": "64:ff9b::5db8:d70e",
    "IPv4-mapped public": "::ffff:93.184.215.14",
    "plain public IPv6": "2a00:1450:4007:80e::200e",
}


@pytest.mark.parametrize("address", INSIDE.values(), ids=INSIDE.keys())
def test_an_address_leading_inside_is_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_an_address_leading_to_a_public_one_is_public(address):
    assert is_public(address)


@pytest.mark.parametrize("address", INSIDE.values(), ids=INSIDE.keys())
def test_registration_refuses_it_on_the_site_and_through_the_api(client, app, address):
    service, _token, value = service_with_token("Habitat")
    with pytest.raises(OperationError) as refused:
        webhooks.register_webhook(service, f"https://[{address}]/hook", by=None)
    assert refused.value.field == "url"
    db.session.rollback()
    response = client.post(
        f"/api/v1/services/{service.id}/webhooks",
        json={"url": f"https://[{address}]/hook"},
        headers=bearer(value),
    )
    assert "url" in error_of(response, 422)["fields"]
    assert db.session.scalars(select(WebhookEndpoint)).all() == []
