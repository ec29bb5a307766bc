"""Tocsin classify service."""
