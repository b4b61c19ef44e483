#!/usr/bin/env bash
# Load test: gunicorn with production settings and the Redis cache on 127.0.0.1, Locust replaying
# benchmarks/locustfile.py at 10, 50 and 100 concurrent users, bounded in time. Needs the benchmark
# data (generate.py) and Redis (REDIS_URL, default redis://127.0.0.1:6379/15, flushed first).
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthtcd_bench bash benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"
# Per level: the first seconds (each simulated user logs in once: a password hash is ~0,45 s of
# CPU, so 100 logins keep two cores busy for ~25 s) are not counted, then MEASURE seconds are.
MEASURE=${MEASURE:-60}
PORT=${PORT:-8765}
WORKERS=${WORKERS:-4}
THREADS=${THREADS:-1}
USERS=${USERS:-10 50 100}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=load-test-only-0123456789abcdefghijklmnopqrstuvwxyz \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 \
  DJANGO_LOG_LEVEL=WARNING LOAD_PASSWORD=tai-thu-2026 AXES_FAILURE_LIMIT=1000
.venv/bin/pip install --quiet locust gunicorn
.venv/bin/python manage.py collectstatic --noinput -v0
LOAD_SESSION_URL=$(.venv/bin/python manage.py shell -v0 -c "
from django.contrib.auth import get_user_model
from django.core.cache import cache
from activities.models import Session
cache.clear()
for name in ('bench_commune', 'bench_province', 'bench_reviewer'):
    user = get_user_model().objects.get(username=name); user.set_password('tai-thu-2026'); user.save()
print(f'/activities/sessions/{Session.objects.get(activity__title=\"Lớp đo hiệu năng 60 học viên\").pk}/attendance/')")
export LOAD_SESSION_URL
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --timeout 60 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
sleep 3
for users in $USERS; do
  export WARMUP=${FIXED_WARMUP:-$(( users * 45 / 100 > 15 ? users * 45 / 100 + 10 : 15 ))}
  RUN_TIME="$(( WARMUP + MEASURE ))s"
  echo "== $users users, $RUN_TIME ($WARMUP s warm-up not counted), gunicorn $WORKERS workers x $THREADS threads"
  LOGIN_TIMES=/tmp/load-$users-logins.txt .venv/bin/locust -f benchmarks/locustfile.py --headless \
    --users "$users" --spawn-rate 10 --run-time "$RUN_TIME" --host "http://127.0.0.1:$PORT" \
    --only-summary --csv "/tmp/load-$users" --loglevel WARNING >/dev/null 2>&1 || true
  .venv/bin/python - "$users" <<'PY'
import csv, statistics, sys
users = sys.argv[1]
rows = list(csv.DictReader(open(f"/tmp/load-{users}_stats.csv")))
for row in rows:
    if row["Name"] == "Aggregated" or row["Type"] in ("GET", "POST"):
        print(f"{row['Type']:>5} {row['Name']:<24} req/s {float(row['Requests/s']):6.1f}  median {row['Median Response Time']:>5} ms"
              f"  p95 {row['95%']:>5} ms  failures {row['Failure Count']}/{row['Request Count']}")
medians = {row["Name"]: float(row["Median Response Time"] or 0) for row in rows}
now, past = medians.get("activity summary, this year"), medians.get("activity summary, past year")
if now and past:
    print(f"      activity summary: this year's median {now / past:.2f}x a past year's (cached)")
logins = sorted(float(t) for t in open(f"/tmp/load-{users}-logins.txt").read().split())
if logins:
    print(f"      {len(logins)} logins during the warm-up: median {statistics.median(logins):.0f} ms, slowest {logins[-1]:.0f} ms")
PY
done
