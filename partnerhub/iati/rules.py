"""The IATI Standard's rulesets (rulesets/standard.json, rule types of rulesets/SPEC.rst).

Each rule type is one small function ``(element, case) -> list[(node, message)]`` of failures;
contexts are evaluated relative to each activity as it streams past. Rules that need the IATI
Registry (``idCondition`` sets, ``ORG-ID-PREFIX``) are applied without it: ORG-ID-PREFIX cases
are skipped and NOT_EXISTING_ORG_ID is taken as true.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

Failure = tuple[Any, str]
Case = dict[str, Any]
ACTIVITY_CONTEXT = "/iati-activities/iati-activity"


def _nodes(element: etree._Element, path: str) -> list[Any]:
    try:
        found = element.xpath(path)
    except etree.XPathError:
        return []
    return found if isinstance(found, list) else []


def _truth(element: etree._Element, expression: str) -> bool:
    try:
        return bool(element.xpath(expression))
    except etree.XPathError:
        return True


def _text(node: Any) -> str:
    return str(node) if isinstance(node, str) else (node.text or "")


def _date(element: etree._Element, path: str) -> dt.date | None:
    for node in _nodes(element, path):
        try:
            return dt.date.fromisoformat(_text(node).strip()[:10])
        except ValueError:
            return None
    return None


def _all_paths(element: etree._Element, case: Case) -> list[Any]:
    return [n for p in case.get("paths", []) for n in _nodes(element, p)]


def atleast_one(element: etree._Element, case: Case) -> list[Failure]:
    return [] if _all_paths(element, case) else [(element, "")]


def no_more_than_one(element: etree._Element, case: Case) -> list[Failure]:
    found = _all_paths(element, case)
    return [(found[1], "")] if len(found) > 1 else []


def dependent(element: etree._Element, case: Case) -> list[Failure]:
    present = [bool(_nodes(element, p)) for p in case.get("paths", [])]
    return [(element, "")] if any(present) and not all(present) else []


def _sum(element: etree._Element, case: Case) -> list[Failure]:
    total = Decimal(0)
    found = _all_paths(element, case)
    for node in found:
        try:
            total += Decimal(_text(node).strip())
        except InvalidOperation:
            return [(node, f"{_text(node)!r} is not a number")]
    if found and total != Decimal(str(case["sum"])):
        return [(element, f"the sum is {total}")]
    return []


def date_order(element: etree._Element, case: Case) -> list[Failure]:
    less, more = _date(element, case["less"]), _date(element, case["more"])
    if case["more"] == "NOW":
        more = dt.date.today()
    if less and more and less > more:
        return [(element, f"{less} is after {more}")]
    return []


def date_now(element: etree._Element, case: Case) -> list[Failure]:
    day = _date(element, case["date"])
    return [(element, f"{day} is in the future")] if day and day > dt.date.today() else []


def time_limit(element: etree._Element, case: Case) -> list[Failure]:
    start, end = _date(element, case["start"]), _date(element, case["end"])
    if start and end and (end - start).days > 366:
        return [(element, f"{start} to {end}")]
    return []


def between_dates(element: etree._Element, case: Case) -> list[Failure]:
    day = _date(element, case["date"])
    start, end = _date(element, case["start"]), _date(element, case["end"])
    if day and start and end and not start <= day <= end:
        return [(element, f"{day} is outside {start} to {end}")]
    return []


def regex_matches(element: etree._Element, case: Case) -> list[Failure]:
    pattern = re.compile(case["regex"])
    return [(n, repr(_text(n))) for n in _all_paths(element, case) if not pattern.search(_text(n))]


def regex_no_matches(element: etree._Element, case: Case) -> list[Failure]:
    pattern = re.compile(case["regex"])
    return [(n, repr(_text(n))) for n in _all_paths(element, case) if pattern.search(_text(n))]


def startswith(element: etree._Element, case: Case) -> list[Failure]:
    prefixes = [_text(n) for p in case.get("prefix", []) for n in _nodes(element, p)]
    if "ORG-ID-PREFIX" in case.get("prefix", []) or not prefixes:
        return []
    separator = case.get("separator", "")
    return [
        (n, repr(_text(n)))
        for n in _all_paths(element, case)
        if not any(_text(n).startswith(p + separator) for p in prefixes if p)
    ]


def unique(element: etree._Element, case: Case) -> list[Failure]:
    texts = [_text(n).strip() for n in _all_paths(element, case)]
    return [(element, repr(texts[0]))] if len(texts) != len(set(texts)) else []


def no_spaces(element: etree._Element, case: Case) -> list[Failure]:
    return [(n, repr(_text(n))) for n in _all_paths(element, case) if _text(n) != _text(n).strip()]


def range_(element: etree._Element, case: Case) -> list[Failure]:
    failures = []
    for node in _all_paths(element, case):
        try:
            value = Decimal(_text(node).strip())
        except InvalidOperation:
            failures.append((node, repr(_text(node))))
            continue
        low, high = case.get("min"), case.get("max")
        if (low is not None and value < Decimal(str(low))) or (
            high is not None and value > Decimal(str(high))
        ):
            failures.append((node, str(value)))
    return failures


def if_then(element: etree._Element, case: Case) -> list[Failure]:
    if _truth(element, case["if"]) and not _truth(element, case["then"]):
        return [(element, "")]
    return []


def one_or_all(element: etree._Element, case: Case) -> list[Failure]:
    """``one`` exists, or else every element that ``all`` names carries it (SPEC.rst).

    The Standard uses three kinds of ``all``: ``lang`` (every narrative has ``xml:lang``),
    ``currency`` (every monetary value has ``@currency``) and ``sector`` (every transaction
    declares a sector).
    """
    if _nodes(element, case["one"]):
        return []
    kind = case["all"]
    if kind == "currency":
        return [(n, "") for n in _MONEY(element) if not (n.get("currency") or "").strip()][:1]
    if kind == "sector":
        return [(t, "") for t in element.iterchildren("transaction") if t.find("sector") is None][
            :1
        ]
    return [
        (n, "")
        for n in element.iter("narrative")
        if not n.get(f"{{http://www.w3.org/XML/1998/namespace}}{kind}")
    ][:1]


#: The monetary values of an activity or organisation (rule 7.8.1/7.8.2).
_MONEY = etree.XPath(".//value | .//forecast | .//loan-status")


def only_one_of(element: etree._Element, case: Case) -> list[Failure]:
    excluded = any(_nodes(element, p) for p in case.get("excluded", []))
    found = _all_paths(element, case)
    if (excluded and found) or (not excluded and len(found) != 1):
        return [(element, "")]
    return []


def loop_cases(element: etree._Element, case: Case) -> list[tuple[str, Case]]:
    """The cases a ``loop`` stands for: each inner case once per value of ``foreach``, with
    ``$1`` replaced by that value; each keeps its own ``ruleInfo`` (id, message, severity)."""
    out: list[tuple[str, Case]] = []
    for value in sorted({_text(v) for v in _nodes(element, case["foreach"])}):
        for name, body in case["do"].items():
            for inner in body["cases"]:
                substituted = json.loads(json.dumps(inner).replace("$1", value.replace('"', "")))
                out.append((name, substituted))
    return out


def loop(element: etree._Element, case: Case) -> list[Failure]:
    failures: list[Failure] = []
    for name, inner in loop_cases(element, case):
        failures.extend(_apply(name, element, inner))
    return failures


RULES: dict[str, Callable[[etree._Element, Case], list[Failure]]] = {
    "atleast_one": atleast_one,
    "no_more_than_one": no_more_than_one,
    "dependent": dependent,
    "sum": _sum,
    "strict_sum": _sum,
    "date_order": date_order,
    "date_now": date_now,
    "time_limit": time_limit,
    "between_dates": between_dates,
    "regex_matches": regex_matches,
    "regex_no_matches": regex_no_matches,
    "startswith": startswith,
    "unique": unique,
    "no_spaces": no_spaces,
    "range": range_,
    "if_then": if_then,
    "one_or_all": one_or_all,
    "only_one_of": only_one_of,
    "loop": loop,
}


def _apply(name: str, element: etree._Element, case: Case) -> list[Failure]:
    rule = RULES.get(name)
    if rule is None or ("condition" in case and not _truth(element, case["condition"])):
        return []
    return rule(element, case)


@cache
def load_ruleset(path: Path) -> list[tuple[str, str, Case]]:
    """``(relative context, rule name, case)`` for the activity contexts of a ruleset file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str, Case]] = []
    for context, rules in data.items():
        relative = _relative(context)
        if relative is None:
            continue
        for name, body in rules.items():
            out.extend((relative, name, case) for case in body.get("cases", []))
    return out


