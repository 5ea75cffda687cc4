"""Country names the running-text tables print (white paper body, 2024 review), with codes.

A small stand-in for the reference data, so the extractors can be tested without a database.
索馬利蘭 has the private code XS; 東加王國 is read as 東加 (the longest known name inside it).
"""

from __future__ import annotations

COUNTRY_NAMES: list[tuple[str, str]] = [
    ("馬來西亞", "MY"),
    ("聖文森", "VC"),
    ("義大利", "IT"),
    ("印度", "IN"),
    ("瓜地馬拉", "GT"),
    ("聖克里斯多福", "KN"),
    ("聖克里斯多福及尼維斯", "KN"),
    ("黎巴嫩", "LB"),
    ("史瓦帝尼", "SZ"),
    ("沙烏地阿拉伯", "SA"),
    ("巴林", "BH"),
    ("貝里斯", "BZ"),
    ("馬紹爾群島", "MH"),
    ("聖露西亞", "LC"),
    ("索馬利蘭", "XS"),
    ("哈薩克", "KZ"),
    ("摩爾多瓦", "MD"),
    ("波赫", "BA"),
    ("約旦", "JO"),
    ("土耳其", "TR"),
    ("敘利亞", "SY"),
    ("吐瓦魯", "TV"),
    ("帛琉", "PW"),
    ("捷克", "CZ"),
    ("泰國", "TH"),
    ("烏克蘭", "UA"),
    ("蒙古", "MN"),
    ("巴拉圭", "PY"),
    ("斯洛伐克", "SK"),
    ("以色列", "IL"),
    ("智利", "CL"),
    ("東加", "TO"),
    ("阿曼", "OM"),
]
