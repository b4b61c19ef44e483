"""Smoke-test a served demo with the standard library only (a fresh machine has no curl):
the login page, a demo login, and a PDF report.

    make demo PORT=8123 &   # then
    python3 scripts/smoke_demo.py http://127.0.0.1:8123
"""

import http.cookiejar
import re
import sys
import time
import urllib.parse
import urllib.request

USER, PASSWORD = "tinh", "tthtcd-demo-2025"


def main(base: str, wait: int = 900) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    deadline = time.monotonic() + wait
    while True:
        try:
            page = opener.open(f"{base}/accounts/login/", timeout=10)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(2)
    html = page.read().decode()
    print("login page:", page.status, "Đăng nhập" in html)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": USER, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    dashboard = opener.open(request, timeout=30)
    print("logged in as", USER, "->", dashboard.geturl(), dashboard.status)
    pdf = opener.open(f"{base}/reports/ratings/?format=pdf", timeout=120)
    body = pdf.read()
    print("PDF report:", pdf.status, pdf.headers["Content-Type"], len(body), "bytes", body[:5])
    if not (pdf.status == 200 and body.startswith(b"%PDF-")):
        sys.exit("the PDF report did not download")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
