"""A realistic mix of portal traffic for the load test (see benchmarks/load.sh).

Commune staff save attendance; reviewers open rating rounds; viewers open the summaries.
Users log in once with the benchmark accounts' password (set by load.sh).
"""

import datetime
import os
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "tai-thu-2026")
YEAR = datetime.date.today().year


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
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
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        learners = re.findall(r'name="status-(\d+)"', page.text)
        if token is None:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "save": "1"}
        data |= {f"status-{pk}": "present" for pk in set(learners)}
        self.client.post(
            self.sheet, data, headers={"Referer": self.host + self.sheet}, name="attendance save"
        )

    @task(1)
    def activity_list(self):
        self.client.get("/activities/", name="activity list (centre)")


class Reviewer(PortalUser):
    weight = 2
    username = "bench_province"

    @task
    def rating_rounds(self):
        self.client.get("/ratings/", name="ratings home")


class Viewer(PortalUser):
    weight = 3
    username = "bench_province"

    @task(2)
    def rating_summary(self):
        self.client.get(
            f"/reports/ratings/?year={YEAR - 1}&compare={YEAR - 2}", name="rating summary"
        )

    @task(1)
    def activity_summary(self):
        self.client.get(f"/reports/activities/?year={YEAR}", name="activity summary")
