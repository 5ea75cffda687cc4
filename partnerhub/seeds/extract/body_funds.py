"""Taiwan's funds and projects at CABEI, EBRD and APEC, as the white paper's body names them.

Each fund (EBRD's Green Energy Special Fund, the agribusiness special funds, TaiwanICDF's small
business account, the Taiwan–CABEI partnership trust fund, the CABEI credit guarantee, the APEC
women and the economy sub-fund) and each project the body says a fund financed (Almaty, Chisinau,
Elektrokrajina, Greater Amman) is an activity, with the bank as implementing organisation
(role 4) and the year and amount exactly as printed. The body prints one amount: Taiwan's loan
of 1.3 億美元 to CABEI's COVID-19 programme of March 2020, a commitment (IATI type 2).

TaiwanICDF's concessional loan to CABEI's COVID-19 programme (August 2020) may be part of that
loan; the body does not say so, and both are kept. Lines that name a bank without a fund of
Taiwan's (memberships, partner lists, the Ukraine table's EBRD rows, which the ``ukraine`` table
reads) are listed as no record with the reason; figure captions are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    ACTIVITY,
    NONE,
    Org,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import SourceLine, numbered

TABLE = "whitepaper-body-funds"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-body-funds"

EBRD = Org(
    "EBRD", "4", "multilateral-bank", "European Bank for Reconstruction and Development", "EBRD"
)
EBRD_SHORT = Org(
    "歐銀", "4", "multilateral-bank", "European Bank for Reconstruction and Development", "EBRD"
)
CABEI = Org(
    "CABEI", "4", "multilateral-bank", "Central American Bank for Economic Integration", "CABEI"
)
APEC = Org("APEC", "4", "international-organisation", "Asia-Pacific Economic Cooperation", "APEC")
ICDF_FUNDER = Org(
    "國合會", "1", "icdf", "International Cooperation and Development Fund", "TaiwanICDF"
)
LENDING, TC = "investment-lending", "technical-cooperation"
_GENERAL = "Names the bank without a fund or project of Taiwan's."
_GESF = "Financed through EBRD's Green Energy Special Fund (綠色能源特別基金)."


def _gesf_project(key: str, name: str, country: str, title_zh: str, title_en: str) -> Passage:
    return Passage(
        key, ACTIVITY, start="例如資助EBRD", end="15萬噸CO2之", title_zh=title_zh,
        title_en=title_en, names=(name,), countries=(country,), organisations=(EBRD,),
        modality=LENDING, note=_GESF,
    )  # fmt: skip


PASSAGES: tuple[Passage, ...] = (
    Passage("n-memberships", NONE, start="目前我國在45個政府間國際組織", end="（Fisheries Committee）等。",
            reason="Taiwan's memberships of international organisations; no fund named."),
    Passage("n-covid-cabei", NONE, start="因此，我國與CABEI合作，提供中美洲友邦政府財政支援",
            end="準備及因應能力。", reason="COVID-19 support through CABEI with no fund, year or "
            "amount; chapter 6 names the programme (經濟復甦緊急援助及準備專案)."),
    Passage("ebrd-green-energy-special-fund-2011", ACTIVITY, start="例如2011年透過與EBRD",
            end="使經濟發展與環境績效同時並進。", title_zh="EBRD 綠色能源特別基金（GESF）",
            title_en="EBRD Green Energy Special Fund (GESF)", names=("綠色能源特別基金",),
            date="2011年", organisations=(EBRD,), modality=LENDING),
    Passage("ebrd-small-business-account-2017", ACTIVITY,
            start="2017年，運用國合會設立的「歐銀特別投資基金小企業帳",
            end="促成更多廠商投入低碳生產。", title_zh="歐銀特別投資基金小企業帳戶計畫",
            title_en="EBRD Special Investment Fund, small business account (TaiwanICDF)",
            names=("歐銀特別投資基金小企業帳戶計畫",), date="2017年",
            organisations=(ICDF_FUNDER, EBRD_SHORT), modality=LENDING,
            note="Combined with EBRD's Green Economy Financing Facilities (GEFF)."),
    Passage("n-ebrd-partnership", NONE, start="以與國際多邊開發銀行合作為例",
            end="最佳解決方案", reason="The Green Energy Special Fund again, read where the body "
            "dates it (2011)."),
    *(
        Passage(f"ebrd-agribusiness-special-fund-{year}", ACTIVITY, start="此外，針對永續農業議題",
                end="促進該國之永續成長。", title_zh=f"EBRD 農企業特別基金（{year} 年簽署）",
                title_en=f"EBRD agribusiness special fund (signed {year})",
                names=("農企業特別基金",), date=f"{year}年", organisations=(EBRD,),
                modality=LENDING, note="Used in Central Asia (中亞) and elsewhere.")
        for year in (2015, 2019)
    ),
    Passage("n-cabei-long-term", NONE, start="另外，我國亦與CABEI建立長期",
            end="CABEI會員國政府及企業抗疫紓困。", reason="CABEI cooperation in general; the "
            "COVID-19 financing is read in chapter 6."),
    Passage("cabei-credit-guarantee-2022", ACTIVITY, start="2022年我國與CABEI簽署信用保證合作",
            end="婦女經濟賦權。", title_zh="臺灣與 CABEI 信用保證合作協議",
            title_en="Taiwan–CABEI credit guarantee agreement for women entrepreneurs",
            names=("信用保證合作",), date="2022年", organisations=(CABEI,), modality=LENDING),
    Passage("ebrd-almaty-led-street-lights-2014", ACTIVITY, start="例如2014年我國與",
            end="LED路燈更新計畫", title_zh="阿拉木圖 LED 路燈更新計畫（與 EBRD 合作）",
            title_en="Almaty LED street lighting upgrade (with EBRD)",
            names=("阿拉木圖LED路燈更新計畫",), date="2014年", countries=("哈薩克",),
            organisations=(EBRD,), modality=LENDING),
    Passage("n-ebrd-balkans", NONE, start="提供即時人道援助，以及深化與EBRD在當地的合作關係",
            end="等方式創造機會。", reason=_GENERAL),
    _gesf_project("ebrd-chisinau-street-lights", "摩爾多瓦基希涅夫市區道路計畫", "摩爾多瓦",
                  "摩爾多瓦基希涅夫市區道路計畫", "Moldova: Chisinau urban roads (LED street lights)"),
    _gesf_project("ebrd-elektrokrajina", "Elektrokrajina配電系統更新計畫", "波赫",
                  "波赫 Elektrokrajina 配電系統更新計畫",
                  "Bosnia and Herzegovina: Elektrokrajina distribution network upgrade"),
    _gesf_project("ebrd-greater-amman-solid-waste", "約旦大安曼市固體廢棄物計畫", "約旦",
                  "約旦大安曼市固體廢棄物計畫", "Jordan: Greater Amman solid waste (landfill gas)"),
    Passage("cabei-covid-emergency-2020", ACTIVITY, start="我國參加CABEI於2020年3月",
            end="共同為中美洲地區對抗疫情貢獻一份心力。",
            title_zh="CABEI 經濟復甦緊急援助及準備專案",
            title_en="CABEI COVID-19 emergency support and preparedness programme",
            names=("經濟復甦緊急援助及準備專案",), date="2020年3月", amount="1.3億美元",
            transaction_type="2", organisations=(CABEI,), modality=LENDING,
            note="A loan: 投入 1.3 億美元的貸款."),
    Passage("n-women-programme-partners", NONE, start="合作夥伴包括東加勒比海部分信用保證公司",
            end="泛美發展基金會", reason="CABEI among the partners of the women's economic "
            "recovery programme; not a fund at CABEI."),
    Passage("n-ukraine-table", NONE, start="表2022年我國援助烏克蘭及周邊國家行動彙整",
            end="援烏後續", reason="The Ukraine aid table (the ukraine table reads it)."),
    Passage("n-ebrd-intro", NONE, start="我透過歐銀等區域發展銀行", end="提升我國形象及國際能見度。",
            reason=_GENERAL),
    Passage("ebrd-technical-cooperation-2016", ACTIVITY, start="如我國自2016年參與",
            end="供歐銀夥伴國參考及運", title_zh="參與 EBRD 區域及雙邊技術合作計畫",
            title_en="Participation in EBRD regional and bilateral technical cooperation projects",
            names=("逾百項區域及雙邊技術合作計畫",), date="2016年", organisations=(EBRD,),
            modality=TC, note="More than a hundred projects since 2016, in Central and Eastern "
            "Europe, the Balkans, Türkiye, Central Asia and North Africa."),
    Passage("cabei-partnership-trust-fund", ACTIVITY,
            start="我與CABEI共同成立「臺灣-CABEI夥伴關係信託基金」", end="並提升當地居民福祉及生計。",
            title_zh="臺灣-CABEI 夥伴關係信託基金", title_en="Taiwan–CABEI Partnership Trust Fund",
            names=("臺灣-CABEI夥伴關係信託基金",), organisations=(CABEI,), modality=TC,
            note="The body prints no year or amount."),
    Passage("apec-economic-technical-cooperation", ACTIVITY, start="我國長年對APEC提供捐助",
            end="協助開發中經濟體能力建構。", title_zh="對 APEC「經濟暨技術合作」之捐助",
            title_en="Contributions to APEC economic and technical cooperation (ECOTECH)",
            names=("經濟暨技術合作",), organisations=(APEC,), modality=TC,
            note="Long-standing (長年); no year printed."),
    Passage("apec-women-and-economy-sub-fund-2017", ACTIVITY,
            start="如我於2017年與美國及澳大利亞共同捐助成立", end="推動婦女經濟賦權相關計畫。",
            title_zh="APEC 婦女與經濟子基金", title_en="APEC Women and the Economy Sub-Fund",
            names=("APEC婦女與經濟子基金",), date="2017年", organisations=(APEC,),
            modality=TC, note="Set up with the United States and Australia as co-donors."),
    Passage("n-apec-2020", NONE, start="我於2020年多次在APEC會議中分享", end="共同防堵疫情。",
            reason="APEC meetings, and APEC funding for Taiwan's projects: no fund of Taiwan's."),
    Passage("icdf-cabei-covid-loan-2020", ACTIVITY, start="國合會於2020年8月與CABEI簽署",
            end="有助協助其疫後經濟復甦。",
            title_zh="國合會優惠貸款資助 CABEI「新型冠狀病毒肺炎緊急應變及經濟復甦計畫」",
            title_en="TaiwanICDF concessional loan to CABEI's COVID-19 emergency response and "
            "economic recovery programme",
            names=("新型冠狀病毒肺炎緊急應變及經濟復甦計畫",), date="2020年8月",
            organisations=(ICDF_FUNDER, CABEI), modality=LENDING,
            note="Possibly part of the USD 130 million loan of March 2020; the body does not say."),
    Passage("n-ukraine-ebrd", NONE, start="外交部2022年4月透過我賑濟烏克蘭專戶參與歐銀緊急援烏計畫",
            end="療等重要人道物資運送到烏國各", reason="The Ukraine table's row of 2022/4/28."),
    Passage("n-two-track", NONE, start="我國國際合作發展政策之主軸為雙邊與多邊並重",
            end="等加強關係。", reason=_GENERAL),
)  # fmt: skip

_CUE = re.compile(r"CABEI|EBRD|APEC|歐銀|歐洲復興開發銀行|中美洲銀行")
_CAPTION = re.compile(r"^(?:圖\s*\d+|資料來源)")


def _cue(text: str) -> bool:
    return bool(_CUE.search(text))


def _caption(text: str) -> bool:
    """Figure captions and their source lines name a bank but are no sentence of the body."""
    return bool(_CAPTION.match(text))


def extract(
    lines: Sequence[str | SourceLine], *, file: str, country_names: Iterable[tuple[str, str]]
) -> Extraction:
    """The body's funds at CABEI, EBRD and APEC as activities; unread bank lines as problems."""
    reader = Reader(
        TABLE, SOURCE, "TW-SEEDS-WP2023-FUND", "fund", file, CountryNames(country_names)
    )
    return reader.read_body(numbered(lines), PASSAGES, cue=_cue, skip=_caption)
