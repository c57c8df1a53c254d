"""The only code that talks to LINE: the API client, message builders and the outbox."""
