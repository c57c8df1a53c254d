"""The domain of sammachip-bot: settings, models, services, the LINE sender and outbox,
the knowledge base and every Thai text. It imports none of the layers above it."""
