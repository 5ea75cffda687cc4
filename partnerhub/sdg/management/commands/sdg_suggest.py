"""``sdg_suggest``: SDG goals and targets for a text, or the backfill over untagged activities."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.sdg.selectors import sdg_suggest, suggestion_document
from partnerhub.sdg.services import BackfillReport, sdg_backfill
from partnerhub.sdg.tasks import sdg_backfill_start


class Command(BaseCommand):
    help = (
        "Suggest SDG goals and targets for a text in Traditional Chinese, English or both "
        "(--text, or '-' for standard input), or, with --backfill, queue the background job (run "
        "by core_worker) that stores suggestions (status 'suggested', never reported SDGs) on every activity "
        "without a reported SDG."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--text", help="The text to read; '-' reads standard input.")
        parser.add_argument(
            "--lang",
            choices=["zh-Hant", "en"],
            default=None,
            help="The text's language (default: detect).",
        )
        parser.add_argument("--json", action="store_true", help="Print the API's JSON answer.")
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Store suggestions on untagged activities, as a background task.",
        )
        parser.add_argument(
            "--inline",
            action="store_true",
            help="With --backfill: run in this process and print progress instead of enqueueing.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="With --backfill: at most this many activities."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["backfill"]:
            self._backfill(options)
            return
        text = options["text"]
        if text is None:
            raise CommandError("Give --text or --backfill. / 請指定 --text 或 --backfill。")
        if text == "-":
            text = sys.stdin.read()
        try:
            suggestion = sdg_suggest(text, options["lang"])
        except PartnerHubError as exc:
            raise CommandError(f"{exc.message_zh}\n{exc.message_en}") from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(suggestion_document(suggestion), ensure_ascii=False, indent=1)
            )
            return
        goals = ", ".join(f"{g.goal} ({g.score:.2f})" for g in suggestion.goals) or "-"
        targets = ", ".join(f"{t.target} ({t.score:.2f})" for t in suggestion.targets) or "-"
        self.stdout.write(f"goals: {goals}")
        self.stdout.write(f"targets: {targets}")
        for reason in suggestion.reasons:
            what = reason.keyword or reason.text[:100]
            self.stdout.write(f"  {reason.goal:>2} {reason.kind}: {what} ({reason.score:.2f})")
        for notice in suggestion.notices:
            self.stdout.write(f"{notice.message_zh} / {notice.message_en}")

    def _backfill(self, options: dict[str, Any]) -> None:
        if options["inline"]:

            def progress(report: BackfillReport) -> None:
                self.stdout.write(
                    f"{report.activities} activities read, {report.suggestions} suggestions stored"
                )

            report = sdg_backfill(limit=options["limit"], progress=progress)
            self.stdout.write(
                f"done: {report.activities} activities, {report.with_suggestions} with suggestions, "
                f"{report.suggestions} suggestions, {report.empty} without text"
            )
            return
        try:
            job = sdg_backfill_start(limit=options["limit"])
        except PartnerHubError as exc:
            raise CommandError(f"{exc.message_zh}\n{exc.message_en}") from exc
        if job.state == job.State.FAILED:
            raise CommandError(f"{job.error_zh}\n{job.error_en}")
        self.stdout.write(
            f"job {job.pk} queued: {job.total} activities without a reported SDG; "
            "a worker (core_worker) runs it"
        )
