"""The 2024 review of Taiwan's diplomacy (document 003, 「以『總合外交』打造民主、和平、繁榮的新台灣」).

The review is prose about 2024, one paragraph a line, with the running header 「2024 年外交工作回顧」
printed where a PDF page broke a paragraph. It is read passage by passage (``passages``):

* activities: the projects and aid it names with a partner country or organisation (the
  Marshall Islands telemedicine centre, Tuvalu's school solar project, the Palau parliament's
  digital transformation, aid to Ukraine and to Mongolia after the dzud, the SICA projects, …);
* events: the consultations, dialogues, forums and meetings it dates or places (month as
  printed; an event without a month covers the whole of 2024);
* entries: agreements, trade and investment delegations, and the count of nine GCTF franchise
  events, which are kept with provenance but are no cooperation activity;
* organisations: the international organisations it names on their own (WHO, INTERPOL,
  UNFCCC).

Everything else is policy, visits of officials, votes of support, public diplomacy and consular
work: each such paragraph is listed as no record, with the reason. Every line of prose must lie
inside a passage, so a paragraph added in a new edition is a problem until it is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    ACTIVITY,
    ENTRY,
    EVENT,
    NONE,
    ORGANISATION,
    Org,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import SourceLine, numbered

TABLE = "review-2024"
FILE_PATTERN = "003_*.txt"
SOURCE = "review-2024"
YEAR = 2024
RUNNING_HEADER = "2024 年外交工作回顧"

TC, TRAINING, HUMANITARIAN = "technical-cooperation", "education-training", "humanitarian"
_POLICY = "A policy statement."
_VISITS = "Visits and delegations of officials: not an event kind the registry models."
_SUPPORT = "Votes and statements of support; no cooperation record."
# Where the review prints only 「在台」, 「在美」, 「赴日」 or 「訪台」, that word is checked among the
# names and gives the host country; the event's venue stays empty.


def _none(key: str, start: str, end: str, reason: str) -> Passage:
    return Passage(key, NONE, start=start, end=end, reason=reason)


PASSAGES: tuple[Passage, ...] = (
    _none("n-title", "以「總合外交」打造民主", "繁榮的新台灣", "The title."),
    _none("n-intro-1", "2024年我國仍舊面臨", "從未停歇。", _POLICY),
    _none("n-intro-2", "然而，台灣身處第一島鏈關鍵地位", "受到各國的密切關注。", _POLICY),
    _none("n-intro-3", "儘管未來國際情勢變化", "一同前行。", _POLICY),
    _none("n-visits-allies", "賴總統5月20日就職典禮", "元首外交及高層互訪成效斐然。", _VISITS),
    Passage("marshall-ai-telemedicine-centre", ACTIVITY, start="賴總統於出訪太平洋三友邦期間",
            end="啟動帛琉「國會數位轉型計畫」；",
            title_zh="馬久羅醫院「人工智慧暨遠距醫療中心」（馬紹爾群島）",
            title_en="Artificial intelligence and telemedicine centre, Majuro Hospital "
            "(Marshall Islands)", names=("人工智慧暨遠距醫療中心",), countries=("馬紹爾群島",),
            organisations=(Org("馬久羅醫院", "4", "hospital-university", "Majuro Hospital"),),
            modality=TC),
    Passage("tuvalu-nauti-school-clean-energy", ACTIVITY, start="賴總統於出訪太平洋三友邦期間",
            end="啟動帛琉「國會數位轉型計畫」；", title_zh="吐瓦魯 Nauti 小學「潔淨能源計畫」",
            title_en="Clean energy project at Nauti Primary School (Tuvalu)",
            names=("Nauti小學", "潔淨能源計畫"), countries=("吐瓦魯",), modality=TC),
    Passage("palau-parliament-digital-transformation", ACTIVITY,
            start="賴總統於出訪太平洋三友邦期間", end="啟動帛琉「國會數位轉型計畫」；",
            title_zh="帛琉「國會數位轉型計畫」",
            title_en="Digital transformation of the Palau National Congress",
            names=("國會數位轉型計畫",), countries=("帛琉",), modality=TC),
    _none("n-trade-allies", "林部長促成投資考察團前進帛琉", "實現共榮願景。",
          "Trade promotion and a visit to Somaliland; no cooperation record."),
    _none("n-un-who", "本年聯合國會員國的10個友邦", "具體展現對我國國際組織參與支持；",
          _SUPPORT),
    Passage("who", ORGANISATION, start="11個具「世界衛生組織」（WHO）", end="向WHO秘書處提案",
            organisations=(Org("世界衛生組織", "", "international-organisation",
                               "World Health Organization", "WHO"),)),
    _none("n-interpol", "針對中國本年片面變更M503航線", "有效強化我國國際參與正當及必要性。",
          _SUPPORT),
    Passage("interpol", ORGANISATION, start="與我推動參與「國際刑警組織」(INTERPOL)案",
            end="與我推動參與「國際刑警組織」(INTERPOL)案",
            organisations=(Org("國際刑警組織", "", "international-organisation",
                               "International Criminal Police Organization", "INTERPOL"),)),
    _none("n-us-security", "拜登政府上任迄今", "與政要互動熱絡。",
          "Security assistance and statements; no development cooperation record."),
    _none("n-us-congress", "本年賴總統於「繁榮南島智慧永續」之旅", "表達對台美堅實夥伴關係的支持。",
          _SUPPORT),
    Passage("us-development-cooperation-mou", ENTRY, start="包括於2月簽署「台美國際發展合作備忘錄」",
            end="包括於2月簽署「台美國際發展合作備忘錄」", entry_kind="agreement",
            title_zh="台美國際發展合作備忘錄",
            title_en="Taiwan–US memorandum of understanding on international development cooperation",
            names=("台美國際發展合作備忘錄",), date="2月"),
    Passage("us-indo-pacific-democratic-governance-4", EVENT,
            start="3月舉行第四屆「台美印太民主治理諮商」", end="3月舉行第四屆「台美印太民主治理諮商」",
            title_zh="第四屆台美印太民主治理諮商",
            title_en="4th Taiwan–US Indo-Pacific Democratic Governance Consultations",
            names=("台美印太民主治理諮商",), date="3月", event_kind="meeting"),
    Passage("us-eppd-5", EVENT, start="10月舉行第五屆「台美經濟繁榮夥伴對話」",
            end="完成EPPD合作備忘錄續約5年；", title_zh="第五屆台美經濟繁榮夥伴對話（EPPD）",
            title_en="5th Taiwan–US Economic Prosperity Partnership Dialogue (EPPD)",
            names=("台美經濟繁榮夥伴對話",), date="10月", event_kind="meeting",
            note="The EPPD memorandum was renewed for five years."),
    Passage("us-education-initiative-dialogue-4", EVENT, start="在美辦理「台美教育倡議」第四次高層對話",
            end="持續擴大3項獎學金計畫；", title_zh="台美教育倡議第四次高層對話",
            title_en="4th high-level dialogue of the US–Taiwan Education Initiative",
            names=("台美教育倡議", "在美"), host_code="US", event_kind="meeting"),
    Passage("us-education-initiative-scholarships", ACTIVITY,
            start="在美辦理「台美教育倡議」第四次高層對話", end="持續擴大3項獎學金計畫；",
            title_zh="台美教育倡議：3 項獎學金計畫",
            title_en="US–Taiwan Education Initiative: three scholarship programmes",
            names=("3項獎學金計畫",), modality=TRAINING),
    Passage("gctf-franchise-events", ENTRY, start="在我與美、日、澳、加「全球合作暨訓練架構」",
            end="舉辦9場海外加盟活動；", entry_kind="summary",
            title_zh="GCTF 架構下舉辦 9 場海外加盟活動",
            title_en="Nine GCTF-affiliated events abroad", names=("9場海外加盟活動",),
            note="A count: the review names neither the events nor their countries."),
    _none("n-us-governors", "另共計4位州長及5位副州長率團訪台", "強勁動能。", _VISITS),
    _none("n-europe-visits", "蕭美琴副總統當選人於3月訪問立陶宛", "深化台歐雙邊交流。", _VISITS),
    Passage("forum-2000", EVENT, start="蔡英文前總統出席捷克「公元兩千論壇」",
            end="(Forum2000)", title_zh="公元兩千論壇（Forum 2000）", title_en="Forum 2000",
            names=("公元兩千論壇",), host="捷克", event_kind="forum",
            note="Former President Tsai Ing-wen attended."),
    Passage("ipac-summit", EVENT, start="另第四屆「對中政策跨國議會聯盟」(IPAC)年會",
            end="訪台與會；", title_zh="第四屆對中政策跨國議會聯盟（IPAC）年會",
            title_en="4th Inter-Parliamentary Alliance on China (IPAC) summit",
            names=("對中政策跨國議會聯盟", "訪台"), host_code="TW", event_kind="meeting",
            organisations=(Org("對中政策跨國議會聯盟", "organiser", "international-organisation",
                               "Inter-Parliamentary Alliance on China", "IPAC"),)),
    _none("n-indo-pacific-peace", "荷蘭首次派遣軍艦通過台灣海峽", "有助歐洲各國跟進強化友我作為。",
          _SUPPORT),
    Passage("czech-democratic-resilience", ACTIVITY, start="我國與捷克合作的「台捷民主韌性",
            end="舉行揭牌儀式；", title_zh="台捷民主韌性及能力建構合作計畫",
            title_en="Taiwan–Czech democratic resilience and capacity building cooperation "
            "project (Advanced Chip Design Research Centre)",
            names=("台捷民主韌性及能力建構合作計畫", "先進晶片研究中心"), countries=("捷克",),
            modality=TC),
    Passage("drone-alliance-lithuania-mou", ENTRY, start="林部長率「台灣卓越無人機海外商機聯盟」",
            end="簽署瞭解備忘錄", entry_kind="agreement",
            title_zh="台灣卓越無人機海外商機聯盟與立陶宛國防暨安全產業協會瞭解備忘錄",
            title_en="MOU between the Taiwan Excellence Drone International Business "
            "Opportunities Alliance and the Lithuanian Defence and Security Industry Association",
            names=("立陶宛國防暨安全產業協會",)),
    Passage("taiwan-poland-economic-forum", EVENT, start="透過「強化台波經濟合作論壇」",
            end="強化台歐經貿連結。", title_zh="強化台波經濟合作論壇",
            title_en="Forum on strengthening Taiwan–Poland economic cooperation",
            names=("強化台波經濟合作論壇",), event_kind="forum",
            note="The review prints neither date nor place."),
    _none("n-japan-visit", "8月日本現任首相石破茂", "晉見賴總統、蕭副總統；", _VISITS),
    Passage("ketagalan-forum", EVENT, start="8月日本現任首相石破茂", end="發表專題演講",
            title_zh="凱達格蘭論壇：2024 印太安全對話",
            title_en="Ketagalan Forum: 2024 Indo-Pacific Security Dialogue",
            names=("凱達格蘭論壇",), date="8月", host_code="TW", event_kind="forum",
            note="The review names it in full in its public diplomacy section "
            "(「凱達格蘭論壇：2024印太安全對話」)."),
    Passage("appu-52", EVENT, start="立法院江啟臣副院長3月率朝野委員組團赴日",
            end="年會主辦國。", title_zh="亞洲太平洋國會議員聯合會（APPU）第 52 屆年會",
            title_en="52nd General Assembly of the Asian-Pacific Parliamentarians' Union (APPU)",
            names=("第52屆年會", "赴日"), date="3月", host_code="JP", event_kind="meeting",
            organisations=(Org("亞洲太平洋國會議員聯合會", "organiser", "international-organisation",
                               "Asian-Pacific Parliamentarians' Union", "APPU"),)),
    Passage("taiwan-japan-maritime-dialogue-6", EVENT, start="8月在台召開第6屆「台日海洋事務合作對話會議」",
            end="共同關切事項交換意見。", title_zh="第 6 屆台日海洋事務合作對話會議",
            title_en="6th Taiwan–Japan Maritime Cooperation Dialogue",
            names=("台日海洋事務合作對話會議", "在台"), date="8月", host_code="TW",
            event_kind="meeting"),
    _none("n-mumbai", "我駐孟買辦事處10月正式揭牌", "海內外媒體報導；",
          "The opening of a representative office."),
    Passage("taiwan-thailand-smart-city-forum", EVENT, start="續辦「臺泰智慧城」及「臺泰智慧城市論壇」",
            end="更新投資保障協定；", title_zh="臺泰智慧城市論壇",
            title_en="Taiwan–Thailand Smart City Forum", names=("臺泰智慧城市論壇",),
            countries=("泰國",), event_kind="forum"),
    Passage("agricultural-youth-ambassadors", ACTIVITY, start="遴選24名農業青年大使",
            end="深化我國與新南向國家的農業合作交流；", title_zh="農業青年大使赴馬來西亞及泰國參訪",
            title_en="24 agricultural youth ambassadors visit Malaysia and Thailand",
            names=("24名農業青年大使",), countries=("馬來西亞", "泰國"), modality=TRAINING),
    _none("n-digital-new-southbound", "持續發揚「以人為本」精神", "開拓產、官、學合作。", _POLICY),
    Passage("pif-53", EVENT, start="本年8月我透過3友邦及澳紐協助",
            end="領袖峰會系列活動；", title_zh="第 53 屆太平洋島國論壇（PIF）領袖峰會",
            title_en="53rd Pacific Islands Forum (PIF) Leaders Meeting",
            names=("太平洋島國論壇",), date="8月", host="東加王國", event_kind="meeting",
            organisations=(Org("太平洋島國論壇", "organiser", "international-organisation",
                               "Pacific Islands Forum", "PIF"),)),
    _none("n-resolution-2758", "國際接連反制中國錯誤詮釋聯合國大會第2758號決議案",
          "支持台灣國際參與。", _SUPPORT),
    Passage("ukraine-5g-humanitarian", ACTIVITY, start="台灣各界齊心援烏克蘭",
            end="合作參與人道援烏計畫", title_zh="運用 5G 電信技術與歐洲理念相近國家合作人道援烏",
            title_en="Humanitarian aid to Ukraine with European partners, using Taiwan's 5G "
            "technology", names=("5G電信技術",), countries=("烏克蘭",), modality=HUMANITARIAN),
    Passage("ukraine-ebrd", ACTIVITY, start="台灣各界齊心援烏克蘭", end="合力援烏；",
            title_zh="與歐洲復興開發銀行（EBRD）合力援烏：核安、資安及新創企業輔導",
            title_en="Aid to Ukraine with the EBRD: nuclear safety, cybersecurity and start-up "
            "support", names=("核安、資安及新創企業輔導",), countries=("烏克蘭",),
            organisations=(Org("歐洲復興開發銀行", "4", "multilateral-bank",
                               "European Bank for Reconstruction and Development", "EBRD"),),
            modality=HUMANITARIAN),
    Passage("mongolia-dzud-recovery", ACTIVITY, start="另與「蒙古紅十字會」及「蒙古明愛會」",
            end="雪災災後復原工作；", title_zh="協助蒙古嚴重雪災災後復原",
            title_en="Recovery after Mongolia's severe winter disaster (dzud)",
            names=("雪災",), countries=("蒙古",),
            organisations=(Org("蒙古紅十字會", "4", "ingo", "Mongolian Red Cross Society"),
                           Org("蒙古明愛會", "4", "ingo", "Caritas Mongolia")),
            modality=HUMANITARIAN),
    *(
        Passage(f"{abbr.lower()}-meeting", EVENT, start="在台舉辦「南方黑鮪保育委員會」",
                end="相關會議，", title_zh=f"{name}（{abbr}）相關會議",
                title_en=f"{name_en} ({abbr}) meeting", names=(name, "在台"),
                host_code="TW", event_kind="meeting",
                organisations=(Org(name, "organiser", "international-organisation", name_en, abbr),))
        for name, abbr, name_en in (
            ("南方黑鮪保育委員會", "CCSBT", "Commission for the Conservation of Southern Bluefin Tuna"),
            ("亞太法定計量組織", "APLMF", "Asia-Pacific Legal Metrology Forum"),
            ("亞洲選舉官署協會", "AAEA", "Association of Asian Election Authorities"),
        )
    ),
    _none("n-unfccc-letters", "本年11個友邦全數致函UNFCCC執秘", "(UNFCCCCOP29)；", _SUPPORT),
    Passage("unfccc", ORGANISATION, start="本年11個友邦全數致函UNFCCC執秘", end="(UNFCCCCOP29)；",
            organisations=(Org("聯合國氣候變化綱要公約", "", "international-organisation",
                               "United Nations Framework Convention on Climate Change",
                               "UNFCCC"),)),
    Passage("ocean-conservation-forum", EVENT, start="另舉辦海洋保育論壇", end="另舉辦海洋保育論壇",
            title_zh="海洋保育論壇", title_en="Ocean conservation forum", names=("海洋保育論壇",),
            event_kind="forum", note="The review prints neither date nor place."),
    Passage("our-ocean-9-side-event", EVENT, start="擔任「第9屆我們的海洋大會」(OOC9)場內周邊會議與談",
            end="堅定展現對台情誼，", title_zh="第 9 屆我們的海洋大會（OOC 9）場內周邊會議",
            title_en="Side event at the 9th Our Ocean Conference (OOC 9)",
            names=("我們的海洋大會",), event_kind="meeting",
            note="Taiwan spoke at the side event; the review does not say where it was held."),
    _none("n-economic-diplomacy", "協助籌設行政院「經濟外交工作小組」", "發揮經貿外交綜效。", _POLICY),
    *(
        Passage(key, ENTRY, start="陸續辦理「帛琉智慧醫療合作案」", end="協助鞏固台灣在全球供應鏈上的優勢地位；",
                entry_kind="delegation", title_zh=name, title_en=name_en, names=(name,),
                note="An investment and trade delegation to an ally.")
        for key, name, name_en in (
            ("guatemala-partnership-delegation", "臺瓜鏈結國際策略夥伴交流團",
             "Taiwan–Guatemala international strategic partnership delegation"),
            ("green-energy-textiles-delegation", "臺巴綠能科技及紡織團",
             "Taiwan–Paraguay green energy technology and textiles delegation"),
            ("industry-cooperation-delegation", "臺巴產業合作團",
             "Taiwan–Paraguay industrial cooperation delegation"),
        )
    ),
    Passage("palau-smart-healthcare", ACTIVITY, start="陸續辦理「帛琉智慧醫療合作案」",
            end="「帛琉智慧醫療合作案」", title_zh="帛琉智慧醫療合作案",
            title_en="Palau smart healthcare cooperation", names=("帛琉智慧醫療合作案",),
            countries=("帛琉",), modality=TC),
    Passage("paraguay-smart-technology-park", ACTIVITY, start="辦理「巴拉圭智慧科技園區活化案」",
            end="雙邊戰略產業連結。", title_zh="巴拉圭智慧科技園區活化案",
            title_en="Revitalisation of Paraguay's smart technology park",
            names=("巴拉圭智慧科技園區活化案",), countries=("巴拉圭",), modality=TC),
    Passage("slovakia-semiconductor-lab", ACTIVITY, start="與斯洛伐克推動建置半導體實驗室",
            end="創新研發工作；", title_zh="與斯洛伐克建置半導體實驗室及創新研發",
            title_en="Semiconductor laboratory and joint research with Slovakia",
            names=("半導體實驗室",), countries=("斯洛伐克",), modality=TC),
    Passage("oman-youth-forum", EVENT, start="舉辦首屆「阿曼青年論壇",
            end="人工智慧與新世界展望」；", title_zh="首屆阿曼青年論壇—人工智慧與新世界展望",
            title_en="1st Oman Youth Forum: artificial intelligence and the new world",
            names=("阿曼青年論壇",), countries=("阿曼",), event_kind="forum"),
    Passage("chile-hydrogen-delegation", ENTRY, start="赴智利辦理「氫能產業考察團」",
            end="促成合作備忘錄簽署；", entry_kind="delegation",
            title_zh="赴智利氫能產業考察團（促成合作備忘錄簽署）",
            title_en="Hydrogen industry delegation to Chile (leading to an MOU)",
            names=("氫能產業考察團",), countries=("智利",)),
    Passage("sica-regional-projects", ACTIVITY, start="與中美洲統合體（SICA）共同推動7項區域合作計畫",
            end="與中美洲統合體（SICA）共同推動7項區域合作計畫",
            title_zh="與中美洲統合體（SICA）共同推動 7 項區域合作計畫",
            title_en="Seven regional cooperation projects with the Central American Integration "
            "System (SICA)", names=("7項區域合作計畫",),
            organisations=(Org("中美洲統合體", "4", "international-organisation",
                               "Central American Integration System", "SICA"),),
            modality=TC),
    Passage("philippines-strategic-delegation", ENTRY, start="籌組「經濟外交工作小組臺菲策略合作考察團」",
            end="籌組「經濟外交工作小組臺菲策略合作考察團」", entry_kind="delegation",
            title_zh="經濟外交工作小組臺菲策略合作考察團",
            title_en="Economic diplomacy task force's Taiwan–Philippines strategic cooperation "
            "delegation", names=("臺菲策略合作考察團",)),
    _none("n-cptpp", "有益我與各國深化雙邊關係", "等國際組織的支持。", _POLICY),
    _none("n-heading-4", "聲，凝聚友我力量；", "發揮外交戰力", "The section heading, continued."),
    Passage("israel-tourism-culture-agreements", ENTRY, start="本年3及9月與以色列簽署觀光合作共同宣言",
            end="及文化合作協定，", entry_kind="agreement",
            title_zh="與以色列簽署觀光合作共同宣言及文化合作協定",
            title_en="Joint declaration on tourism cooperation and cultural cooperation agreement "
            "with Israel", names=("觀光合作共同宣言", "文化合作協定"), countries=("以色列",)),
    _none("n-public-diplomacy", "發揚台灣觀光及文化魅力；", "拓展國際友我人脈。",
          "Youth exchanges and scholarships policy: public diplomacy, no cooperation record."),
    _none("n-media", "協助20國的78家媒體", "有效凝聚海外友我人脈及支持力量。",
          "Media relations; the Ketagalan Forum it names is read from the Japan section."),
    _none("n-ingo-desk", "全面精進新進外交人員培訓課程", "持續擴大全球民主社群在台群聚效益；",
          "Training of diplomats and the INGO desk; no cooperation record."),
    Passage("taiwan-gender-equality-week", EVENT, start="配合聯合國「第68屆婦女地位委員會」",
            end="成功拓展我國國際參與空間；", title_zh="台灣性別平等週（紐約，CSW 68 期間）",
            title_en="Taiwan Gender Equality Week (New York, during CSW 68)",
            names=("台灣性別平等週",), venue="紐約", host_code="US", event_kind="other",
            note="Held with Taiwanese NGO partners during the 68th Commission on the Status of "
            "Women."),
    _none("n-sport", "協助我國運動代表團（隊）及NGO參加", "推動體育外交。", "Sports diplomacy."),
    _none("n-consular", "改善疫後護照申辦量遽增", "達致簡政便民綜效。", "Consular services."),
    _none("n-outlook", "展望2025年", "讓台灣持續在全球發光發熱。", _POLICY),
)  # fmt: skip

_HEADING = re.compile(
    r"^(?:-\s*)?(?:[一二三四五六七八九十]+、|\(?\s*[一二三四五六七八九十]+\s*\)|\d+\.\s|結語$)"
)


def _heading(text: str) -> bool:
    return bool(_HEADING.match(text))


def _running_header(text: str) -> bool:
    """The running header, printed where a page broke a paragraph."""
    return "".join(text.split()) == "".join(RUNNING_HEADER.split())


def extract(
    lines: Sequence[str | SourceLine], *, file: str, country_names: Iterable[tuple[str, str]]
) -> Extraction:
    """The review's records of 2024; a line of prose that no passage reads is a problem."""
    numbered_lines = numbered(lines)
    reader = Reader(
        TABLE, SOURCE, "TW-SEEDS-REVIEW2024", "review-2024", file, CountryNames(country_names),
        default_year=YEAR,
    )  # fmt: skip
    return reader.read(
        numbered_lines, PASSAGES, first=1, last=len(numbered_lines), cue=lambda t: True,
        skip=_running_header, heading=_heading,
    )  # fmt: skip
