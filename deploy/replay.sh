#!/usr/bin/env bash
# Sends sample Meta webhook deliveries to a running LaoCaiFanpage, signed as Meta signs them
# (X-Hub-Signature-256 = HMAC-SHA256 of the exact body bytes with the app secret).
#   deploy/replay.sh [file.json ...]      default: every deploy/samples/*.json in order
# Environment: LCF_URL (default http://127.0.0.1:5080), FACEBOOK_APP_SECRET (default demo_app_secret),
#              LCF_TOKEN (optional: a signed-in token; each delivery's receipt is then followed until it is applied).
set -euo pipefail
url="${LCF_URL:-http://127.0.0.1:5080}/webhooks/facebook"
secret="${FACEBOOK_APP_SECRET:-demo_app_secret}"
here=$(cd "$(dirname "$0")" && pwd)
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/samples/*.json)
# The samples carry fixed times; unless LCF_KEEP_TIMES=1 they are moved to now, so that the wall's
# "today" counters count them (Unix seconds for feed, milliseconds for Messenger, as Meta sends them).
now_s=$(date +%s); now_ms="${now_s}000"
body=$(mktemp); trap 'rm -f "$body"' EXIT
for f in "${files[@]}"; do
  if [ "${LCF_KEEP_TIMES:-0}" = 1 ]; then cp "$f" "$body"; else
    sed -E "s/(\"(time|timestamp|created_time|edited_time)\":)[0-9]{13}/\1$now_ms/g; s/(\"(time|created_time|edited_time)\":)[0-9]{10}([^0-9])/\1$now_s\3/g" "$f" > "$body"
  fi
  sig=$(openssl dgst -sha256 -hmac "$secret" -hex < "$body" | sed 's/^.*= //')
  printf '%s → ' "$(basename "$f")"
  answer=$(curl -sS -X POST "$url" -H 'Content-Type: application/json' -H "X-Hub-Signature-256: sha256=$sig" --data-binary @"$body")
  echo "$answer"
  receipt=$(printf '%s' "$answer" | sed -n 's/.*"receipt":\([0-9]*\).*/\1/p')
  if [ -n "${LCF_TOKEN:-}" ] && [ -n "$receipt" ]; then
    for _ in $(seq 100); do
      status=$(curl -sS "${LCF_URL:-http://127.0.0.1:5080}/api/webhooks/inbox/$receipt" -H "Authorization: Bearer $LCF_TOKEN")
      case "$status" in *'"status":"processed"'*) break ;; esac
      sleep 0.1
    done
    echo "   receipt: $status"
  fi
done
