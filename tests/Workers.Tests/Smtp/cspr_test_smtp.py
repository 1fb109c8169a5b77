"""An aiosmtpd handler for the tests: keeps every accepted message in a maildir, and answers some
recipients the way real gateways do. A local part starting with "reject" is refused for good (550);
one starting with "busy" is refused for now (451)."""
from aiosmtpd.handlers import Mailbox


class Recording(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 Mailbox unavailable"
        if local.startswith("busy"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
