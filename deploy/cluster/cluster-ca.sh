#!/usr/bin/env bash
# A throwaway certificate authority for the cluster's mutual TLS (Orleans:Tls), for trials, compose and tests:
#   deploy/cluster/cluster-ca.sh DIR NAME [NAME...]
# writes DIR/ca.pem and DIR/ca.key (made once, reused on later calls) and, for each NAME, DIR/NAME.pem and
# DIR/NAME.key: a certificate for both ends of a connection (server and client authentication) that names NAME,
# localhost and 127.0.0.1. A production cluster takes its certificates from the organisation's own CA instead.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 DIR NAME [NAME...]" >&2; exit 2; }
dir=$1; shift
mkdir -p "$dir"
umask 077
if [ ! -s "$dir/ca.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -sha256 \
    -subj "/O=UBND tinh Lao Cai/CN=LaoCaiFanpage cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
fi
for name in "$@"; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -subj "/O=UBND tinh Lao Cai/CN=$name" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" > "$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 825 -sha256 \
    -extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
done
chmod 644 "$dir"/*.pem
echo "cluster CA and certificates in $dir: ca.pem; $(printf '%s.pem ' "$@")"
