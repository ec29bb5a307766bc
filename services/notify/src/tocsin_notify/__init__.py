"""Tocsin notify service."""
