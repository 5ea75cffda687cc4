"""The stored totals computed by the database: grouped SQL, one pass for every partition.

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
4. ``totals_tmp_actc`` (each activity's share of each country it is linked to) and
   ``totals_tmp_cmoney`` (the money of each country: a flow naming its own country goes there
   wholly, the others by that share); ``totals_tmp_span`` (each activity with every year its
   span covers).
5. Per panel, one ``GROUP BY`` year and key, and one ``GROUP BY`` country and key, join the money
   to the shares (a flow that names its own sector goes wholly there); the whole record is the
   sum of its years. The activity counts, which depend on neither the measure nor the currency,
   are counted once per publisher for the whole record, by year (through ``totals_tmp_span``)
   and by country (through ``totals_tmp_actc``). So every year and every country of a scope come
   from one pass, not one pass each.

The one step left to Python is the year panel's activity counts: the database groups activities by
(first year, last year) and Python spreads each pair over its years (at most sixty-one), since
a series of years is written differently on each engine.

Semantics that differ from the Python path, on purpose and only at its edges: amounts are kept
to the cent (SQLite sums in binary floating point; PostgreSQL in ``numeric``); when an activity
lists the same organisation twice in one role with different IATI types, the row with the
lowest id gives the type (the Python path takes whichever row the database returns first); and
when a registry organisation has no name, its printed name is taken from any of its rows.

Covered: a publisher's whole record, each year of it and each country of it, for spending or
commitments in any currency. Budgets and a year in one country stay on the Python path.

The module is longer than most: the temporary tables, the money queries and the assembly of the
partitions share the ``_Sql`` statements and are read together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
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
#: What ``str.strip()`` removes, so SQL trims printed names exactly as the Python path does
#: (every code point whose ``str.isspace()`` is true; a test checks the list against Python's).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
TEMPORARY = (
    "totals_tmp_rate",
    "totals_tmp_flow",
    "totals_tmp_money",
    "totals_tmp_geo",
    "totals_tmp_sector",
    "totals_tmp_sdg",
    "totals_tmp_people",
    "totals_tmp_actc",
    "totals_tmp_years",
    "totals_tmp_span",
    "totals_tmp_cmoney",
)
#: The tables built again for each measure and currency.
MONEY = ("totals_tmp_flow", "totals_tmp_money", "totals_tmp_cmoney")
#: A partition of a publisher's record: (year, country); (None, "") is the whole record.
Part = tuple[int | None, str]
WHOLE: Part = (None, "")
Money = dict[Part, dict[str, Decimal]]
Members = dict[Part, tuple[dict[str, int], int]]


def supports(scope: Scope) -> bool:
    """Whether this path computes ``scope`` (a whole record, one year of it or one country of
    it, for spending or commitments); others take the Python path."""
    return scope.measure in ("spending", "commitments") and not (scope.year and scope.country)


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
    """The statements of one publisher's record, with the table names and the engine's few
    differences: the link tables once (``build_links``), the money once per measure and
    currency (``build_money``)."""

    def __init__(self, cursor: CursorWrapper, publisher: str) -> None:
        self.cursor = cursor
        self.scope = Scope(publisher=publisher)
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
        self.taiwan = publisher == "taiwan"

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql, list(params))
        return list(self.cursor.fetchall()) if self.cursor.description else []

    def year(self, expr: str) -> str:
        return year_of(expr, sqlite=self.sqlite)

    def trim(self, expr: str) -> str:
        return f"TRIM({expr}, %s)" if self.sqlite else f"BTRIM({expr}, %s)"

    def flag(self) -> str:
        if self.sqlite:
            return "1" if self.taiwan else "0"
        return "TRUE" if self.taiwan else "FALSE"

    def scoped(self, alias: str) -> str:
        """Join condition keeping the rows of the publisher's activities."""
        return (
            f"JOIN {self.activity} a ON a.id = {alias}.activity_id AND a.is_taiwan = {self.flag()}"
        )

    def drop(self, tables: Sequence[str] = TEMPORARY) -> None:
        for table in tables:
            self.run(f"DROP TABLE IF EXISTS {table}")

    def build_links(self) -> None:
        """The tables that do not depend on the measure or the currency: rates, shares,
        organisations, each activity's countries and the years each activity spans."""
        self.drop()
        # The rates by capitalised currency, as ``ledger._Rates`` keys them, with an index for
        # the lookups below (one per flow and currency).
        self.run(
            "CREATE TEMPORARY TABLE totals_tmp_rate AS "
            f"SELECT id, UPPER(currency) AS currency, date FROM {self.rate}"
        )
        self.run("CREATE INDEX totals_tmp_rate_day ON totals_tmp_rate (currency, date)")
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
        for table in ("totals_tmp_geo", "totals_tmp_sector", "totals_tmp_sdg"):
            self.run(f"CREATE INDEX {table}_activity ON {table} (activity_id)")
        self.run("CREATE INDEX totals_tmp_people_activity ON totals_tmp_people (activity_id, role)")
        # Each activity's share for each country it is linked to (a partition of the record),
        # kept only where a link names the country exactly, as a country scope's activities are
        # chosen (``ledger.scope_activities``).
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_actc AS
            SELECT g.activity_id, g.code, SUM(g.share) AS share FROM totals_tmp_geo g
            WHERE g.kind = 'country' AND g.code <> '' AND EXISTS (SELECT 1 FROM
              {self.country_link} l WHERE l.activity_id = g.activity_id AND l.code = g.code)
            GROUP BY g.activity_id, g.code"""
        )
        self.run("CREATE INDEX totals_tmp_actc_activity ON totals_tmp_actc (activity_id)")
        self._build_years()

    def _build_years(self) -> None:
        """The years stored one by one (from the first to the last year of any activity's span or
        flow), and each activity with every year its span covers."""
        (low, high), (first, last) = (
            self.run(
                f"SELECT MIN({self.year('a.span_start')}), MAX({self.year('a.span_end')}) "
                f"FROM {self.activity} a WHERE a.is_taiwan = {self.flag()}"
            )[0],
            self.run(
                f"SELECT MIN({self.year('COALESCE(t.value_date, t.date)')}), "
                f"MAX({self.year('COALESCE(t.value_date, t.date)')}) "
                f"FROM {self.transaction} t {self.scoped('t')}"
            )[0],
        )
        found = [int(y) for y in (low, high, first, last) if y is not None]
        years = range(max(min(found), 1900), min(max(found), 2100) + 1) if found else range(0)
        self.run("CREATE TEMPORARY TABLE totals_tmp_years (y INTEGER PRIMARY KEY)")
        self.cursor.executemany(
            "INSERT INTO totals_tmp_years (y) VALUES (%s)", [(y,) for y in years]
        )
        self.run(
            f"""CREATE TEMPORARY TABLE totals_tmp_span AS SELECT a.id AS aid, y.y
            FROM {self.activity} a JOIN totals_tmp_years y
              ON y.y >= {self.year("a.span_start")} AND y.y <= {self.year("a.span_end")}
            WHERE a.is_taiwan = {self.flag()}"""
        )
        self.run("CREATE INDEX totals_tmp_span_activity ON totals_tmp_span (aid)")
        self.years = list(years)
        self.analyse("totals_tmp_geo", "totals_tmp_sector", "totals_tmp_sdg", "totals_tmp_people",
                     "totals_tmp_actc", "totals_tmp_span")  # fmt: skip

    def analyse(self, *tables: str) -> None:
        """Give PostgreSQL's planner the temporary tables' statistics, which autovacuum never
        gathers for them (without, it guesses their sizes for the joins); SQLite needs none."""
        if not self.sqlite:
            for table in tables:
                self.run(f"ANALYZE {table}")

    def build_money(self, measure: str, currency: str) -> None:
        """The flows of a measure converted to a currency, and their shares by country."""
        self.drop(MONEY)
        self.scope = Scope(publisher=self.scope.publisher, measure=measure, currency=currency)
        types = SPENDING_TYPES if measure == "spending" else COMMITMENT_TYPES
        target = currency

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
        self.run("CREATE INDEX totals_tmp_money_activity ON totals_tmp_money (activity_id)")
        # The money of each country partition: a flow naming its own country goes there
        # wholly (when the activity is in that country), the others by the activity's share.
        self.run(
            """CREATE TEMPORARY TABLE totals_tmp_cmoney AS
            SELECT m.activity_id, m.day, m.yr, m.sector, m.amount * c.share AS amount,
              c.code AS pc
            FROM totals_tmp_money m JOIN totals_tmp_actc c ON c.activity_id = m.activity_id
            WHERE m.country = '' AND c.share <> 0
            UNION ALL
            SELECT m.activity_id, m.day, m.yr, m.sector, m.amount, m.country
            FROM totals_tmp_money m WHERE m.country <> '' AND EXISTS (SELECT 1 FROM
              totals_tmp_actc c WHERE c.activity_id = m.activity_id AND c.code = m.country)"""
        )
        self.run("CREATE INDEX totals_tmp_cmoney_activity ON totals_tmp_cmoney (activity_id)")
        self.analyse("totals_tmp_flow", "totals_tmp_money", "totals_tmp_cmoney")

    def convertible(self, f: str) -> str:
        """Whether a flow of ``totals_tmp_flow`` has a day, a currency and every rate it needs.

        Two parameters: the target currency, twice."""
        return (
            f"{f}.day IS NOT NULL AND {f}.code <> '' AND ({f}.code = %s OR "
            f"(({f}.code = 'USD' OR {f}.src IS NOT NULL) AND (%s = 'USD' OR {f}.dst IS NOT NULL)))"
        )

    # -- money, by year (the whole record is their sum) and by country ----------------------

    def geo_money(self, key: str) -> Money:
        """Money by a key computed from a flow's place: ``kind``, ``code`` and ``day``."""
        years = self.run(
            f"""SELECT yr, k, SUM(amount * share) FROM (
              SELECT x.yr, {key} AS k, x.amount, x.share FROM (
                SELECT m.yr, m.amount, m.day, 'country' AS kind, m.country AS code, 1 AS share
                FROM totals_tmp_money m WHERE m.country <> ''
                UNION ALL
                SELECT m.yr, m.amount, m.day, COALESCE(g.kind, ''), COALESCE(g.code, ''),
                  COALESCE(g.share, 1)
                FROM totals_tmp_money m LEFT JOIN totals_tmp_geo g ON g.activity_id = m.activity_id
                WHERE m.country = '') x) keyed
            GROUP BY yr, k"""
        )
        countries = self.run(
            f"""SELECT pc, k, SUM(amount) FROM (
              SELECT x.pc, {key} AS k, x.amount FROM (
                SELECT c.pc, c.amount, c.day, 'country' AS kind, c.pc AS code
                FROM totals_tmp_cmoney c) x) keyed
            GROUP BY pc, k"""
        )
        return _parts(years, countries)

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

    def linked_money(self, table: str, key: str, *, own: str = "", role: str = "") -> Money:
        """Money split by a share table; ``own`` is the flow's column that, when set, wins."""
        on = "s.activity_id = m.activity_id" + (f" AND s.role = '{role}'" if role else "")

        def grouped(source: str, part: str) -> list[tuple[Any, ...]]:
            first = where = ""
            if own:
                first = (
                    f"SELECT m.{part} AS part, m.{own} AS k, m.amount AS amount, 1 AS share "
                    f"FROM {source} m WHERE m.{own} <> '' UNION ALL "
                )
                where = f"WHERE m.{own} = ''"
            return self.run(
                f"""SELECT part, k, SUM(amount * share) FROM (
                  {first}SELECT m.{part} AS part, COALESCE(s.{key}, '') AS k,
                    m.amount AS amount, COALESCE(s.share, 1) AS share
                  FROM {source} m LEFT JOIN {table} s ON {on} {where}) x
                GROUP BY part, k"""
            )

        return _parts(grouped("totals_tmp_money", "yr"), grouped("totals_tmp_cmoney", "pc"))

    def column_money(self, column: str) -> Money:
        def grouped(source: str, part: str) -> list[tuple[Any, ...]]:
            return self.run(f"SELECT m.{part}, {column}, SUM(m.amount) FROM {source} m "
                            f"{self.scoped('m')} GROUP BY m.{part}, {column}")  # fmt: skip

        return _parts(grouped("totals_tmp_money", "yr"), grouped("totals_tmp_cmoney", "pc"))

    # -- activities -------------------------------------------------------------------------

    def members(self, sql: str, params: Sequence[Any] = ()) -> Members:
        """Activity counts by group, and how many activities are in at least one group, for
        the whole record, each year (the activities whose span covers it) and each country
        (the activities linked to it), from a query of (group, activity id) rows."""
        p = list(params)
        out: Members = {WHOLE: self._counts(sql, p)}
        for prefix, join, wrap in (
            ("s.y", "JOIN totals_tmp_span s ON s.aid = g.aid", lambda v: (int(v), "")),
            ("c.code", "JOIN totals_tmp_actc c ON c.activity_id = g.aid", lambda v: (None, v)),
        ):
            rows = f"SELECT {prefix} AS part, g.k, g.aid FROM ({sql}) g {join}"
            counts = self.run(f"SELECT part, k, COUNT(DISTINCT aid) FROM ({rows}) r "
                              "GROUP BY part, k", p)  # fmt: skip
            placed = self.run(f"SELECT part, COUNT(DISTINCT aid) FROM ({rows}) r GROUP BY part", p)
            for part, n in placed:
                out[wrap(part)] = ({}, int(n))
            for part, k, n in counts:
                out[wrap(part)][0][str(k)] = int(n)
        return out

    def _counts(self, sql: str, params: list[Any]) -> tuple[dict[str, int], int]:
        counts = {
            str(k): int(n)
            for k, n in self.run(f"SELECT k, COUNT(DISTINCT aid) FROM ({sql}) g GROUP BY k", params)
        }
        (placed,) = self.run(f"SELECT COUNT(DISTINCT aid) FROM ({sql}) g", params)[0]
        return counts, int(placed)

    def country_members(self) -> str:
        return (
            f"SELECT UPPER(c.code) AS k, c.activity_id AS aid FROM {self.country_link} c "
            f"{self.scoped('c')} WHERE c.code <> ''"
        )

    def totals(self) -> dict[Part, int]:
        """How many activities each partition holds."""
        (whole,) = self.run(
            f"SELECT COUNT(*) FROM {self.activity} a WHERE a.is_taiwan = {self.flag()}"
        )[0]
        out: dict[Part, int] = {WHOLE: int(whole)}
        out.update({(y, ""): 0 for y in self.years})
        for y, n in self.run("SELECT y, COUNT(*) FROM totals_tmp_span GROUP BY y"):
            out[(int(y), "")] = int(n)
        for code, n in self.run("SELECT code, COUNT(*) FROM totals_tmp_actc GROUP BY code"):
            out[(None, str(code))] = int(n)
        return out


