from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partnerhub.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The predicates register the object permissions that views and services ask for.
        from partnerhub.accounts import rules  # noqa: F401
