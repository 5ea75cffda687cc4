"""Fill the database the settings point at with synthetic activities, in SQL, for the benchmarks.

    PARTNERHUB_SQLITE=/tmp/bench-1m.sqlite3 .venv/bin/python manage.py migrate
    PARTNERHUB_SQLITE=/tmp/bench-1m.sqlite3 nice .venv/bin/python bench/fill.py --activities 1000000
    scripts/with-postgres sh -c '.venv/bin/python manage.py migrate && \
        nice .venv/bin/python bench/fill.py --activities 1000000 && nice .venv/bin/python bench/query.py'

Every row is written by ``INSERT ... SELECT`` over a number series (a recursive CTE on SQLite,
``generate_series`` on PostgreSQL), 100,000 activities per statement, so a million activities
with their child rows take minutes where the IATI import takes about 25. The values are derived
from the row number by a multiplicative hash, so two fills of the same size are identical:

* titles of two words each in English and Chinese (from :data:`WORDS`; "water" and "水" are in
  one title in twenty), a folded ``search_text`` as the services build it;
* one recipient country, a second one (60/40) for one activity in three, from :data:`COUNTRIES`
  weighted so the first is in about 15 % of activities;
* one DAC sector, a second for one in two, from :data:`SECTORS`;
* a funding and an implementing organisation out of fifty;
* a commitment and two disbursements in US dollars or euros, in the activity's first year;
* the first ``--taiwan`` activities are Taiwan's, each with one SDG.

This is not the IATI corpus: text lengths, the share of activities in each country and the
spread of years are the hash's, not the world's. The search index is dropped and built again
at the end rather than kept row by row, and the tables are analysed so
the planner has statistics, as after a real import (``ANALYZE``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 100_000

BENCH_TABLES = ("bench_words", "bench_pairs", "bench_countries", "bench_sectors", "bench_orgs")
#: (English, Chinese) words; titles are two of them.
WORDS = [
    ("water", "水"), ("health", "衛生"), ("school", "學校"), ("farm", "農場"), ("rice", "稻米"),
    ("clinic", "診所"), ("road", "道路"), ("energy", "能源"), ("solar", "太陽能"), ("women", "婦女"),
    ("youth", "青年"), ("training", "培訓"), ("hospital", "醫院"), ("market", "市場"),
    ("fishery", "漁業"), ("forest", "森林"), ("housing", "住宅"), ("credit", "信貸"),
    ("nutrition", "營養"), ("vaccine", "疫苗"), ("digital", "數位"), ("climate", "氣候"),
    ("disaster", "災害"), ("refugee", "難民"), ("bamboo", "竹"), ("orchid", "蘭花"),
    ("irrigation", "灌溉"), ("teacher", "教師"), ("library", "圖書館"), ("bridge", "橋樑"),
    ("sanitation", "環境衛生"), ("taiwan", "臺灣"), ("police", "警政"), ("court", "法院"),
    ("election", "選舉"), ("tourism", "觀光"), ("export", "出口"), ("seed", "種子"),
    ("livestock", "畜牧"), ("malaria", "瘧疾"),
]  # fmt: skip
#: Recipient countries; the first appears most (the hash picks from a list with repeats).
COUNTRIES = ["TZ", "TZ", "TZ", "KE", "KE", "ET", "HN", "GT", "PY", "SZ", "TH", "VN", "ID",
             "PH", "IN", "HT", "BZ", "UG", "NG", "MW"]  # fmt: skip
SECTORS = ["11220", "12220", "12240", "14030", "14031", "15110", "15170", "16010", "21020",
           "23230", "31120", "31161", "31320", "32130", "43010", "43040", "72010", "74020",
           "15130", "12110"]  # fmt: skip


def _series(vendor: str, first: int, last: int) -> tuple[str, str]:
    """(prefix, FROM source) naming each number n of [first, last]."""
    if vendor == "sqlite":
        return (
            f"WITH RECURSIVE s(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM s WHERE n < {last})",
            "s",
        )
    return "", f"generate_series({first}, {last}) AS s(n)"


def _hash(expr: str, salt: int, mod: int) -> str:
    # Knuth's multiplicative hash, kept within 64 bits on both engines.
    return f"((({expr}) * 2654435761 + {salt * 97}) % 4294967291 % {mod})"


def fill(count: int, taiwan: int) -> None:
    from django.db import connection, transaction

    from partnerhub.activities.models import Activity
    from partnerhub.activities.search import search_index_drop, search_index_ensure
    from partnerhub.activities.services import activities_recount
    from partnerhub.core.text import han_bigrams, search_key
    from partnerhub.organisations.models import Organisation
    from partnerhub.organisations.services import organisation_create
    from partnerhub.reference.models import Country, ExchangeRate

    vendor = connection.vendor
    for code in sorted(set(COUNTRIES)):
        Country.objects.get_or_create(code=code, defaults={"name_en": code, "region_code": "998"})
    for year in range(2000, 2027):
        for currency, rate in (("EUR", "0.9"), ("TWD", "30")):
            ExchangeRate.objects.get_or_create(
                currency=currency, date=dt.date(year, 1, 1), defaults={"per_usd": Decimal(rate)}
            )
    orgs = list(Organisation.objects.filter(slug__startswith="bench-org-").order_by("pk"))
    for n in range(len(orgs), 50):
        orgs.append(
            organisation_create(
                name_zh=f"基準機構{n}", name_en=f"Bench Agency {n}", slug=f"bench-org-{n}"
            )
        )
    org_ids = [o.pk for o in orgs]

    with connection.cursor() as cursor:
        for table in BENCH_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            "CREATE TABLE bench_words (i integer PRIMARY KEY, en text, zh text, folded text)"
        )
        cursor.executemany(
            "INSERT INTO bench_words VALUES (%s, %s, %s, %s)",
            [(i, en, zh, search_key(zh)) for i, (en, zh) in enumerate(WORDS)],
        )
        # The Chinese of a title is one run (two words and 计划): its character pairs per pair
        # of words, as core.text.han_bigrams gives them for the services' search_bigrams.
        cursor.execute("CREATE TABLE bench_pairs (a integer, b integer, pairs text)")
        cursor.executemany(
            "INSERT INTO bench_pairs VALUES (%s, %s, %s)",
            [
                (i, j, han_bigrams(search_key(zi) + search_key(zj) + "计划"))
                for i, (_ei, zi) in enumerate(WORDS)
                for j, (_ej, zj) in enumerate(WORDS)
            ],
        )
        cursor.execute("CREATE TABLE bench_countries (i integer PRIMARY KEY, code text)")
        cursor.executemany(
            "INSERT INTO bench_countries VALUES (%s, %s)", list(enumerate(COUNTRIES))
        )
        cursor.execute("CREATE TABLE bench_sectors (i integer PRIMARY KEY, code text)")
        cursor.executemany("INSERT INTO bench_sectors VALUES (%s, %s)", list(enumerate(SECTORS)))
        cursor.execute("CREATE TABLE bench_orgs (i integer PRIMARY KEY, id bigint)")
        cursor.executemany("INSERT INTO bench_orgs VALUES (%s, %s)", list(enumerate(org_ids)))

    start = (Activity.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    # One rebuild at the end costs a fraction of a million trigger firings (SQLite) or GIN
    # insertions (PostgreSQL).
    search_index_drop(connection)
    now = "'2026-12-01 00:00:00'" if vendor == "sqlite" else "now()"
    concat = "||"
    year = f"(2000 + {_hash('n', 1, 25)})"
    date = (
        (lambda y, md: f"printf('%04d-{md}', {y})")
        if vendor == "sqlite"
        else (lambda y, md: f"make_date(CAST({y} AS integer), {int(md[:2])}, {int(md[3:])})")
    )
    words, nw = "bench_words", len(WORDS)
    began = time.perf_counter()
    for first in range(start, start + count, CHUNK):
        last = min(first + CHUNK, start + count) - 1
        prefix, source = _series(vendor, first, last)
        statements = [
            # Activities: two words a title, Taiwan's first.
            f"""{prefix} INSERT INTO activities_activity (id, iati_identifier, title_zh, title_en,
                description_zh, description_en, title_en_status, description_en_status, status,
                modality, span_start, span_end, planned_start, planned_end, date_precision,
                default_currency, reporting_org_ref, reporting_org_name, is_taiwan, humanitarian,
                source, extra, search_text, search_bigrams, created_at, updated_at)
            SELECT n, 'XB-' {concat} n, a.zh {concat} b.zh {concat} '計畫',
                a.en {concat} ' ' {concat} b.en {concat} ' project ' {concat} n, '', '', '', '',
                CAST(1 + {_hash("n", 2, 4)} AS text), '', {date(year, "01-01")},
                {date(year + " + " + _hash("n", 3, 4), "12-31")}, {date(year, "01-01")},
                {date(year + " + " + _hash("n", 3, 4), "12-31")}, 'day', 'USD', '', '',
                n < {start + taiwan}, false, 'iati', '{{}}',
                'xb-' {concat} n {concat} ' | ' {concat} a.folded {concat} b.folded {concat} '计划 | '
                    {concat} a.en {concat} ' ' {concat} b.en {concat} ' project ' {concat} n,
                p.pairs, {now}, {now}
            FROM {source}
            JOIN {words} a ON a.i = {_hash("n", 4, nw)}
            JOIN {words} b ON b.i = {_hash("n", 5, nw)}
            JOIN bench_pairs p ON p.a = a.i AND p.b = b.i""",
            f"""{prefix} INSERT INTO activities_activitycountry (activity_id, code, percentage,
                printed_name)
            SELECT n, c.code, CASE WHEN n % 3 = 0 THEN 60 ELSE 100 END, ''
            FROM {source} JOIN bench_countries c ON c.i = {_hash("n", 6, len(COUNTRIES))}""",
            f"""{prefix} INSERT INTO activities_activitycountry (activity_id, code, percentage,
                printed_name)
            SELECT n, c.code, 40, '' FROM {source}
            JOIN bench_countries c ON c.i = {_hash("n", 7, len(COUNTRIES))}
            JOIN bench_countries d ON d.i = {_hash("n", 6, len(COUNTRIES))}
            WHERE n % 3 = 0 AND c.code <> d.code""",
            f"""{prefix} INSERT INTO activities_activitysector (activity_id, vocabulary, code,
                percentage, narrative)
            SELECT n, '1', c.code, NULL, '' FROM {source}
            JOIN bench_sectors c ON c.i = {_hash("n", 8, len(SECTORS))}""",
            f"""{prefix} INSERT INTO activities_activitysector (activity_id, vocabulary, code,
                percentage, narrative)
            SELECT n, '1', c.code, NULL, '' FROM {source}
            JOIN bench_sectors c ON c.i = {_hash("n", 9, len(SECTORS))}
            JOIN bench_sectors d ON d.i = {_hash("n", 8, len(SECTORS))}
            WHERE n % 2 = 0 AND c.code <> d.code""",
            f"""{prefix} INSERT INTO activities_participation (activity_id, organisation_id, role,
                printed_name, printed_name_en, ref, org_type, crs_channel_code)
            SELECT n, o.id, r.role, '', '', '', '10', ''
            FROM {source} JOIN bench_orgs o ON o.i = {_hash("n", 10, 50)}
            JOIN (SELECT '1' AS role UNION ALL SELECT '4') r ON 1 = 1""",
            f"""{prefix} INSERT INTO activities_transaction (activity_id, ref, type, date, value,
                currency, value_date, printed_amount, description, provider_ref, provider_name,
                receiver_ref, receiver_name, flow_type, finance_type, aid_type, recipient_country,
                sector_code)
            SELECT n, '', t.type, {date(year, "06-01")}, t.value * (1 + {_hash("n", 11, 9)}),
                CASE WHEN n % 2 = 0 THEN 'USD' ELSE 'EUR' END, NULL, '', '', '', '', '', '', '',
                '', '', '', ''
            FROM {source} JOIN (SELECT '2' AS type, 300000 AS value UNION ALL
                SELECT '3', 100000 UNION ALL SELECT '3', 50000) t ON 1 = 1""",
            f"""{prefix} INSERT INTO activities_activitysdg (activity_id, goal, target)
            SELECT n, 1 + {_hash("n", 12, 17)}, '' FROM {source} WHERE n < {start + taiwan}""",
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        done = last - start + 1
        rate = done / (time.perf_counter() - began)
        print(f"  {done:,} activities ({rate:,.0f}/s)", flush=True)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('activities_activity', 'id'), "
                "(SELECT max(id) FROM activities_activity))"
            )
    began = time.perf_counter()
    search_index_ensure(connection)
    print(f"search index built in {time.perf_counter() - began:.0f} s", flush=True)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        for table in BENCH_TABLES:
            cursor.execute(f"DROP TABLE {table}")
        cursor.execute("ANALYZE")
    with transaction.atomic():
        activities_recount()
    print(f"analysed and counted in {time.perf_counter() - began:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, required=True, help="Activities to add.")
    parser.add_argument("--taiwan", type=int, default=2000, help="How many are Taiwan's.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    began = time.perf_counter()
    fill(args.activities, args.taiwan)
    print(f"filled {args.activities:,} activities in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
