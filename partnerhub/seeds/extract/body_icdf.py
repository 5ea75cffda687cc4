"""TaiwanICDF projects and technical and medical missions that the white paper's body names.

The body names Taiwan's missions abroad (技術團, 醫療團) and its bilateral projects (「…計畫」)
country by country, in running text across chapters 2 to 7. Each named mission or project with
its country becomes an activity (technical cooperation, or education and training for the
training programme), dated by the year the passage prints, if any. 國合會 (TaiwanICDF) is
named as implementer only where the passage prints it; the body credits most projects to 「我國」.

Not doubled: the projects the case boxes tell (Tuvalu, Eswatini, Saint Vincent's smart buses,
Paraguay, Haiti) are the ``cases`` table's, and the second mention of a mission (the Saudi and
Bahrain missions in chapter 7, the Eswatini mission in chapter 4) is listed as no record, with
the reason. Every line that names a mission (技術團, 醫療團) must lie inside a passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    ACTIVITY,
    ENTRY,
    NONE,
    Org,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import SourceLine, numbered

TABLE = "whitepaper-body-icdf"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-body-icdf"

ICDF = Org("國合會", "4", "icdf", "International Cooperation and Development Fund", "TaiwanICDF")
TC, TRAINING = "technical-cooperation", "education-training"
_GENERAL = "A general statement about missions; it names no country."
_CASE = "The project is a case box of chapter 6 or 7 (the cases table)."


def _mission(key: str, country: str, name: str, name_en: str) -> Passage:
    return Passage(
        key,
        ACTIVITY,
        start="目前我國在沙烏地阿拉伯、巴林派有技術團",
        end="巴林則主要為水產養殖與園藝技術合作。",
        title_zh=name,
        title_en=name_en,
        countries=(country,),
        names=("技術團",),
        modality=TC,
    )


PASSAGES: tuple[Passage, ...] = (
    Passage("n-intro", NONE, start="我國在夥伴國家派遣技術團執行的各項技術合作計畫",
            end="促成計畫升級與轉型", reason=_GENERAL),
    Passage("n-model", NONE, start="以技術團扎根當地親", end="「臺灣模式」。", reason=_GENERAL),
    Passage("n-allies", NONE, start="派遣技術團、行動醫療中心", end="居民建立良善關係的方式",
            reason=_GENERAL),
    Passage("india-covid-digital-health", ACTIVITY, start="又如「印度新冠肺炎數位健康創新回應計畫」",
            end="COVID-19個案管理APP等方式，",
            title_zh="印度新冠肺炎數位健康創新回應計畫（第一、二期）",
            title_en="India COVID-19 digital health innovation response project (phases 1 and 2)",
            names=("印度新冠肺炎數位健康創新回應計畫",), countries=("印度",), modality=TC),
    Passage("n-covid", NONE, start="我國除了運用國合會駐外技術團", end="進行人道援助。",
            reason=_GENERAL),
    Passage("guatemala-maternal-health", ACTIVITY, start="如在瓜", end="提供第一線醫護人員使用；",
            title_zh="運用醫療科技提升孕產婦與新生兒保健功能計畫（瓜地馬拉）",
            title_en="Guatemala: improving maternal and newborn health care with medical technology",
            names=("運用醫療科技提升孕產婦與新生兒保健功能計畫",), countries=("瓜地馬拉",),
            modality=TC),
    Passage("st-kitts-mission", ACTIVITY, start="又如聖克里斯多福技術團緊急收集舊",
            end="教學工作坊。", title_zh="駐聖克里斯多福技術團",
            title_en="Taiwan Technical Mission in Saint Kitts and Nevis",
            names=("聖克里斯多福技術團",), countries=("聖克里斯多福",), modality=TC,
            note="The passage tells how the mission made cloth masks during COVID-19."),
    Passage("lebanon-covid-economic-crisis", ACTIVITY,
            start="因應COVID-19、經濟危機及2020年8月貝魯特大爆炸",
            end="「黎巴嫩境內弱勢族群新冠肺炎及經濟危機回應計畫」",
            title_zh="黎巴嫩境內弱勢族群新冠肺炎及經濟危機回應計畫",
            title_en="Lebanon: COVID-19 and economic crisis response for vulnerable groups",
            names=("黎巴嫩境內弱勢族群新冠肺炎及經濟危機回應計畫",), countries=("黎巴嫩",),
            organisations=(Org("波蘭國際援助中心", "4", "ingo",
                               "Polish Center for International Aid", "PCPM"),),
            modality="humanitarian",
            note="The passage dates the Beirut explosion (August 2020), not the project."),
    Passage("n-icdf-remit", NONE, start="多年來，國合會除了辦理外交部委",
            end="成為與國際接軌的專業援外機構。", reason="TaiwanICDF's remit, no mission named."),
    Passage("n-taiwan-model", NONE, start="派遣技術團到當", end="提升其自力更生能力。",
            reason=_GENERAL),
    Passage("n-resident-medical", NONE, start="自2000年後開始透過委託國內醫療機構執",
            end="行常駐醫療團計畫；", reason=_GENERAL),
    Passage("medical-personnel-training-2005", ACTIVITY, start="更於2005年與國內醫療機構合作",
            end="專業在職訓練。", title_zh="友好國家醫事人員訓練計畫",
            title_en="Training programme for medical personnel of allied and friendly countries",
            names=("友好國家醫事人員訓練計畫",), date="2005年", modality=TRAINING),
    Passage("mobile-medical-mission-2005", ACTIVITY, start="更於2005年與國內醫療機構合作",
            end="提供短期巡迴診療服務。", title_zh="行動醫療團（北印度）",
            title_en="First mobile medical mission (northern India)", names=("行動醫療團",),
            date="2005年", countries=("印度",), modality=TC,
            note="The first mobile medical mission left in December (同年 12 月) 2005."),
    Passage("medical-equipment-donation-2010", ACTIVITY, start="2010年，搭",
            end="「二手醫療儀器捐贈計畫」", title_zh="二手醫療儀器捐贈計畫",
            title_en="Second-hand medical equipment donation programme",
            names=("二手醫療儀器捐贈計畫",), date="2010年", modality=TC),
    Passage("n-training-courses", NONE, start="同時配合我駐外技術團計畫移轉等需要規",
            end="備教學工作。", reason="Training courses in Taiwan; no mission named."),
    Passage("n-eswatini-medical", NONE, start="以與史瓦帝尼在醫療上的合作為例",
            end="貢獻及成果深受史國肯", reason="The Eswatini medical mission, read where the "
            "body dates it (2009, chapter 6)."),
    Passage("n-tuvalu-1", NONE, start="另如我在亞太地區之邦交國吐瓦魯", end="強化該國初級產業發展。",
            reason=_CASE),
    _mission("saudi-arabia-mission", "沙烏地阿拉伯", "駐沙烏地阿拉伯技術團",
             "Taiwan Technical Mission in Saudi Arabia"),
    _mission("bahrain-mission", "巴林", "駐巴林技術團", "Taiwan Technical Mission in Bahrain"),
    Passage("n-medical-cooperation", NONE, start="透過醫衛合作計畫，如行動醫療團", end="奠定在",
            reason=_GENERAL),
    Passage("n-ict", NONE, start="從過去以農業、醫療團及縮短數位落差", end="ICT相關計畫等。",
            reason=_GENERAL),
    Passage("st-kitts-renewable-energy-advisers", ACTIVITY, start="又如「聖克里斯多福及",
            end="「貝里斯河流域水災預警能力提升計畫」",
            title_zh="聖克里斯多福及尼維斯再生能源顧問派遣專案",
            title_en="Saint Kitts and Nevis: renewable energy advisers",
            names=("聖克里斯多福及尼維斯再生能源顧問派遣專案",), countries=("聖克里斯多福及尼維斯",),
            modality=TC),
    Passage("belize-flood-early-warning", ACTIVITY, start="又如「聖克里斯多福及",
            end="「貝里斯河流域水災預警能力提升計畫」",
            title_zh="貝里斯河流域水災預警能力提升計畫",
            title_en="Belize River basin flood early-warning capacity project",
            names=("貝里斯河流域水災預警能力提升計畫",), countries=("貝里斯",), modality=TC),
    Passage("marshall-household-energy", ACTIVITY, start="例如在馬紹爾群島之「家戶能源效率及",
            end="減輕該國對於進口能源之倚賴。", title_zh="家戶能源效率及再生能源計畫（馬紹爾群島）",
            title_en="Marshall Islands: household energy efficiency and renewable energy project",
            names=("家戶能源效率及再生能源計畫",), countries=("馬紹爾群島",), modality=TC),
    Passage("belize-urban-resilience-2023", ACTIVITY, start="如於2023年在貝里斯執行「城市韌性防災計畫」",
            end="減災之能力。", title_zh="城市韌性防災計畫（貝里斯）",
            title_en="Belize: urban resilience and disaster prevention project",
            names=("城市韌性防災計畫",), date="2023年", countries=("貝里斯",), modality=TC),
    Passage("n-pacific-mobile-medical", NONE, start="另如我國在亞太地區邦交國之醫療援助計畫",
            end="以達到全球健康照", reason="The mobile medical missions in general; no country "
            "or year."),
    Passage("pacific-medical-missions-2021", ACTIVITY, start="如2021年在太", end="設立常駐醫療團",
            title_zh="太平洋 4 友邦常駐醫療團", title_en="Resident medical missions in four Pacific allies",
            names=("常駐醫療團",), date="2021年", modality=TC,
            note="The four Pacific allies are not named."),
    Passage("eswatini-medical-mission-2009", ACTIVITY, start="如2021年在太", end="設立常駐醫療團",
            title_zh="駐史瓦帝尼常駐醫療團", title_en="Resident medical mission in Eswatini",
            names=("常駐醫療團",), date="2009年", countries=("史瓦帝尼",), modality=TC),
    Passage("n-tuvalu-2", NONE, start="以我國在吐瓦魯的農藝計畫為例",
            end="執行「蔬果增產暨營養提升計畫」", reason=_CASE),
    Passage("technical-missions-21", ENTRY, start="另外，我國透過國合會派駐在亞太",
            end="農林漁業計畫", entry_kind="summary", title_zh="國合會派駐 21 個技術團",
            title_en="TaiwanICDF's 21 technical missions abroad", names=("21個技術團",),
            organisations=(ICDF,),
            note="A count: the missions are in Asia-Pacific, Africa, the Middle East, Latin "
            "America and the Caribbean; the body does not list them."),
    *(
        Passage(key, ACTIVITY, start="2021年我國共計在貝里斯", end="「科技融入教學發展計畫」",
                title_zh=f"{name}（{country}）", title_en=name_en, names=(name,),
                date="2021年", countries=(country,), modality=TC,
                note="The four countries and four projects are printed in matching order; "
                "Saint Vincent's smart bus system is case 6.")
        for key, name, country, name_en in (
            ("belize-vehicle-registration-2021", "交通監理資訊服務系統計畫", "貝里斯",
             "Belize: vehicle registration and licensing information system"),
            ("st-kitts-land-administration-2021", "地政業務資訊提升計畫", "聖克里斯多福及尼維斯",
             "Saint Kitts and Nevis: land administration information system"),
            ("st-lucia-ict-in-education-2021", "科技融入教學發展計畫", "聖露西亞",
             "Saint Lucia: ICT in education"),
        )
    ),
    *(
        Passage(key, ACTIVITY,
                start="聖克里斯多福及尼維斯推動「農業因應氣候變遷調適能力提升計畫」",
                end="「固體廢棄物處理及循環利用計畫」", title_zh=name, title_en=name_en,
                names=(name,), countries=("聖克里斯多福及尼維斯",), modality=TC)
        for key, name, name_en in (
            ("st-kitts-agriculture-climate-adaptation", "農業因應氣候變遷調適能力提升計畫",
             "Saint Kitts and Nevis: agricultural climate-change adaptation"),
            ("st-kitts-solid-waste", "固體廢棄物處理及循環利用計畫",
             "Saint Kitts and Nevis: solid waste treatment and recycling"),
        )
    ),
    Passage("n-middle-east-1", NONE, start="則派遣常駐技術團在沙烏地阿拉伯及巴林",
            end="專業技術能力；", reason="The Saudi Arabia and Bahrain missions, read in chapter 5."),
    Passage("n-middle-east-2", NONE, start="駐地技術團：我於中東地區", end="擴大我國際能見度。",
            reason="The Saudi Arabia and Bahrain missions, read in chapter 5."),
    Passage("somaliland-hospital-information-2022", ACTIVITY, start="（1）索馬利蘭共和國",
            end="提升醫院管理效能。", title_zh="醫療資訊系統計畫（索馬利蘭）",
            title_en="Somaliland: hospital information system",
            names=("醫療資訊系統",), date="2022年", countries=("索馬利蘭",),
            organisations=(ICDF,), modality=TC),
    Passage("somaliland-medical-mission-2022", ACTIVITY, heading="（1）索馬利蘭共和國",
            start="常駐索國醫療團", end="公衛專題研究等服務。", title_zh="常駐索馬利蘭醫療團",
            title_en="Resident medical mission in Somaliland", names=("常駐索國醫療團",),
            date="2022年7月", countries=("索馬利蘭",),
            organisations=(Org("萬芳醫院", "4", "hospital-university",
                               "Taipei Municipal Wanfang Hospital"),),
            modality=TC, note="Medical cooperation agreement signed in June 2021; the advance "
            "team went in July 2022 and the resident staff in October."),
)  # fmt: skip


def _cue(text: str) -> bool:
    """A line that names a mission abroad."""
    return "技術團" in text or "醫療團" in text


def extract(
    lines: Sequence[str | SourceLine], *, file: str, country_names: Iterable[tuple[str, str]]
) -> Extraction:
    """The body's named missions and projects as activities; unread mission lines as problems."""
    reader = Reader(
        TABLE, SOURCE, "TW-SEEDS-WP2023-ICDF", "icdf", file, CountryNames(country_names)
    )
    return reader.read_body(numbered(lines), PASSAGES, cue=_cue)