def _relative(context: str) -> str | None:
    parts = []
    for alternative in context.split("|"):
        alternative = alternative.strip()
        if alternative.startswith("//"):
            parts.append("." + alternative)
        elif alternative == ACTIVITY_CONTEXT:
            parts.append(".")
        elif alternative.startswith(ACTIVITY_CONTEXT + "/"):
            parts.append(alternative[len(ACTIVITY_CONTEXT) + 1 :])
        else:
            return None
    return " | ".join(parts)


def check_activity(
    element: etree._Element, ruleset: list[tuple[str, str, Case]]
) -> list[tuple[Any, str, Case, str]]:
    """Every failed case for one activity: (node, rule name, case, detail)."""
    failures: list[tuple[Any, str, Case, str]] = []
    for context, name, case in ruleset:
        targets = [element] if context == "." else _nodes(element, context)
        for target in targets:
            if not isinstance(target, etree._Element):
                continue
            if name == "loop" and not (
                "condition" in case and not _truth(target, case["condition"])
            ):
                # Report each failure under the inner rule that failed, not as "loop".
                for inner_name, inner in loop_cases(target, case):
                    failures.extend(
                        (node, inner_name, inner, detail)
                        for node, detail in _apply(inner_name, target, inner)
                    )
                continue
            failures.extend(
                (node, name, case, detail) for node, detail in _apply(name, target, case)
            )
    return failures
