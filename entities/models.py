"""Entities, aliases, mentions, events, quotes, amounts and dates (see the extraction issue)."""
