"""The simulated newsroom users of bench_load.py: the locustfile, run by locust in its own process.

bench_load.py writes a JSON plan and starts `locust -f scripts/bench_load_users.py` with
BENCH_LOAD_PLAN pointing at it: {tokens, n, queries, sources, run_id, weights, wait, result_file}.
Each simulated user signs in with an API token of its own (an editor, so it may upload) and does
weighted tasks: search, article detail, upload, comment. Outcomes the API promises (201/202/422 for
a comment under its policy, 202 for an upload) are successes; any 5xx, connection error or other
status is a failure. Every response is also recorded here (latency, status, variant) and written to
result_file when locust quits, so bench_load.py computes exact percentiles and counts 5xx itself.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

from bench_common import EXPECTED_STATUSES  # locust puts the locustfile's directory on sys.path
from locust import FastHttpUser, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
TOKENS = itertools.cycle(PLAN["tokens"])
SEQUENCE = itertools.count(1)

CLEAN_COMMENTS = [
    "좋은 기사 잘 읽었습니다.", "후속 보도를 기대합니다.", "자료가 정리되어 있어 이해하기 쉬웠어요.",
    "현장 분위기가 잘 전해지네요.", "Thanks for the clear reporting.", "Looking forward to the follow-up.",
]
PROFANE_COMMENTS = ["이런 씨발 기사를 왜 쓰냐", "기자 병신 아니냐", "What an idiot wrote this?", "씨8 이게 기사냐"]
LONG_COMMENT = "이 기사에 대해 길게 의견을 남깁니다. 여러 문단으로 나누어 생각을 적어 봅니다. "  # x8 > 250 chars

# What bench_load.py reads back: per request kind, every latency (ms) and status; per variant, statuses.
latencies: dict[str, list[float]] = defaultdict(list)
statuses: dict[str, Counter] = defaultdict(Counter)
variants: dict[str, Counter] = defaultdict(Counter)
uploaded_ids: list[int] = []
window: dict[str, float] = {}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, context=None, exception=None,
            **kwargs):
    status = getattr(response, "status_code", 0) or 0
    latencies[name].append(response_time)
    statuses[name][status] += 1
    if context and "variant" in context:
        variants[f"{name}:{context['variant']}"][status] += 1


@events.test_start.add_listener
def _started(environment, **kwargs):
    window["start"] = time.time()


@events.test_stop.add_listener
def _stopped(environment, **kwargs):
    window["stop"] = time.time()


@events.quitting.add_listener
def _write_results(environment, **kwargs):
    result = {
        "latencies_ms": latencies, "statuses": {k: dict(v) for k, v in statuses.items()},
        "variants": {k: dict(v) for k, v in variants.items()}, "uploaded_ids": uploaded_ids,
        "seconds": window.get("stop", time.time()) - window.get("start", time.time()),
    }
    with open(PLAN["result_file"], "w", encoding="utf-8") as fh:
        json.dump(result, fh)


def _judge(response, kind: str) -> None:
    if response.status_code in EXPECTED_STATUSES[kind]:
        response.success()
    else:
        response.failure(f"{kind}: unexpected status {response.status_code}")


class NewsroomUser(FastHttpUser):
    def wait_time(self):
        return random.uniform(*PLAN["wait"])

    def on_start(self):
        token = next(TOKENS)
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        # Sign in: the token must name an editor (uploads are editors' work).
        with self.client.get("/api/v1/articles?page_size=1", headers=self.headers, name="sign-in",
                             catch_response=True) as r:
            if r.status_code not in EXPECTED_STATUSES["sign-in"]:
                r.failure(f"sign-in refused: {r.status_code}")
                raise StopUser()

    @task(PLAN["weights"]["search"])
    def search(self):
        variant = random.choices(("ko-2", "ko-1", "en-1", "en-2"), weights=(40, 30, 15, 15))[0]
        q = random.choice(PLAN["queries"][variant])
        with self.client.get(f"/api/v1/articles?{urlencode({'q': q})}", headers=self.headers, name="search",
                             context={"variant": variant}, catch_response=True) as r:
            _judge(r, "search")

    @task(PLAN["weights"]["detail"])
    def detail(self):
        with self.client.get(f"/api/v1/articles/{random.randint(1, PLAN['n'])}", headers=self.headers,
                             name="detail", catch_response=True) as r:
            _judge(r, "detail")

    @task(PLAN["weights"]["upload"])
    def upload(self):
        lang, title, paragraphs = random.choice(PLAN["sources"])
        paragraphs = random.sample(paragraphs, len(paragraphs))
        seq = next(SEQUENCE)
        text = "\n".join([title, *paragraphs, f"(load test {PLAN['run_id']} {seq} {uuid.uuid4().hex})"])
        body = {"text": text, "language": lang, "file_name": f"bench-load-{PLAN['run_id']}-{seq}.txt"}
        with self.client.post("/api/v1/articles", json=body, headers=self.headers, name="upload",
                              catch_response=True) as r:
            _judge(r, "upload")
            if r.status_code == 202:
                uploaded_ids.append(r.json()["id"])

    @task(PLAN["weights"]["comment"])
    def comment(self):
        variant = random.choices(("clean", "over-length", "profane"), weights=(70, 15, 15))[0]
        if variant == "clean":
            text = f"{random.choice(CLEAN_COMMENTS)} ({random.randint(1, 10**6)})"
        elif variant == "over-length":
            text = LONG_COMMENT * 8
        else:
            text = random.choice(PROFANE_COMMENTS)
        with self.client.post(f"/api/v1/articles/{random.randint(1, PLAN['n'])}/comments", json={"body": text},
                              headers=self.headers, name="comment", context={"variant": variant},
                              catch_response=True) as r:
            _judge(r, "comment")
