"""The country matcher over the project's own name table, without the database."""

from __future__ import annotations

import pytest

from partnerhub.reference.files import DATA_DIR, read_countries_zh
from partnerhub.reference.matching import CountryMatcher

# Every country name of the table in domain.md section 3.1, with the code it must resolve to.
DOMAIN_TABLE = """
臺灣 TW|台灣 TW|美國 US|日本 JP|澳洲 AU|澳大利亞 AU|加拿大 CA|英國 GB|蘇格蘭 GB|瑞典 SE|荷蘭 NL
斯洛伐克 SK|以色列 IL|捷克 CZ|立陶宛 LT|波蘭 PL|德國 DE|法國 FR|義大利 IT|西班牙 ES|匈牙利 HU
羅馬尼亞 RO|拉脫維亞 LV|愛沙尼亞 EE|烏克蘭 UA|俄羅斯 RU|克羅埃西亞 HR|保加利亞 BG|摩爾多瓦 MD
波赫 BA|蒙特內哥羅 ME|斯洛維尼亞 SI|奧地利 AT|丹麥 DK|芬蘭 FI|挪威 NO|瑞士 CH|比利時 BE
葡萄牙 PT|安道爾 AD|喬治亞 GE|亞美尼亞 AM|教廷 VA|土耳其 TR|敘利亞 SY|黎巴嫩 LB|約旦 JO
沙烏地阿拉伯 SA|巴林 BH|科威特 KW|阿曼 OM|阿拉伯聯合大公國 AE|伊拉克 IQ|阿富汗 AF|哈薩克 KZ
塔吉克 TJ|吉爾吉斯 KG|蒙古 MN|中國 CN|香港 HK|南韓 KR|韓國 KR|印度 IN|巴基斯坦 PK|孟加拉 BD
尼泊爾 NP|不丹 BT|斯里蘭卡 LK|緬甸 MM|泰國 TH|越南 VN|柬埔寨 KH|馬來西亞 MY|新加坡 SG|印尼 ID
菲律賓 PH|東帝汶 TL|紐西蘭 NZ|斐濟 FJ|巴布亞紐幾內亞 PG|索羅門群島 SB|吉里巴斯 KI|馬紹爾群島 MH
吐瓦魯 TV|諾魯 NR|帛琉 PW|東加 TO|萬那杜 VU|關島 GU|史瓦帝尼 SZ|史瓦濟蘭 SZ|索馬利蘭 XS|南非 ZA
馬拉威 MW|賴索托 LS|納米比亞 NA|莫三比克 MZ|馬達加斯加 MG|坦尚尼亞 TZ|肯亞 KE|烏干達 UG|辛巴威 ZW
奈及利亞 NG|衣索比亞 ET|摩洛哥 MA|突尼西亞 TN|塞內加爾 SN|象牙海岸 CI|賴比瑞亞 LR|利比亞 LY|查德 TD
尼日 NE|海地 HT|多明尼加 DO|宏都拉斯 HN|薩爾瓦多 SV|尼加拉瓜 NI|哥斯大黎加 CR|巴拿馬 PA|貝里斯 BZ
巴拉圭 PY|墨西哥 MX|祕魯 PE|哥倫比亞 CO|巴西 BR|智利 CL|烏拉圭 UY|聖克里斯多福及尼維斯 KN
聖露西亞 LC|聖文森及格瑞那丁 VC|聖文森 VC|巴貝多 BB|千里達 TT|古拉索 CW|瓜地馬拉 GT|歐盟 EU
"""
PAIRS = [tuple(p.split()) for p in DOMAIN_TABLE.replace("\n", "|").split("|") if p.strip()]


@pytest.fixture(scope="module")
def matcher() -> CountryMatcher:
    names: list[tuple[str, str]] = []
    for row in read_countries_zh(DATA_DIR / "countries_zh.csv"):
        names.extend((n, row.code) for n in (row.name_zh, row.name_en, *row.aliases) if n)
    return CountryMatcher(names)


@pytest.mark.parametrize(("name", "code"), PAIRS)
def test_it_resolves_every_country_name_of_the_domain_table(matcher, name, code):
    assert [(m.code, m.printed) for m in matcher.find(f"與{name}合作")] == [(code, name)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("拉美及加勒比海地區友邦", []),
        ("拉美及加海地區國家", []),
        ("東加勒比海國家組織", []),
        ("加州約巴林達市", []),
        ("加勒比海地區與海地", ["HT"]),
        ("東加勒比海及東加", ["TO"]),
        ("聖克里斯多福及尼維斯、聖文森", ["KN", "VC"]),
        ("奈及利亞及尼日", ["NG", "NE"]),
        ("開發中國家", []),
        ("沿海地區", []),
    ],
)
def test_it_avoids_the_substring_traps(matcher, text, codes):
    assert matcher.codes(text) == codes


def test_it_does_not_split_a_name_at_its_conjunction(matcher):
    found = matcher.find("聖克里斯多福及尼維斯")
    assert [(m.code, m.start, m.end) for m in found] == [("KN", 0, 10)]


def test_it_reads_a_cell_without_separators(matcher):
    assert matcher.codes("瓜地馬拉貝里斯巴拉圭瓜地馬拉") == ["GT", "BZ", "PY"]


def test_it_matches_latin_names_only_as_whole_words():
    matcher = CountryMatcher(
        [("Oman", "OM"), ("Romania", "RO"), ("Niger", "NE"), ("Nigeria", "NG")]
    )
    assert matcher.codes("women of Romania") == ["RO"]
    assert matcher.codes("Nigerian and Niger delegations") == ["NE"]
    assert matcher.codes("Oman, Nigeria.") == ["OM", "NG"]


def test_it_reports_offsets_and_printed_forms_in_the_original_text(matcher):
    text = "  我國與 臺灣  及 ＵＳＡ"
    found = matcher.find(text)
    assert [(m.code, m.printed, text[m.start : m.end]) for m in found] == [
        ("TW", "臺灣", "臺灣"),
        ("US", "ＵＳＡ", "ＵＳＡ"),
    ]


def test_it_matches_simplified_input(matcher):
    assert matcher.codes("圣文森及格瑞那丁和史瓦帝尼") == ["VC", "SZ"]
