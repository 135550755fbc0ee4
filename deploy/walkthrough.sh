#!/usr/bin/env bash
# The editorial workflow end to end against a running LaoCaiFanpage (started with the README's first command):
# a citizen's comment arrives, the Editorial Board classifies and routes it, the unit drafts the answer, the
# Editorial Board head and the Chief of Office approve it, and the outbox publishes it as the page's reply.
# Environment: LCF_URL (default http://127.0.0.1:5080), FACEBOOK_APP_SECRET (default demo_app_secret),
#              LCF_ADMIN_PASSWORD (default Doi-mat-khau-ngay-2026), LCF_ADMIN_CODE (the authenticator's code once the
#              administrator has a second factor), LCF_PAGE_ID (default 100000000000001).
set -euo pipefail
base="${LCF_URL:-http://127.0.0.1:5080}"
secret="${FACEBOOK_APP_SECRET:-demo_app_secret}"
page="${LCF_PAGE_ID:-100000000000001}"
temporary='Tam-thoi-minh-hoa-2026'   # what the administrator gives each new account
password='Mat-khau-minh-hoa-2026'    # what each person chooses at the first sign-in, as they must

json() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
# totp SECRET → the code an authenticator app shows now (RFC 6238: HMAC-SHA-1 over the 30-second step, 6 digits).
totp() {
  local key counter mac offset
  key=$(printf '%s' "$1" | base32 -d | od -An -tx1 -v | tr -d ' \n')
  counter=$(printf '%016x' $(( $(date +%s) / 30 )))
  mac=$(printf "$(printf '%s' "$counter" | sed 's/../\\x&/g')" | openssl dgst -sha1 -mac HMAC -macopt "hexkey:$key" -hex | sed 's/^.*= //')
  offset=$(( 16#${mac:39:1} * 2 ))
  printf '%06d' $(( (16#${mac:offset:8} & 0x7fffffff) % 1000000 ))
}
# enrol TOKEN USER: an administrator's or approver's session must enrol a second factor before anything else (unless
# Auth:RequireSecondFactor is off); the script enrols it and prints the secret, for a person to add to an authenticator app.
enrol() {
  local secret
  curl -sS "$base/api/auth/me" -H "Authorization: Bearer $1" | grep -q '"pending":"second-factor-enrollment"' || return 0
  secret=$(curl -sS -X POST "$base/api/auth/second-factor" -H "Authorization: Bearer $1" | json secret)
  curl -sS -o /dev/null -X POST "$base/api/auth/second-factor/confirm" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$(totp "$secret")\"}"
  echo "$2: xác thực hai bước đã bật / second factor enrolled; secret for the authenticator app: $secret" >&2
}
# login USER PASSWORD [CODE] → a bearer token (each sign-in counts against the per-address limit: sign in once per account)
login() {
  local token
  token=$(curl -sS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\",\"code\":\"${3:-}\"}" | json accessToken)
  [ -n "$token" ] && enrol "$token" "$1"
  printf '%s' "$token"
}
post() { # token path body → prints the response's status line
  curl -sS -X POST "$base$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3" \
    | sed -n 's/.*"statusLabel":"\([^"]*\)".*/   → trạng thái: \1/p; s/.*"detail":"\([^"]*\)".*/   → từ chối: \1/p'
  echo
}

admin=$(login admin "${LCF_ADMIN_PASSWORD:-Doi-mat-khau-ngay-2026}" "${LCF_ADMIN_CODE:-}")
[ -n "$admin" ] || { echo "admin cannot sign in (LCF_ADMIN_PASSWORD? LCF_ADMIN_CODE, the authenticator's code once it is enrolled?)"; exit 1; }
# newuser USER ROLE [UNIT] → the person's token: created with a temporary password, which they replace at once (as
# they must); the session then goes on (and an approver enrols the second factor the role needs).
newuser() {
  local unit token
  unit=${3:+,\"unit\":\"$3\"}
  curl -sS -o /dev/null -X POST "$base/api/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$temporary\",\"roles\":[\"$2\"]$unit}"
  token=$(curl -sS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$temporary\"}" | json accessToken)
  curl -sS -o /dev/null -X POST "$base/api/auth/password" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"currentPassword\":\"$temporary\",\"newPassword\":\"$password\"}"
  enrol "$token" "$1"
  printf '%s' "$token"
}
staff=$(newuser bientap EditorialStaff); head=$(newuser truongban EditorialHead)
chief=$(newuser chanhvp ChiefOfOffice); officer=$(newuser canbo-sxd UnitOfficer SXD)

id="${page}_900001_$(date +%s)"
now=$(date +%s)
body="{\"object\":\"page\",\"entry\":[{\"id\":\"$page\",\"time\":$now,\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"comment_id\":\"$id\",\"post_id\":\"${page}_900001\",\"parent_id\":\"${page}_900001\",\"from\":{\"id\":\"6100000000000011\",\"name\":\"Nguyễn Thị Hoa\"},\"created_time\":$now,\"message\":\"Xin hỏi hồ sơ cấp giấy phép xây dựng nhà ở gồm những gì?\"}}]}]}"
sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')
echo "1. Bình luận của người dân đến qua webhook: $id"
answer=$(curl -sS -X POST "$base/webhooks/facebook" -H 'Content-Type: application/json' -H "X-Hub-Signature-256: sha256=$sig" --data-binary "$body")
echo "$answer"
# The 200 means the delivery is durable in the inbox; its receipt says when the case exists.
receipt=$(printf '%s' "$answer" | sed -n 's/.*"receipt":\([0-9]*\).*/\1/p')
for _ in $(seq 100); do
  curl -sS "$base/api/webhooks/inbox/$receipt" -H "Authorization: Bearer $staff" | grep -q '"status":"processed"' && break
  sleep 0.1
done
echo "2. Ban biên tập phân loại (lĩnh vực 5, thẩm quyền Chánh Văn phòng)"
post "$staff" "/api/threads/$id/classify" '{"category":5,"authority":"office","topic":"Xây dựng"}'
echo "3. Ban biên tập chuyển Sở Xây dựng (1 ngày làm việc)"
post "$staff" "/api/threads/$id/assign" '{"units":["SXD"],"complexity":"own"}'
echo "4. Cán bộ Sở Xây dựng soạn trả lời và trình"
post "$officer" "/api/threads/$id/drafts" '{"text":"Kính gửi bà Hoa: hồ sơ gồm đơn đề nghị cấp phép, bản sao giấy tờ về quyền sử dụng đất và bản vẽ thiết kế.","sources":["Nghị định 175/2024/NĐ-CP"]}'
post "$officer" "/api/threads/$id/submit" '{}'
echo "5. Chánh Văn phòng thử duyệt trước Trưởng Ban (bị từ chối: sai thứ tự)"
post "$chief" "/api/threads/$id/approve" '{}'
echo "6. Trưởng Ban biên tập duyệt, rồi Chánh Văn phòng duyệt"
post "$head" "/api/threads/$id/approve" '{"draft":1}'
post "$chief" "/api/threads/$id/approve" '{"draft":1}'
sleep 2
echo "7. Hộp thư đi (outbox) của trang:"
curl -sS "$base/api/publishing" -H "Authorization: Bearer $staff"; echo
echo "   Vụ việc: $base/cases/$id"
curl -sS "$base/api/threads/$id" -H "Authorization: Bearer $staff" | sed -n 's/.*"publication":\({[^}]*}\).*/   publication: \1/p'