def _exact(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


def _parts(years: list[tuple[Any, ...]], countries: list[tuple[Any, ...]]) -> Money:
    """Money by partition from (year, group, amount) and (country, group, amount) rows; the
    whole record is the sum of its years, added exactly and rounded once."""
    out: dict[Part, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for year, k, value in years:
        key = "" if k is None else str(k)
        out[(int(year), "")][key] += _exact(value)
        out[WHOLE][key] += _exact(value)
    for code, k, value in countries:
        out[(None, str(code))]["" if k is None else str(k)] += _exact(value)
    return {part: dict(groups) for part, groups in out.items()}


def _spread(rows: list[tuple[Any, ...]]) -> Members:
    """Year-panel counts from (partition, first year, last year, activities) rows: each pair
    spread over its years (at most sixty-one), since a series of years is written differently on
    each engine."""
    out: Members = {}
    for part, first, last, n in rows:
        counts, placed = out.get(part, ({}, 0))
        years = range(int(first), min(int(last), int(first) + 60) + 1)
        for year in years:
            counts[str(year)] = counts.get(str(year), 0) + int(n)
        out[part] = (counts, placed + (int(n) if years else 0))
    return out


def _year_members(sql: _Sql, totals: dict[Part, int]) -> Members:
    spans = f"{sql.year('a.span_start')}, {sql.year('a.span_end')}"
    dated = "a.span_start IS NOT NULL AND a.span_end IS NOT NULL"
    whole = sql.run(
        f"SELECT {spans}, COUNT(*) FROM {sql.activity} a "
        f"WHERE a.is_taiwan = {sql.flag()} AND {dated} GROUP BY 1, 2"
    )
    countries = sql.run(
        f"SELECT c.code, {spans}, COUNT(*) FROM {sql.activity} a "
        f"JOIN totals_tmp_actc c ON c.activity_id = a.id WHERE {dated} GROUP BY 1, 2, 3"
    )
    out = _spread([(WHOLE, *row) for row in whole])
    out.update(_spread([((None, str(code)), *rest) for code, *rest in countries]))
    # A year's activities are those whose span covers it, each counted in that year alone.
    out.update({part: ({str(part[0]): n} if n else {}, n) for part, n in totals.items() if part[0]})
    return out


def _panel(
    money: dict[str, Decimal], members: tuple[dict[str, int], int], total: int
) -> list[TotalRow]:
    counts, placed = members
    counts = dict(counts)
    if total - placed:
        counts[""] = counts.get("", 0) + total - placed
    return [
        TotalRow(key, _money(money.get(key)), counts.get(key, 0))
        for key in set(money) | set(counts)
    ]


def snapshot_data_sql(scope: Scope, panels: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The data of ``snapshots.snapshot_data`` for ``scope``, computed by grouped SQL."""
    assert supports(scope), scope
    whole = Scope(scope.publisher, scope.measure, scope.currency)
    found = dict(snapshot_parts_sql([whole], panels))
    empty = empty_data(panels)
    return found.get(scope, empty)


def empty_data(panels: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The data of a partition without activities or flows."""
    rows = {"rows": [], "amount": "0.00", "activities": 0, "flows": 0}
    return {
        "panels": {f"{d}:{r}": dict(rows) for d, r in panels},
        "rates": [],
        "unconverted": {},
        "names": {},
        "activities": 0,
    }


def snapshot_parts_sql(
    scopes: Sequence[Scope], panels: Sequence[tuple[str, str]]
) -> Iterator[tuple[Scope, dict[str, Any]]]:
    """The data of every partition of each whole-record scope (the whole record, each year,
    each country), by grouped SQL: the links and the activity counts once per publisher, the
    money once per measure and currency, each in one grouped pass over every partition."""
    for publisher in dict.fromkeys(s.publisher for s in scopes):
        with connection.cursor() as cursor:
            sql = _Sql(cursor, publisher)
            try:
                sql.build_links()
                totals = sql.totals()
                members = _all_members(sql, panels, totals)
                gaps = _gaps(sql)
                for scope in (s for s in scopes if s.publisher == publisher):
                    assert supports(scope) and scope.year is None and not scope.country, scope
                    sql.build_money(scope.measure, scope.currency)
                    for part, data in _data(sql, panels, totals, members, gaps).items():
                        yield replace(scope, year=part[0], country=part[1]), data
            finally:
                sql.drop()


def _all_members(
    sql: _Sql, panels: Sequence[tuple[str, str]], totals: dict[Part, int]
) -> dict[tuple[str, str], Members]:
    """Each panel's activity counts in every partition (they depend on neither the measure nor
    the currency)."""
    end = sql.q("end")
    regions = (
        f"SELECT c2.region_code AS k, c.activity_id AS aid FROM {sql.country_link} c "
        f"{sql.scoped('c')} JOIN {sql.country} c2 ON c2.code = UPPER(c.code) "
        "WHERE c.code <> '' AND c2.region_code <> '' UNION "
        f"SELECT r.code AS k, r.activity_id AS aid FROM {sql.region_link} r {sql.scoped('r')} "
        "WHERE r.vocabulary = '1' AND r.code <> ''"
    )
    relationships = (
        f"SELECT rel.status AS k, c.activity_id AS aid, UPPER(c.code) AS pc "
        f"FROM {sql.country_link} c {sql.scoped('c')} "
        f"JOIN {sql.country} c2 ON c2.code = UPPER(c.code) "
        f"JOIN {sql.relationship} rel ON rel.country_id = c2.id WHERE c.code <> '' "
        "AND (rel.start IS NULL OR a.span_end IS NULL OR rel.start <= a.span_end) "
        f"AND (rel.{end} IS NULL OR a.span_start IS NULL OR rel.{end} >= a.span_start)"
    )
    out: dict[tuple[str, str], Members] = {}
    for dimension, role in panels:
        code = ROLES[role]
        people = (
            f"SELECT pkey AS k, activity_id AS aid FROM totals_tmp_people WHERE role = '{code}'"
        )
        if dimension == "country":
            found = sql.members(sql.country_members())
            # In a country's record an activity counts under that country alone.
            found.update(_alone(totals, lambda c: c))
        elif dimension == "region":
            found = sql.members(regions)
            found.update(_alone(totals, _regions(sql).get))
        elif dimension == "relationship":
            found = sql.members(relationships)
            found.update(_country_statuses(sql, relationships, totals))
        elif dimension == "sector":
            found = sql.members("SELECT code AS k, activity_id AS aid FROM totals_tmp_sector")
        elif dimension == "sdg":
            found = sql.members("SELECT goal AS k, activity_id AS aid FROM totals_tmp_sdg")
        elif dimension == "modality":
            found = sql.members(
                f"SELECT a.modality AS k, a.id AS aid FROM {sql.activity} a "
                f"WHERE a.is_taiwan = {sql.flag()} AND a.modality <> ''"
            )
        elif dimension == "year":
            found = _year_members(sql, totals)
        elif dimension == "organisation":
            found = sql.members(people)
        else:
            found = sql.members(
                "SELECT ptype AS k, activity_id AS aid FROM totals_tmp_people "
                f"WHERE role = '{code}' AND ptype <> ''"
            )
        out[(dimension, role)] = found
    return out


def _regions(sql: _Sql) -> dict[str, str]:
    return {
        str(c): str(r or "") for c, r in sql.run(f"SELECT code, region_code FROM {sql.country}")
    }


def _alone(totals: dict[Part, int], key: Callable[[str], str | None]) -> Members:
    """Counts of the country partitions where every activity is in one group, ``key(country)``
    (or in none when that is empty)."""
    out: Members = {}
    for (year, country), n in totals.items():
        if country:
            group = key(country) or ""
            out[(year, country)] = ({group: n}, n) if group else ({}, 0)
    return out


def _country_statuses(sql: _Sql, relationships: str, totals: dict[Part, int]) -> Members:
    """In a country's record, the relationships with that country only."""
    rows = f"SELECT k, aid, pc FROM ({relationships}) r WHERE pc <> ''"
    out: Members = {part: ({}, 0) for part in totals if part[1]}
    for pc, n in sql.run(f"SELECT pc, COUNT(DISTINCT aid) FROM ({rows}) x GROUP BY pc"):
        if (None, str(pc)) in out:
            out[(None, str(pc))] = ({}, int(n))
    for pc, k, n in sql.run(f"SELECT pc, k, COUNT(DISTINCT aid) FROM ({rows}) x GROUP BY pc, k"):
        if (None, str(pc)) in out:
            out[(None, str(pc))][0][str(k)] = int(n)
    return out


def _data(
    sql: _Sql,
    panels: Sequence[tuple[str, str]],
    totals: dict[Part, int],
    members: dict[tuple[str, str], Members],
    gaps: dict[Part, dict[str, int]],
) -> dict[Part, dict[str, Any]]:
    """Every partition's data for the money just built."""
    target = sql.scope.currency
    money: dict[tuple[str, str], Money] = {}
    for dimension, role in panels:
        code = ROLES[role]
        if dimension == "country":
            found = sql.geo_money("CASE WHEN x.kind = 'country' THEN x.code ELSE '' END")
        elif dimension == "region":
            found = sql.geo_money(sql.region_key())
        elif dimension == "relationship":
            found = sql.geo_money(sql.relationship_key())
        elif dimension == "sector":
            found = sql.linked_money("totals_tmp_sector", "code", own="sector")
        elif dimension == "sdg":
            found = sql.linked_money("totals_tmp_sdg", "goal")
        elif dimension == "modality":
            found = sql.column_money("a.modality")
        elif dimension == "year":
            found = sql.column_money("m.yr")
        elif dimension == "organisation":
            found = sql.linked_money("totals_tmp_people", "pkey", role=code)
        else:
            found = sql.linked_money("totals_tmp_people", "ptype", role=code)
        money[(dimension, role)] = found
    flows = _parts(
        sql.run("SELECT yr, 'n', COUNT(*) FROM totals_tmp_money GROUP BY yr")
        + sql.run("SELECT yr, 'a', SUM(amount) FROM totals_tmp_money GROUP BY yr"),
        sql.run("SELECT pc, 'n', COUNT(*) FROM totals_tmp_cmoney GROUP BY pc")
        + sql.run("SELECT pc, 'a', SUM(amount) FROM totals_tmp_cmoney GROUP BY pc"),
    )
    rates = _rates_used(sql)
    unconverted = _unconverted(sql, target)
    names = {
        str(k): str(v)
        for k, v in sql.run("SELECT pkey, MAX(pname) FROM totals_tmp_people GROUP BY pkey")
    }
    out: dict[Part, dict[str, Any]] = {}
    for part, total in totals.items():
        counted = flows.get(part, {})
        shown: dict[str, Any] = {}
        keys: set[str] = set()
        for dimension, role in panels:
            rows = _ordered(
                _panel(
                    money[(dimension, role)].get(part, {}),
                    members[(dimension, role)].get(part, ({}, 0)),
                    total,
                ),
                dimension,
            )
            if dimension == "organisation":
                keys.update(r.key for r in rows)
            shown[f"{dimension}:{role}"] = {
                "rows": [[r.key, str(r.amount), r.activities] for r in rows],
                "amount": str(_money(counted.get("a"))),
                "activities": total,
                "flows": int(counted.get("n", 0)),
            }
        left_out = unconverted.get(part, {})
        out[part] = {
            "panels": shown,
            "quality": {
                **gaps.get((None, part[1]), _NO_GAPS),
                "activities": totals[(None, part[1])],
                "unconverted": sum(int(n) for n, _ in left_out.values()),
            },
            "rates": rates.get(part, []),
            "unconverted": left_out,
            "names": {k: names[k] for k in sorted(keys) if k in names},
            # Every activity of the scope, as a ledger holds them (a year's panels count fewer).
            "activities": totals[(None, part[1])],
        }
    return out


_NO_GAPS = {"no_country": 0, "no_sector": 0, "no_sdg": 0, "no_modality": 0}


def _gaps(sql: _Sql) -> dict[Part, dict[str, int]]:
    """The activities without a country or region, a DAC sector, an SDG or a modality, in the
    whole record (a year's record holds every activity, as its ledger does) and in each
    country's (whose activities all have a country)."""
    flags = (
        "SELECT a.id, CASE WHEN EXISTS (SELECT 1 FROM totals_tmp_geo g WHERE g.activity_id = a.id)"
        " THEN 0 ELSE 1 END AS nc, CASE WHEN EXISTS (SELECT 1 FROM totals_tmp_sector s"
        " WHERE s.activity_id = a.id) THEN 0 ELSE 1 END AS ns, CASE WHEN EXISTS (SELECT 1 FROM"
        " totals_tmp_sdg d WHERE d.activity_id = a.id) THEN 0 ELSE 1 END AS nd,"
        " CASE WHEN a.modality = '' THEN 1 ELSE 0 END AS nm"
        f" FROM {sql.activity} a WHERE a.is_taiwan = {sql.flag()}"
    )
    sums = "SUM(f.nc), SUM(f.ns), SUM(f.nd), SUM(f.nm)"
    rows = [(WHOLE, *sql.run(f"SELECT {sums} FROM ({flags}) f")[0])]
    rows += [
        ((None, str(code)), *rest)
        for code, *rest in sql.run(
            f"SELECT c.code, {sums} FROM ({flags}) f "
            "JOIN totals_tmp_actc c ON c.activity_id = f.id GROUP BY c.code"
        )
    ]
    names = ("no_country", "no_sector", "no_sdg", "no_modality")
    return {
        part: {n: int(v or 0) for n, v in zip(names, values, strict=True)} for part, *values in rows
    }


def _rates_used(sql: _Sql) -> dict[Part, list[list[str]]]:
    """The stored rates each partition's flows used, as ``[currency, date, per US$]``."""
    used: dict[Part, set[int]] = defaultdict(set)
    for yr, src, dst in sql.run("SELECT DISTINCT yr, src, dst FROM totals_tmp_money"):
        for part in (WHOLE, (int(yr), "")):
            used[part].update(i for i in (src, dst) if i is not None)
    for code, src, dst in sql.run(
        "SELECT DISTINCT c.code, m.src, m.dst FROM totals_tmp_money m "
        "JOIN totals_tmp_actc c ON c.activity_id = m.activity_id"
    ):
        used[(None, str(code))].update(i for i in (src, dst) if i is not None)
    every = set().union(*used.values()) if used else set()
    rates = {
        r.pk: [r.currency.upper(), r.date.isoformat(), str(r.per_usd)]
        for r in ExchangeRate.objects.filter(pk__in=every)
    }
    return {part: sorted(rates[i] for i in ids) for part, ids in used.items()}


def _unconverted(sql: _Sql, target: str) -> dict[Part, dict[str, list[Any]]]:
    """The flows left out for want of a day or a rate, by currency, in each partition: a
    flow without a day is left out of every year's record too."""
    code = "CASE WHEN f.code = '' THEN '?' ELSE f.code END"
    left = f"NOT ({sql.convertible('f')})"
    years = sql.run(
        f"SELECT {sql.year('f.day')}, {code}, COUNT(*), SUM(f.value) FROM totals_tmp_flow f "
        f"WHERE {left} GROUP BY 1, 2",
        [target, target],
    )
    countries = sql.run(
        f"SELECT c.code, {code}, COUNT(*), SUM(f.value) FROM totals_tmp_flow f "
        f"JOIN totals_tmp_actc c ON c.activity_id = f.activity_id WHERE {left} GROUP BY 1, 2",
        [target, target],
    )
    sums: dict[Part, dict[str, list[Any]]] = defaultdict(dict)

    def add(part: Part, currency: str, n: int, amount: Decimal) -> None:
        before = sums[part].get(currency, [0, Decimal(0)])
        sums[part][currency] = [before[0] + n, before[1] + amount]

    undated = [(str(c), int(n), _exact(a)) for y, c, n, a in years if y is None]
    for year, currency, n, amount in years:
        add(WHOLE, str(currency), int(n), _exact(amount))
        if year is not None:
            add((int(year), ""), str(currency), int(n), _exact(amount))
    for y in sql.years:
        for currency, n, amount in undated:
            add((y, ""), currency, n, amount)
    for country, currency, n, amount in countries:
        add((None, str(country)), str(currency), int(n), _exact(amount))
    return {
        part: {c: [n, str(_money(a))] for c, (n, a) in groups.items()}
        for part, groups in sums.items()
    }
