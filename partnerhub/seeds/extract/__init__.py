"""The registry of seed extractors: which module reads which table from which document.

Each entry names a module by its dotted path, so that a module not written yet is reported as a
problem by the loader instead of breaking the import. A module provides ``TABLE`` (the report
key), ``FILE_PATTERN`` (a glob under the seeds directory, which overrides the one given here) and
``extract(lines, *, file, ...)`` returning a :class:`~partnerhub.seeds.base.Extraction`; the loader
passes only the keyword arguments ``extract`` declares among ``file``, ``path``,
``country_names`` and ``matcher``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extractor:
    """One registered extractor: a dotted module path, its table name and its document."""

    module: str
    table: str
    file_pattern: str


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("partnerhub.seeds.extract.appendix1", "appendix-1", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.appendix2", "appendix-2", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.appendix3", "appendix-3", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.appendix4", "appendix-4", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.ukraine", "ukraine", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.plan2026", "plan2026", "004_*.txt"),
    Extractor("partnerhub.seeds.extract.cases", "cases", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.news", "news", "00[012]_*.txt"),
    Extractor("partnerhub.seeds.extract.body_gctf", "whitepaper-body-gctf", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.body_icdf", "whitepaper-body-icdf", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.body_funds", "whitepaper-body-funds", "002_*.txt"),
    Extractor(
        "partnerhub.seeds.extract.body_turkiye_syria", "whitepaper-body-turkiye-syria", "002_*.txt"
    ),
    Extractor("partnerhub.seeds.extract.body_jordan", "whitepaper-body-jordan", "002_*.txt"),
    Extractor("partnerhub.seeds.extract.review2024", "review-2024", "003_*.txt"),
)
