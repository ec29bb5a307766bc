"""Tocsin ingest service."""
