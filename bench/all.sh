#!/usr/bin/env bash
# Every benchmark, one after another in one session on one machine, each against its
# baseline started in the same run: the numbers in bench/RESULTS.md come from one run of
#   npm run bench:all 2>&1 | tee /tmp/bench-all.log
# MariaDB databases are recreated before each script; Redis is shared (each script uses
# a prefix of its own). Nothing else should run on the machine meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=mariadb://root@127.0.0.1:3306
REDIS=redis://127.0.0.1:6379

fresh() {
  mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}
run() {
  echo
  echo "### \$ $*  ($(date -u +%H:%M:%S) UTC)"
  env "$@"
}

echo "commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d), $(nproc) cores, $(node --version)"
npm run build >/dev/null

run node bench/health.js
fresh yb_bench && run DATABASE_URL=$DB/yb_bench REDIS_URL=$REDIS node bench/health.js
fresh yb_bench && run DATABASE_URL=$DB/yb_bench REDIS_URL=$REDIS node bench/applications-list.js
fresh yb_bench && run DATABASE_URL=$DB/yb_bench node bench/import.js
run node bench/roster-export.js
fresh yb_bench && run DATABASE_URL=$DB/yb_bench REDIS_URL=$REDIS node bench/roster-export.js
run node bench/pages.js
fresh yb_bench && run DATABASE_URL=$DB/yb_bench REDIS_URL=$REDIS node bench/pages.js
run DATABASE_URL=$DB/yb_bench_notifications REDIS_URL=$REDIS node bench/notifications.js
run DATABASE_URL=$DB/yb_bench_routes REDIS_URL=$REDIS node bench/routes.js
run DATABASE_URL=$DB/yb_bench_portal REDIS_URL=$REDIS node bench/portal.js
run DATABASE_URL=$DB/yb_bench_soak REDIS_URL=$REDIS node bench/soak.js
run DATABASE_URL=$DB/yb_bench_retention REDIS_URL=$REDIS node bench/retention.js
