"""Real SMTP servers for the mail tests: aiosmtpd that records what it accepts (and can refuse
or do something at the moment it accepts), and a server that accepts and never answers."""

import socket
import threading
from contextlib import contextmanager, suppress
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler: keeps (recipients, parsed message) of each accepted mail.

    `refuse` maps a recipient to the SMTP reply given to it (e.g. "550 5.1.1 No such user");
    `on_accept` is called just before the "250" of each message (the moment a fault test
    breaks the database).
    """

    def __init__(self, refuse: dict | None = None, on_accept=None):
        self.messages = []
        self.raw: list[bytes] = []  # the bytes as received (headers exactly as sent)
        self.refuse = refuse or {}
        self.on_accept = on_accept
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message))
            self.raw.append(envelope.content)
            count = len(self.messages)
        if self.on_accept:
            self.on_accept(count, message)
        return "250 OK"

    def recipients(self) -> list[str]:
        return [rcpt for rcpts, _message in self.messages for rcpt in rcpts]


@contextmanager
def smtp_server(handler):
    """aiosmtpd serving `handler` on a free port; yields the port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def silent_smtp_server():
    """Accepts connections and never says a word (not even the greeting); yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        for connection in held:
            with suppress(OSError):
                connection.close()
