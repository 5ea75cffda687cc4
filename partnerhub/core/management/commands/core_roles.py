"""Create or update the role groups so that each holds exactly the permissions of its role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.roles import roles_sync


class Command(BaseCommand):
    help = (
        "Create or update the role groups (Registry editor, Registry reviewer, Data administrator, "
        "Auditor, and the grant portal's ngo_member, ngo_admin, mofa_reviewer, icdf_officer, "
        "approver, grants_admin) so that each holds exactly its permissions; run after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report the changes; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = roles_sync(dry_run=options["dry_run"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        for r in results:
            state = "created" if r.created else "updated" if r.added or r.removed else "unchanged"
            self.stdout.write(
                f"{r.name}: {state}, {r.added} permissions added, {r.removed} removed"
            )
        changed = sum(1 for r in results if r.created or r.added or r.removed)
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(f"core_roles: {len(results)} roles, {verb} {changed}.")
