"""Fixtures of the accounts tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests make and sign in many users; the real hasher's deliberate slowness (over a
    # million PBKDF2 rounds each) would dominate their run time and prove nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
