"""The stored totals computed by the database: grouped SQL, one aggregate query per panel.

``ledger_build`` + ``totals_by`` read every flow of a scope into Python; for other donors' whole
record (a million activities, millions of transactions) that does not end. Here the same figures
come from the database, which does the conversion, the splitting and the summing:

1. ``totals_tmp_flow`` (a temporary table): each transaction of the measure, with the currency
   (its own, else the activity's default), the day (value date, else date), and the id of the
   stored rate in force on that day for its currency and for the target currency (a correlated
   subquery over ``totals_tmp_rate``, the rates with their currency in capitals: the nearest
   rate on or before the day, else the earliest later one, as ``ledger._Rates`` picks it).
2. ``totals_tmp_money``: the flows that could be converted, with their amount in the target
   currency; the others are counted as left out, by currency.
3. The shares, normalised as ``totals.normalised`` does (by percentage when every item of an
   activity has one and they add up to more than zero, else equally), by window functions:
   ``totals_tmp_geo`` (countries and regions together), ``totals_tmp_sector``, ``totals_tmp_sdg`` and
   ``totals_tmp_people`` (one row per organisation of a role, counted once, with its type).
4. One ``GROUP BY`` per panel joins the money to the shares; a flow that names its own country or
   sector goes wholly there; one more query per panel counts the activities in each group.

The one step left to Python is the year panel's activity counts: the database groups activities by
(first year, last year) and Python spreads each pair over its years (at most sixty-one), since
a series of years is written differently on each engine.

Semantics that differ from the Python path, on purpose and only at its edges: amounts are kept
to the cent (SQLite sums in binary floating point; PostgreSQL in ``numeric``); when an activity
lists the same organisation twice in one role with different IATI types, the row with the
lowest id gives the type (the Python path takes whichever row the database returns first); and
when a registry organisation has no name, its printed name is taken from any of its rows.

Covered: the stored scopes, that is a publisher's whole record (no year, no country) for
spending or commitments in any currency. Budgets, years and countries stay on the Python path,
used live for Taiwan's own activities.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivityRegion,
    ActivitySdg,
    ActivitySector,
    Participation,
    Transaction,
)
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country, CountryRelationship, ExchangeRate
from partnerhub.reports.ledger import COMMITMENT_TYPES, SPENDING_TYPES, Scope
from partnerhub.reports.totals import PRECEDENCE, ROLES, TotalRow, _ordered

CENT = Decimal("0.01")
#: What ``str.strip()`` removes, so SQL trims printed names exactly as the Python path does.
WHITESPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
TEMPORARY = (
    "totals_tmp_rate",
    "totals_tmp_flow",
    "totals_tmp_money",
    "totals_tmp_geo",
    "totals_tmp_sector",
    "totals_tmp_sdg",
    "totals_tmp_people",
)


def supports(scope: Scope) -> bool:
    """Whether this path computes ``scope`` (the stored scopes); others take the Python path."""
    return scope.measure in ("spending", "commitments") and scope.year is None and not scope.country


def _t(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _money(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(CENT)


# -- pieces shared with the donors report (``reports.donors.country_donors``) ----------------------


def year_of(expr: str, *, sqlite: bool) -> str:
    """The year of a date column, as an integer (dates are ``YYYY-MM-DD`` text on SQLite)."""
    if sqlite:
        return f"CAST(SUBSTR({expr}, 1, 4) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER)"


def rate_lookup(table: str, code: str, day: str, column: str = "id") -> str:
    """``column`` of the rate in force on ``day`` for currency ``code`` in ``table`` (a
    correlated subquery): the nearest rate on or before the day, else the earliest later one,
    as ``ledger._Rates`` and ``reference.rates.RateTable`` pick it; NULL without any rate."""
    return (
        f"COALESCE((SELECT r.{column} FROM {table} r WHERE r.currency = {code}"
        f" AND r.date <= {day} ORDER BY r.date DESC LIMIT 1),"
        f" (SELECT r.{column} FROM {table} r WHERE r.currency = {code}"
        " ORDER BY r.date LIMIT 1))"
    )


def normalised_shares(links: str, columns: str) -> str:
    """Each row of ``links`` (a query of ``activity_id``, ``pct`` and ``columns``) with its
    ``share`` of the activity, normalised as ``totals.normalised`` does: by percentage when every
    row of the activity has one and they add up to more than zero, else equally."""
    share = "CASE WHEN npct = n AND total > 0 THEN pct * 1.0 / total ELSE 1.0 / n END"
    return (
        f"SELECT activity_id, {columns}, {share} AS share"
        " FROM (SELECT l.*, COUNT(*) OVER (PARTITION BY activity_id) AS n,"
        " COUNT(pct) OVER (PARTITION BY activity_id) AS npct,"
        " SUM(pct) OVER (PARTITION BY activity_id) AS total"
        f" FROM ({links}) l) y"
    )


def sector_shares(table: str, *, join: str) -> str:
    """The DAC sectors (vocabularies 1 and 2, by their three-digit category) with normalised
    shares, of the activities that ``join`` (a join of the sector links, alias ``s``) keeps."""
    return normalised_shares(
        "SELECT s.activity_id, SUBSTR(s.code, 1, 3) AS code, s.percentage AS pct"
        f" FROM {table} s {join} WHERE s.vocabulary IN ('1', '2')",
        "code",
    )


class _Sql:
    """The statements of one scope, with the table names and the engine's few differences."""

    def __init__(self, cursor: CursorWrapper, scope: Scope) -> None:
        self.cursor = cursor
        self.scope = scope
        self.sqlite = connection.vendor == "sqlite"
        self.activity = _t(Activity)
        self.transaction = _t(Transaction)
        self.country_link = _t(ActivityCountry)
        self.region_link = _t(ActivityRegion)
        self.sector_link = _t(ActivitySector)
        self.sdg_link = _t(ActivitySdg)
        self.participation = _t(Participation)
        self.organisation = _t(Organisation)
        self.country = _t(Country)
        self.relationship = _t(CountryRelationship)
        self.rate = _t(ExchangeRate)
        self.taiwan = scope.publisher == "taiwan"

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql, list(params))
        return list(self.cursor.fetchall()) if self.cursor.description else []

    def year(self, expr: str) -> str:
        return year_of(expr, sqlite=self.sqlite)

    def trim(self, expr: str) -> str:
        return f"TRIM({expr}, %s)" if self.sqlite else f"BTRIM({expr}, %s)"

    def scoped(self, alias: str) -> str:
        """Join condition keeping the rows of the scope's activities."""
        value = "1" if self.taiwan else "0"
        if not self.sqlite:
            value = "TRUE" if self.taiwan else "FALSE"
        return f"JOIN {self.activity} a ON a.id = {alias}.activity_id AND a.is_taiwan = {value}"

    def drop(self) -> None:
        for table in TEMPORARY:
            self.run(f"DROP TABLE IF EXISTS {table}")

    def build(self) -> None:
        """The temporary tables every panel reads."""
        self.drop()
        types = SPENDING_TYPES if self.scope.measure == "spending" else COMMITMENT_TYPES
        target = self.scope.currency

        # The rates by capitalised currency, as ``ledger._Rates`` keys them, with an index for
        # the lookups below (one per flow and currency).
        self.run(
            "CREATE TEMPORARY TABLE totals_tmp_rate AS "
            f"SELECT id, UPPER(currency) AS currency, date FROM {self.rate}"
        )
        self.run("CREATE INDEX totals_tmp_rate_day ON totals_tmp_rate (currency, date)")

        def rate_id(code: str) -> str:
            return rate_lookup("totals_tmp_rate", code, "x.day")

        marks = ", ".join(["%s"] * len(types))
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_flow AS
            SELECT x.activity_id, x.day, x.code, x.value, x.country, x.sector,
              CASE WHEN x.day IS NULL OR x.code IN ('', 'USD', %s) THEN NULL
                   ELSE {rate_id("x.code")} END AS src,
              CASE WHEN x.day IS NULL OR x.code IN ('', %s) OR %s = 'USD' THEN NULL
                   ELSE {rate_id("%s")} END AS dst
            FROM (SELECT t.activity_id, COALESCE(t.value_date, t.date) AS day,
                    UPPER(COALESCE(NULLIF(t.currency, ''), a.default_currency, '')) AS code,
                    t.value, UPPER(t.recipient_country) AS country,
                    SUBSTR(t.sector_code, 1, 3) AS sector
                  FROM {self.transaction} t {self.scoped("t")}
                  WHERE t.type IN ({marks})) x""",
            [target] * 5 + list(types),
        )
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_money AS
            SELECT f.activity_id, f.day, {self.year("f.day")} AS yr, f.country, f.sector,
              f.src, f.dst,
              CASE WHEN f.code = %s THEN f.value
                   ELSE (CASE WHEN f.code = 'USD' THEN f.value * 1.0
                              ELSE f.value * 1.0 / s.per_usd END)
                        * (CASE WHEN %s = 'USD' THEN 1 ELSE d.per_usd END) END AS amount
            FROM totals_tmp_flow f
            LEFT JOIN {self.rate} s ON s.id = f.src
            LEFT JOIN {self.rate} d ON d.id = f.dst
            WHERE {self.convertible("f")}""",
            [target, target, target, target],
        )
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_geo AS
            {
                normalised_shares(
                    f'''SELECT c.activity_id, 'country' AS kind,
                          UPPER(c.code) AS code, c.percentage AS pct
                        FROM {self.country_link} c {self.scoped("c")}
                        UNION ALL
                        SELECT r.activity_id, 'region' AS kind,
                          CASE WHEN r.vocabulary = '1' THEN r.code ELSE '' END AS code,
                          r.percentage AS pct
                        FROM {self.region_link} r {self.scoped("r")}''',
                    "kind, code",
                )
            }"""
        )
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_sector AS
            {sector_shares(self.sector_link, join=self.scoped("s"))}"""
        )
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_sdg AS
            SELECT activity_id, CAST(goal AS VARCHAR(4)) AS goal, 1.0 / COUNT(*) OVER (PARTITION BY activity_id) AS share
            FROM (SELECT DISTINCT g.activity_id, g.goal
                  FROM {self.sdg_link} g {self.scoped("g")}) l"""
        )
        iati = "CASE WHEN p.org_type <> '' THEN 'iati-' || p.org_type ELSE '' END"
        linked = "o.slug IS NOT NULL AND o.slug <> ''"
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_people AS
            SELECT activity_id, role, pkey, ptype, pname,
              1.0 / COUNT(*) OVER (PARTITION BY activity_id, role) AS share
            FROM (SELECT k.*, ROW_NUMBER() OVER (PARTITION BY activity_id, role, pkey
                                                 ORDER BY id) AS pos
                  FROM (SELECT p.id, p.activity_id, p.role,
                          CASE WHEN {linked} THEN o.slug
                               ELSE '~' || {self.trim("p.printed_name")} END AS pkey,
                          CASE WHEN {linked} THEN
                                 CASE WHEN o.category <> '' AND o.category <> 'other'
                                      THEN o.category ELSE {iati} END
                               ELSE {iati} END AS ptype,
                          CASE WHEN {linked} THEN
                                 CASE WHEN o.name_zh <> '' THEN o.name_zh
                                      WHEN o.name_en <> '' THEN o.name_en
                                      ELSE p.printed_name END
                               ELSE {self.trim("p.printed_name")} END AS pname
                        FROM {self.participation} p {self.scoped("p")}
                        LEFT JOIN {self.organisation} o ON o.id = p.organisation_id
                        WHERE p.role IN (%s, %s)) k
                  WHERE pkey <> '~') ranked
            WHERE pos = 1""",
            [WHITESPACE, WHITESPACE, ROLES["funding"], ROLES["implementing"]],
        )
        for table in ("totals_tmp_money", "totals_tmp_geo", "totals_tmp_sector", "totals_tmp_sdg"):
            self.run(f"CREATE INDEX {table}_activity ON {table} (activity_id)")
        self.run("CREATE INDEX totals_tmp_people_activity ON totals_tmp_people (activity_id, role)")

    def convertible(self, f: str) -> str:
        """Whether a flow of ``totals_tmp_flow`` has a day, a currency and every rate it needs.

        Two parameters: the target currency, twice."""
        return (
            f"{f}.day IS NOT NULL AND {f}.code <> '' AND ({f}.code = %s OR "
            f"(({f}.code = 'USD' OR {f}.src IS NOT NULL) AND (%s = 'USD' OR {f}.dst IS NOT NULL)))"
        )

    # -- money ------------------------------------------------------------------------------

    def geo_money(self, key: str) -> dict[str, Decimal]:
        """Money by a key computed from a flow's place: ``kind``, ``code`` and ``day``."""
        rows = self.run(
            f"""SELECT k, SUM(amount * share) FROM (
              SELECT {key} AS k, x.amount, x.share FROM (
                SELECT m.amount, m.day, 'country' AS kind, m.country AS code, 1 AS share
                FROM totals_tmp_money m WHERE m.country <> ''
                UNION ALL
                SELECT m.amount, m.day, COALESCE(g.kind, ''), COALESCE(g.code, ''),
                  COALESCE(g.share, 1)
                FROM totals_tmp_money m LEFT JOIN totals_tmp_geo g ON g.activity_id = m.activity_id
                WHERE m.country = '') x) keyed
            GROUP BY k"""
        )
        return {str(k): _money(v) for k, v in rows}

    def region_key(self) -> str:
        return (
            "CASE WHEN x.kind = 'country' THEN COALESCE((SELECT c.region_code FROM "
            f"{self.country} c WHERE c.code = x.code), '') ELSE x.code END"
        )

    def relationship_key(self) -> str:
        order = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(PRECEDENCE))
        listed = ", ".join(f"'{s}'" for s in PRECEDENCE)
        return (
            "CASE WHEN x.kind = 'country' THEN COALESCE((SELECT r.status FROM "
            f"{self.relationship} r JOIN {self.country} c ON c.id = r.country_id "
            "WHERE c.code = x.code AND (r.start IS NULL OR r.start <= x.day) "
            f"AND (r.{self.q('end')} IS NULL OR x.day <= r.{self.q('end')}) "
            f"AND r.status IN ({listed}) ORDER BY CASE r.status {order} END LIMIT 1), '') "
            "ELSE '' END"
        )

    @staticmethod
    def q(name: str) -> str:
        return str(connection.ops.quote_name(name))

    def linked_money(
        self, table: str, key: str, *, own: str = "", role: str = ""
    ) -> dict[str, Decimal]:
        """Money split by a share table; ``own`` is the flow's column that, when set, wins."""
        on = "s.activity_id = m.activity_id" + (f" AND s.role = '{role}'" if role else "")
        first = ""
        where = ""
        if own:
            first = (
                f"SELECT m.{own} AS k, m.amount AS amount, 1 AS share FROM totals_tmp_money m "
                f"WHERE m.{own} <> '' UNION ALL "
            )
            where = f"WHERE m.{own} = ''"
        rows = self.run(
            f"""SELECT k, SUM(amount * share) FROM (
              {first}SELECT COALESCE(s.{key}, '') AS k, m.amount AS amount,
                COALESCE(s.share, 1) AS share
              FROM totals_tmp_money m LEFT JOIN {table} s ON {on} {where}) x
            GROUP BY k"""
        )
        return {"" if k is None else str(k): _money(v) for k, v in rows}

    def column_money(self, column: str) -> dict[str, Decimal]:
        rows = self.run(f"SELECT {column}, SUM(m.amount) FROM totals_tmp_money m {self.scoped('m')} "
                        f"GROUP BY {column}")  # fmt: skip
        return {str(k): _money(v) for k, v in rows}

    # -- activities -------------------------------------------------------------------------

    def members(self, sql: str, params: Sequence[Any] = ()) -> tuple[dict[str, int], int]:
        """Activity counts by group, and how many activities are in at least one group, from a
        query of (group, activity id) rows."""
        counts = {
            str(k): n
            for k, n in self.run(f"SELECT k, COUNT(DISTINCT aid) FROM ({sql}) g GROUP BY k", params)
        }
        (placed,) = self.run(f"SELECT COUNT(DISTINCT aid) FROM ({sql}) g", params)[0]
        return counts, int(placed)

    def country_members(self) -> str:
        return (
            f"SELECT UPPER(c.code) AS k, c.activity_id AS aid FROM {self.country_link} c "
            f"{self.scoped('c')} WHERE c.code <> ''"
        )


