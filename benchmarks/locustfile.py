"""A realistic mix of portal traffic for the load test (see benchmarks/load.sh).

Commune staff open the 60-learner attendance sheet and save it with one learner changed (a real
write: it changes the counts and makes cached activity reports stale); district reviewers open
the ratings home, this year's round and a centre's rating; province viewers open the rating and
activity summaries: this year's (kept stale by the saves) and past years' (always cached: the
reference load.sh compares this year's median with). Each simulated user logs in once; the
statistics are reset after WARMUP seconds so the figures are the steady state, and load.sh
times the login separately.
"""

import datetime
import os
import random
import re

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PASSWORD = os.environ.get("LOAD_PASSWORD", "tai-thu-2026")
WARMUP = float(os.environ.get("WARMUP", "15"))
YEAR = datetime.date.today().year
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


LOGINS: list[float] = []


@events.request.add_listener
def keep_login_times(name, response_time, **_kwargs):
    if name == "login":
        LOGINS.append(response_time)


@events.quitting.add_listener
def write_login_times(**_kwargs):
    if os.environ.get("LOGIN_TIMES"):
        with open(os.environ["LOGIN_TIMES"], "w") as out:
            out.write("\n".join(f"{t:.0f}" for t in LOGINS))


@events.test_start.add_listener
def reset_after_warmup(environment, **_kwargs):
    def reset():
        gevent.sleep(WARMUP)
        environment.runner.stats.reset_all()

    gevent.spawn(reset)


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": TOKEN.search(page.text).group(1),
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )


class CommuneStaff(PortalUser):
    weight = 5
    username = "bench_commune"

    def on_start(self):
        super().on_start()
        self.sheet = os.environ["LOAD_SESSION_URL"]

    @task(3)
    def open_and_save_attendance(self):
        page = self.client.get(self.sheet, name="attendance sheet")
        token = TOKEN.search(page.text)
        learners = sorted(set(re.findall(r'name="status-(\d+)"', page.text)))
        if token is None or not learners:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "save": "1"}
        data |= {f"status-{pk}": "present" for pk in learners}
        data[f"status-{random.choice(learners)}"] = random.choice(["absent", "excused"])
        self.client.post(
            self.sheet, data=data, headers={"Referer": self.host + self.sheet},
            name="attendance save",
        )  # fmt: skip

    @task(1)
    def activity_list(self):
        self.client.get("/activities/", name="activity list (centre)")


class Reviewer(PortalUser):
    weight = 2
    username = "bench_reviewer"

    def on_start(self):
        super().on_start()
        home = self.client.get("/ratings/", name="ratings home").text
        self.round = re.search(r'href="(/ratings/rounds/\d+/)"', home).group(1)
        overview = self.client.get(self.round, name="round overview").text
        self.ratings = sorted(set(re.findall(r'href="(/ratings/\d+/)"', overview)))

    @task(1)
    def ratings_home(self):
        self.client.get("/ratings/", name="ratings home")

    @task(2)
    def round_overview(self):
        self.client.get(self.round, name="round overview")

    @task(2)
    def rating_page(self):
        self.client.get(random.choice(self.ratings), name="rating page")


class Viewer(PortalUser):
    weight = 3
    username = "bench_province"

    @task(2)
    def rating_summary(self):
        year = random.randint(YEAR - 5, YEAR - 1)
        self.client.get(f"/reports/ratings/?year={year}&compare={year - 1}", name="rating summary")

    @task(1)
    def activity_summary(self):
        """This year's: the attendance saves make it stale again and again."""
        self.client.get(f"/reports/activities/?year={YEAR}", name="activity summary, this year")

    @task(1)
    def activity_summary_past_year(self):
        """A past year's, which nobody writes to: the cached cost under the same load."""
        year = random.randint(YEAR - 5, YEAR - 1)
        self.client.get(f"/reports/activities/?year={year}", name="activity summary, past year")
