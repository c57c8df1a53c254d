"""Thin RQ job functions and the one place that declares schedules."""