def _year_members(sql: _Sql) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = defaultdict(int)
    placed = 0
    rows = sql.run(
        f"SELECT {sql.year('a.span_start')}, {sql.year('a.span_end')}, COUNT(*) "
        f"FROM {sql.activity} a WHERE a.is_taiwan = %s AND a.span_start IS NOT NULL "
        "AND a.span_end IS NOT NULL GROUP BY 1, 2",
        [sql.taiwan],
    )
    for first, last, n in rows:
        years = range(int(first), min(int(last), int(first) + 60) + 1)
        if years:
            placed += n
        for year in years:
            counts[str(year)] += n
    return dict(counts), placed


def _panel(
    money: dict[str, Decimal], members: tuple[dict[str, int], int], total: int
) -> list[TotalRow]:
    counts, placed = members
    counts = dict(counts)
    if total - placed:
        counts[""] = counts.get("", 0) + total - placed
    return [
        TotalRow(key, money.get(key, Decimal(0)), counts.get(key, 0))
        for key in set(money) | set(counts)
    ]


def snapshot_data_sql(scope: Scope, panels: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The data of ``snapshots.snapshot_data`` for ``scope``, computed by grouped SQL."""
    assert supports(scope), scope
    with connection.cursor() as cursor:
        sql = _Sql(cursor, scope)
        sql.build()
        try:
            return _data(sql, scope, panels)
        finally:
            sql.drop()


def _data(sql: _Sql, scope: Scope, panels: Sequence[tuple[str, str]]) -> dict[str, Any]:
    target = scope.currency
    (total,) = sql.run(
        f"SELECT COUNT(*) FROM {sql.activity} a WHERE a.is_taiwan = %s", [sql.taiwan]
    )[0]
    flows, whole = sql.run("SELECT COUNT(*), SUM(amount) FROM totals_tmp_money")[0]
    regions = (
        f"SELECT c2.region_code AS k, c.activity_id AS aid FROM {sql.country_link} c "
        f"{sql.scoped('c')} JOIN {sql.country} c2 ON c2.code = UPPER(c.code) "
        "WHERE c.code <> '' AND c2.region_code <> '' UNION "
        f"SELECT r.code AS k, r.activity_id AS aid FROM {sql.region_link} r {sql.scoped('r')} "
        "WHERE r.vocabulary = '1' AND r.code <> ''"
    )
    end = sql.q("end")
    relationships = (
        f"SELECT rel.status AS k, c.activity_id AS aid FROM {sql.country_link} c "
        f"{sql.scoped('c')} JOIN {sql.country} c2 ON c2.code = UPPER(c.code) "
        f"JOIN {sql.relationship} rel ON rel.country_id = c2.id WHERE c.code <> '' "
        "AND (rel.start IS NULL OR a.span_end IS NULL OR rel.start <= a.span_end) "
        f"AND (rel.{end} IS NULL OR a.span_start IS NULL OR rel.{end} >= a.span_start)"
    )
    out: dict[str, Any] = {}
    for dimension, role in panels:
        code = ROLES[role]
        if dimension == "country":
            money = sql.geo_money("CASE WHEN x.kind = 'country' THEN x.code ELSE '' END")
            members = sql.members(sql.country_members())
        elif dimension == "region":
            money = sql.geo_money(sql.region_key())
            members = sql.members(regions)
        elif dimension == "relationship":
            money = sql.geo_money(sql.relationship_key())
            members = sql.members(relationships)
        elif dimension == "sector":
            money = sql.linked_money("totals_tmp_sector", "code", own="sector")
            members = sql.members("SELECT code AS k, activity_id AS aid FROM totals_tmp_sector")
        elif dimension == "sdg":
            money = sql.linked_money("totals_tmp_sdg", "goal")
            members = sql.members("SELECT goal AS k, activity_id AS aid FROM totals_tmp_sdg")
        elif dimension == "modality":
            money = sql.column_money("a.modality")
            members = sql.members(
                f"SELECT a.modality AS k, a.id AS aid FROM {sql.activity} a "
                "WHERE a.is_taiwan = %s AND a.modality <> ''",
                [sql.taiwan],
            )
        elif dimension == "year":
            money = sql.column_money("m.yr")
            members = _year_members(sql)
        elif dimension == "organisation":
            money = sql.linked_money("totals_tmp_people", "pkey", role=code)
            members = sql.members(
                f"SELECT pkey AS k, activity_id AS aid FROM totals_tmp_people WHERE role = '{code}'"
            )
        else:
            money = sql.linked_money("totals_tmp_people", "ptype", role=code)
            members = sql.members(
                "SELECT ptype AS k, activity_id AS aid FROM totals_tmp_people "
                f"WHERE role = '{code}' AND ptype <> ''"
            )
        rows = _ordered(_panel(money, members, total), dimension)
        out[f"{dimension}:{role}"] = {
            "rows": [[r.key, str(r.amount), r.activities] for r in rows],
            "amount": str(_money(whole)),
            "activities": total,
            "flows": flows,
        }
    used = {i for pair in sql.run("SELECT DISTINCT src, dst FROM totals_tmp_money") for i in pair}
    rates = ExchangeRate.objects.filter(pk__in=used - {None}).order_by("currency", "date")
    unconverted = sql.run(
        "SELECT CASE WHEN code = '' THEN '?' ELSE code END, COUNT(*), SUM(value) "
        f"FROM totals_tmp_flow f WHERE NOT ({sql.convertible('f')}) "
        "GROUP BY CASE WHEN code = '' THEN '?' ELSE code END",
        [target, target],
    )
    names = dict(sql.run("SELECT pkey, MAX(pname) FROM totals_tmp_people GROUP BY pkey"))
    return {
        "panels": out,
        "rates": [[r.currency.upper(), r.date.isoformat(), str(r.per_usd)] for r in rates],
        "unconverted": {k: [n, str(_money(a))] for k, n, a in unconverted},
        "names": names,
        "activities": total,
    }
