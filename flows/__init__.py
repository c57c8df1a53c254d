"""Conversations: each a small definition, run against one event at a time."""
