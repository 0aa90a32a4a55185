"""Molt's Horizon plugin: Admin > Compute > Rolling Upgrades (docs/horizon.md)."""
