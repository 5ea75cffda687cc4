"""Narratives: the text of an element in several languages (2.0x ``narrative``, 1.0x text)."""

from __future__ import annotations

from lxml import etree

from partnerhub.iati.elements import XML_LANG, ReadContext


def texts(element: etree._Element, ctx: ReadContext) -> dict[str, str]:
    """Language -> text for an element. 1.0x put the text in the element itself."""
    found: dict[str, str] = {}
    default = ctx.default_lang or "en"  # already lower-case
    # A plain walk: iterchildren("narrative") builds a tag matcher per call, which costs more.
    for child in element:
        if child.tag != "narrative":
            continue
        text = child.text
        if text and (text := text.strip()):
            lang = child.get(XML_LANG)
            lang = lang.lower() if lang else default
            if lang not in found:
                found[lang] = text
    if not found:
        text = element.text
        if text and (text := text.strip()):
            lang = element.get(XML_LANG)
            found[lang.lower() if lang else default] = text
    return found


def zh_en(found: dict[str, str]) -> tuple[str, str, list[list[str]], bool]:
    """Split narratives into Chinese, English and the rest ([lang, text] pairs).

    When a text has neither Chinese nor English, the first one stands in as English so that
    lists and searches still show something; it is kept with its language in the rest too, and
    the last value says so (an export then writes it once, in its own language).
    """
    zh = next((t for lang, t in found.items() if lang.startswith("zh")), "")
    en = found.get("en", "")
    others = [[lang, t] for lang, t in found.items() if not lang.startswith("zh") and lang != "en"]
    if not zh and not en and others:
        return zh, others[0][1], others, True
    return zh, en, others, False


def first(found: dict[str, str]) -> str:
    return next(iter(found.values()), "")


def first_text(element: etree._Element) -> str:
    """``first(texts(element, ctx))`` without building the dict: the first non-empty text."""
    for child in element:
        if child.tag != "narrative":
            continue
        text = child.text
        if text and (text := text.strip()):
            return str(text)
    text = element.text
    return text.strip() if text else ""


def write(
    xf: etree._IncrementalFileWriter,
    *,
    zh: str = "",
    en: str = "",
    others: list[list[str]] | None = None,
    en_borrowed: bool = False,
) -> None:
    """Write ``narrative`` elements: zh-Hant first when present, then English, then the rest."""
    rest = others or []
    if zh:
        _one(xf, "zh-Hant", zh)
    # An English text that only stands in for another language is written once, in that one.
    if en and not en_borrowed:
        _one(xf, "en", en)
    for lang, text in rest:
        _one(xf, lang, text)


def _one(xf: etree._IncrementalFileWriter, lang: str, text: str) -> None:
    # Whole elements, because xmlfile's element() maps the xml: namespace to a new prefix.
    element = etree.Element("narrative", {XML_LANG: lang})
    element.text = text
    xf.write(element)
