#!/usr/bin/env bash
# Start-up of bin/local-iot-core against moto_server, in the same run, interleaved:
#   - spawn to first control-plane answer (HTTP 200 to DescribeEndpoint, GET /endpoint?endpointType=iot:Data-ATS)
#   - spawn to first accepted MQTT connection (mosquitto_pub with a registered, ACTIVE certificate whose
#     policy allows iot:Connect and iot:Publish)
#   - SIGTERM to exit
# for a data directory holding one thing ("fresh": the device certificate must exist before the server
# starts for a connection to be accepted) and one holding 10,000 things; and moto_server spawn to its
# first answer to the same DescribeEndpoint request.
#
# Usage, from the repository root, after ./mvnw -B -q -pl testkit -am package -DskipTests:
#   benchmarks/scripts/server-start.sh [ROUNDS]        (default 3)
# Needs: moto_server, python3 with boto3, mosquitto_pub, curl. Writes a Markdown table to stdout.
# KEEP=DIR prepares the data directories in DIR once and reuses them on later runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
launcher=testkit/target/local-iot-core/bin/local-iot-core
if [ -n "${KEEP:-}" ]; then
  work=$KEEP; mkdir -p "$work"
  trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
else
  work=$(mktemp -d /tmp/server-start.XXXXXX)
  trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
fi
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
auth='Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iot/aws4_request, SignedHeaders=host, Signature=0'

now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Prepares a data directory: a policy, a device certificate attached to a thing, and N-1 more things.
prepare() { # dir things
  local dir=$1 things=$2 port pid
  port=$(free_port)
  "$launcher" --data-dir "$dir" --env-file "$dir.env" --mqtt-port 0 --control-plane-port "$port" --iam-port 0 \
    --credentials-port 0 >"$dir.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/_fleetprov/health" >/dev/null; do sleep 0.5; done
  AWS_ENDPOINT_URL_IOT="http://127.0.0.1:$port" python3 - "$dir" "$things" <<'PY'
import sys, boto3
d, n = sys.argv[1], int(sys.argv[2])
iot = boto3.client("iot")
iot.create_policy(policyName="bench", policyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:Publish"],"Resource":"*"}]}')
k = iot.create_keys_and_certificate(setAsActive=True)
open(d + ".crt", "w").write(k["certificatePem"]); open(d + ".key", "w").write(k["keyPair"]["PrivateKey"])
iot.attach_policy(policyName="bench", target=k["certificateArn"])
iot.create_thing(thingName="bench-device")
iot.attach_thing_principal(thingName="bench-device", principal=k["certificateArn"])
for i in range(1, n):
    iot.create_thing(thingName="thing-%05d" % i, attributePayload={"attributes": {"serial": "SN%05d" % i}})
PY
  kill -TERM "$pid"; wait "$pid" || true
}

# One start: prints "control_ms mqtt_ms stop_ms".
measure_server() { # dir
  local dir=$1 cport mport start t_http="" t_mqtt="" pid stop
  cport=$(free_port); mport=$(free_port)
  start=$(now_ms)
  "$launcher" --data-dir "$dir" --mqtt-port "$mport" --control-plane-port "$cport" --iam-port 0 --credentials-port 0 \
    >"$dir.run.log" 2>&1 &
  pid=$!
  while [ -z "$t_http" ] || [ -z "$t_mqtt" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "failed: $(tail -1 "$dir.run.log")" >&2
      echo "failed failed -"
      return
    fi
    if [ -z "$t_http" ] && curl -sf -o /dev/null -H "$auth" "http://127.0.0.1:$cport/endpoint?endpointType=iot:Data-ATS"; then
      t_http="$(( $(now_ms) - start )) ms"
    fi
    if [ -z "$t_mqtt" ] && mosquitto_pub -V mqttv5 -h localhost -p "$mport" --cafile "$dir/ca.pem" --cert "$dir.crt" \
        --key "$dir.key" -i bench-device -t bench/hello -m hi 2>/dev/null; then
      t_mqtt="$(( $(now_ms) - start )) ms"
    fi
    sleep 0.05
  done
  stop=$(now_ms); kill -TERM "$pid"; wait "$pid" || true
  echo "${t_http// /_} ${t_mqtt// /_} $(( $(now_ms) - stop ))_ms"
}

measure_moto() {
  local port start pid t
  port=$(free_port)
  start=$(now_ms)
  moto_server -p "$port" >"$work/moto.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H "$auth" "http://127.0.0.1:$port/endpoint?endpointType=iot:Data-ATS"; do sleep 0.05; done
  t="$(( $(now_ms) - start ))_ms"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$t"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[ -f "$work/fresh.crt" ] || prepare "$work/fresh" 1
[ -f "$work/10k.crt" ] || prepare "$work/10k" 10000
echo "| round | fresh: control plane | fresh: MQTT | fresh: stop | 10k things: control plane | 10k things: MQTT | 10k things: stop | moto_server: first answer |"
echo "|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  read -r fh fm fs < <(measure_server "$work/fresh")
  read -r kh km ks < <(measure_server "$work/10k")
  mo=$(measure_moto)
  echo "| $r | ${fh//_/ } | ${fm//_/ } | ${fs//_/ } | ${kh//_/ } | ${km//_/ } | ${ks//_/ } | ${mo//_/ } |"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
