"""The LINE webhook: verify, de-duplicate, enqueue; then route each event to a flow."""
