"""Number formats for zh-Hant as Taiwan's government publishes figures: 1,894,467,140."""

from __future__ import annotations

# Django's own zh_Hant formats group by ten thousands with no separator; Taiwan's budgets and
# statistics use commas every three digits, as in English.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = "."
