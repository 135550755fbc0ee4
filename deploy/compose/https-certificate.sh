#!/usr/bin/env bash
# A self-signed certificate for nginx's HTTPS in a trial (browsers will warn; production uses the province's
# certificate): deploy/compose/https-certificate.sh DIR [HOSTNAME] → DIR/https.pem, DIR/https.key.
set -euo pipefail
dir=${1:?usage: $0 DIR [HOSTNAME]}; host=${2:-localhost}
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 397 -sha256 \
  -subj "/O=UBND tinh Lao Cai/CN=$host" -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" \
  -addext "extendedKeyUsage=serverAuth" -keyout "$dir/https.key" -out "$dir/https.pem" 2>/dev/null
echo "self-signed certificate for $host in $dir/https.pem"
