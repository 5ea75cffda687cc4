"""Personas and helpers shared by the test suite."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User


def make_user(username: str, *, groups: tuple[str, ...] = (), **extra: Any) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple", **extra)
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user


def outsider() -> User:
    """Someone with an account and no role at all."""
    return make_user("outsider")


def administrator() -> User:
    return make_user("admin", is_staff=True, is_superuser=True)
