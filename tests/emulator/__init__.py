"""Tests of the LINE platform emulator (bot/emulator)."""
