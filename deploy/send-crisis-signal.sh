#!/usr/bin/env bash
# Sends one crisis signal to LaoCaiFanpage, signed as a registered source does it: the sample for the Department's
# (and partners') monitoring systems. Needs bash, openssl and curl.
#
#   deploy/send-crisis-signal.sh URL SOURCE_ID SECRET_FILE BODY_FILE
#
#   URL          the service's address, e.g. https://fanpage.laocai.gov.vn
#   SOURCE_ID    the id the administrator got from POST /api/crises/sources
#   SECRET_FILE  a file holding the source's secret (shown once at registration or rotation), so it stays out of the
#                shell's history (openssl still sees it in its arguments: send from a host only the sender uses)
#   BODY_FILE    the signal as JSON, UTF-8:
#                {"id":"mxh-2026-12-07-0042","title":"…","description":"…","severity":3,"url":"https://…",
#                 "postIds":["…"],"keywords":["…"],"detectedAt":"2026-12-07T09:30:00+07:00"}
#
# The signature is HMAC-SHA256, keyed by the secret, of the X-Timestamp value (Unix seconds), a full stop, and the
# body's exact bytes; it goes in X-Signature-256 as "sha256=" and lower-case hex. The timestamp must be within five
# minutes of the service's clock. Answers: 201 the signal is in (the body names the crisis); 409 this id was sent
# before and changed nothing; 400 the body is malformed (the "path" field names where); 401 the source is unknown
# or disabled, the signature is wrong or the clock is off. On 503 or a network error, send the same file again.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  sed -n '4,11p' "$0" >&2
  exit 2
fi

url=${1%/}
source_id=$2
secret=$(tr -d '\r\n' < "$3")
body_file=$4

timestamp=$(date +%s)
signature=$( { printf '%s.' "$timestamp"; cat "$body_file"; } | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)

answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
status=$(curl --silent --show-error --max-time 30 --output "$answer" --write-out '%{http_code}' \
  -H 'Content-Type: application/json' \
  -H "X-Timestamp: $timestamp" \
  -H "X-Signature-256: sha256=$signature" \
  --data-binary "@$body_file" \
  "$url/api/crises/sources/$source_id/signals")
cat "$answer"
echo
echo "HTTP $status"
# 201 taken, 409 taken before: either way the service has it.
[[ $status == 201 || $status == 409 ]]
