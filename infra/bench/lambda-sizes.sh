#!/usr/bin/env bash
# Deployment package sizes and cold start -> first handled event, per Lambda handler.
#
# Each handler runs in a fresh JVM under the AWS Lambda Runtime Interface Client (what the managed java21
# runtime runs), fed one event through a Runtime API served on 127.0.0.1 (ColdStart.java). Its AWS calls go
# to moto_server on 127.0.0.1 (S3, DynamoDB, Step Functions, EventBridge). The events form one real chain:
# an upload -> trigger -> base -> lighting -> background -> detail -> finalize -> quality check ->
# publisher, then the failure recorder, the API (GET the session) and the catalog refresh.
#
# Usage: infra/bench/lambda-sizes.sh            (or: make lambda-sizes)
#   RUNS=3 (chains per handler; the median is reported)  BENCH_JAVA=java  STAGES_JAR=...  CONTROL_JAR=...
# Output: infra/target/bench/lambda-sizes.md (markdown tables) and raw TSV next to it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
STAGES_JAR="${STAGES_JAR:-functions/lambda-stages/target/refinery-lambda-stages.jar}"
CONTROL_JAR="${CONTROL_JAR:-functions/lambda-control/target/refinery-lambda-control.jar}"
RUNS="${RUNS:-3}"
BENCH_JAVA="${BENCH_JAVA:-java}"
OUT="${BENCH_OUT:-infra/target/bench}"
RIC_VERSION=2.10.1
SERIALIZATION_VERSION=1.4.1
CORE_VERSION=1.4.0
MOTO="${MOTO_SERVER:-$(command -v moto_server || echo /root/.pyenv/shims/moto_server)}"
# Close to what Lambda's java21 runtime starts the JVM with (SerialGC, C1 only); heap for 2 GB of memory.
JVM_OPTS=(-XX:+UseSerialGC -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx1700m -Djava.awt.headless=true)

for jar in "$STAGES_JAR" "$CONTROL_JAR"; do
  if [ ! -f "$jar" ]; then
    echo "NOT MEASURED: deployment package $jar does not exist yet." >&2
    echo "Build it with 'make lambda-packages' (modules functions/lambda-stages and functions/lambda-control)." >&2
    exit 3
  fi
done

declare -A JAR_OF=(
  [UploadTriggerHandler]=$CONTROL_JAR [ApiHandler]=$CONTROL_JAR [CatalogRefreshHandler]=$CONTROL_JAR
  [PublisherHandler]=$CONTROL_JAR [FailureRecorderHandler]=$CONTROL_JAR
  [BaseStageHandler]=$STAGES_JAR [LightingStageHandler]=$STAGES_JAR [BackgroundStageHandler]=$STAGES_JAR
  [DetailStageHandler]=$STAGES_JAR [FinalizeStageHandler]=$STAGES_JAR [QualityCheckStageHandler]=$STAGES_JAR)
for h in "${!JAR_OF[@]}"; do
  if ! unzip -l "${JAR_OF[$h]}" "dev/refinery/aws/handlers/$h.class" >/dev/null 2>&1; then
    echo "NOT MEASURED: ${JAR_OF[$h]} does not contain dev.refinery.aws.handlers.$h" >&2
    exit 3
  fi
done

mkdir -p "$OUT/ric" "$OUT/work"
for art in "com.amazonaws:aws-lambda-java-runtime-interface-client:$RIC_VERSION" \
           "com.amazonaws:aws-lambda-java-serialization:$SERIALIZATION_VERSION" \
           "com.amazonaws:aws-lambda-java-core:$CORE_VERSION"; do
  mvn -B -q dependency:copy -Dartifact="$art" -DoutputDirectory="$OUT/ric" >/dev/null
done
# The deployment packages bring their own aws-lambda-java-core; only the baseline needs this one.
RIC_CP="$OUT/ric/aws-lambda-java-runtime-interface-client-$RIC_VERSION.jar:$OUT/ric/aws-lambda-java-serialization-$SERIALIZATION_VERSION.jar"
# Baseline in the same run: an empty handler under the same client and JVM options.
mkdir -p "$OUT/baseline"
javac -d "$OUT/baseline" infra/bench/Baseline.java
JAR_OF[Baseline]="$OUT/baseline:$OUT/ric/aws-lambda-java-core-$CORE_VERSION.jar"

# ---- package sizes ------------------------------------------------------------------------------
python3 - "$STAGES_JAR" "$CONTROL_JAR" > "$OUT/sizes.tsv" <<'PY'
import sys, zipfile, os
for jar in sys.argv[1:]:
    with zipfile.ZipFile(jar) as z:
        infos = z.infolist()
        print(f"{jar}\t{os.path.getsize(jar)}\t{sum(i.file_size for i in infos)}\t{len(infos)}")
PY

# ---- moto_server on a free loopback port ------------------------------------------------------------
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$MOTO" -H 127.0.0.1 -p "$port" > "$OUT/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fs "$endpoint/moto-api/" >/dev/null 2>&1 && break
  sleep 0.2
done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
awsl() { aws --endpoint-url "$endpoint" --output json "$@"; }
bucket=refinery-bench table=refinery-bench bus=refinery-bench
awsl s3api create-bucket --bucket "$bucket" >/dev/null
awsl s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled
awsl dynamodb create-table --table-name "$table" --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S \
    AttributeName=gsi1pk,AttributeType=S AttributeName=gsi1sk,AttributeType=S \
  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
  --global-secondary-indexes '[{"IndexName":"bySku","KeySchema":[{"AttributeName":"gsi1pk","KeyType":"HASH"},{"AttributeName":"gsi1sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]' >/dev/null
sm_arn="$(awsl stepfunctions create-state-machine --name refinery-bench \
  --definition '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}' \
  --role-arn arn:aws:iam::123456789012:role/bench | python3 -c 'import json,sys; print(json.load(sys.stdin)["stateMachineArn"])')"
awsl events create-event-bus --name "$bus" >/dev/null
export REFINERY_BUCKET="$bucket" REFINERY_TABLE="$table" REFINERY_STATE_MACHINE_ARN="$sm_arn" REFINERY_EVENT_BUS="$bus"
export REFINERY_S3_ENDPOINT="$endpoint" REFINERY_DYNAMODB_ENDPOINT="$endpoint" REFINERY_SFN_ENDPOINT="$endpoint" \
  REFINERY_EVENTS_ENDPOINT="$endpoint" REFINERY_ENGINE=classic REFINERY_ENGINES=classic REFINERY_MAX_FIXUPS=2

"$BENCH_JAVA" infra/bench/SamplePhoto.java "$OUT/work/photo.jpg"

measure() { # handler-simple-name event-file -> appends a TSV line, response in $OUT/work/<name>.out
  local h="$1" ev="$2" run="$3"
  local line
  line="$("$BENCH_JAVA" infra/bench/ColdStart.java --java "$BENCH_JAVA" --cp "${JAR_OF[$h]}:$RIC_CP" \
    --handler "$( [ "$h" = Baseline ] && echo Baseline || echo "dev.refinery.aws.handlers.$h" )::handleRequest" --event "$ev" --out "$OUT/work/$h.$run.out" \
    $(printf -- '--jvm-opt %s ' "${JVM_OPTS[@]}"))"
  printf '%s\t%s\n' "$run" "$line" | tee -a "$OUT/coldstart.tsv"
}

: > "$OUT/coldstart.tsv"
for run in $(seq 1 "$RUNS"); do
  echo '{"baseline":true}' > "$OUT/work/baseline.json"
  measure Baseline "$OUT/work/baseline.json" "$run"
  sku="sku-$run"
  key="uploads/t1/$sku/photo.jpg"
  put="$(awsl s3api put-object --bucket "$bucket" --key "$key" --body "$OUT/work/photo.jpg" --content-type image/jpeg)"
  version="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("VersionId",""))' "$put")"
  size="$(stat -c %s "$OUT/work/photo.jpg")"
  python3 - "$bucket" "$key" "$version" "$size" > "$OUT/work/s3-event.json" <<'PY'
import json, sys
bucket, key, version, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
print(json.dumps({"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
  "eventTime": "2026-01-01T00:00:00.000Z", "eventName": "ObjectCreated:Put",
  "s3": {"s3SchemaVersion": "1.0", "configurationId": "bench",
         "bucket": {"name": bucket, "arn": "arn:aws:s3:::" + bucket},
         "object": {"key": key, "size": size, "versionId": version, "sequencer": "0055AED6DCD90281E5"}}}]}))
PY
  measure UploadTriggerHandler "$OUT/work/s3-event.json" "$run"

  session="$(awsl stepfunctions list-executions --state-machine-arn "$sm_arn" | python3 -c '
import json, sys, subprocess
execs = sorted(json.load(sys.stdin)["executions"], key=lambda e: e["startDate"])
print(execs[-1]["executionArn"] if execs else "")')"
  if [ -z "$session" ]; then
    echo "the upload trigger started no execution; see $OUT/work/UploadTriggerHandler.$run.out.log" >&2
    exit 4
  fi
  input="$(awsl stepfunctions describe-execution --execution-arn "$session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["input"])')"
  sid="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["sessionId"])' "$input")"
  stage_event() { python3 -c 'import json,sys; print(json.dumps({"tenant":"t1","sessionId":sys.argv[1],"iteration":0,
    "repairStage":None,"feedback":None,"hints":{},"mode":"first-pass","feedbackStage":None}))' "$sid"; }
  stage_event > "$OUT/work/stage-event.json"
  for h in BaseStageHandler LightingStageHandler BackgroundStageHandler DetailStageHandler FinalizeStageHandler \
           QualityCheckStageHandler; do
    measure "$h" "$OUT/work/stage-event.json" "$run"
  done
  python3 -c 'import json,sys; print(json.dumps({"tenant":"t1","sessionId":sys.argv[1],"outcome":"COMPLETED","summary":"bench"}))' "$sid" > "$OUT/work/publish.json"
  measure PublisherHandler "$OUT/work/publish.json" "$run"
  python3 -c 'import json,sys; print(json.dumps({"tenant":"t1","sessionId":sys.argv[1],"error":{"Error":"dev.refinery.domain.InvalidInputException","Cause":json.dumps({"errorMessage":"bench: recorded on purpose","errorType":"dev.refinery.domain.InvalidInputException"})}}))' "$sid" > "$OUT/work/failure.json"
  measure FailureRecorderHandler "$OUT/work/failure.json" "$run"
  python3 - "$sid" > "$OUT/work/api.json" <<'PY'
import json, sys
sid = sys.argv[1]
print(json.dumps({"resource": "/{proxy+}", "path": "/sessions/" + sid, "httpMethod": "GET",
  "headers": {"Accept": "application/json"}, "multiValueHeaders": {"Accept": ["application/json"]},
  "queryStringParameters": None, "multiValueQueryStringParameters": None,
  "pathParameters": {"proxy": "sessions/" + sid}, "stageVariables": None, "body": None, "isBase64Encoded": False,
  "requestContext": {"resourcePath": "/{proxy+}", "httpMethod": "GET", "stage": "v1", "requestId": "bench",
    "accountId": "123456789012", "path": "/v1/sessions/" + sid,
    "identity": {"sourceIp": "127.0.0.1"},
    "authorizer": {"claims": {"sub": "bench-user", "custom:tenant": "t1", "email": "bench@example.com"}}}}))
PY
  measure ApiHandler "$OUT/work/api.json" "$run"
  cat > "$OUT/work/schedule.json" <<'JSON'
{"version":"0","id":"bench","source":"aws.scheduler","detail-type":"Scheduled Event","account":"123456789012",
 "time":"2026-01-01T03:00:00Z","region":"us-east-1","resources":["arn:aws:scheduler:us-east-1:123456789012:schedule/default/bench"],
 "detail":{"task":"catalog-refresh"}}
JSON
  measure CatalogRefreshHandler "$OUT/work/schedule.json" "$run"
done

# ---- report -----------------------------------------------------------------------------------------
python3 - "$OUT" "$BENCH_JAVA" "$RUNS" "${JVM_OPTS[*]}" > "$OUT/lambda-sizes.md" <<'PY'
import sys, statistics, subprocess, collections, os
out, java, runs, opts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
jv = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print("| Package | Zipped | Unzipped | Entries |\n|---|---:|---:|---:|")
for line in open(os.path.join(out, "sizes.tsv")):
    jar, z, u, n = line.rstrip("\n").split("\t")
    print(f"| `{jar}` | {int(z)/1e6:.1f} MB | {int(u)/1e6:.1f} MB | {n} |")
rows = collections.defaultdict(list)
for line in open(os.path.join(out, "coldstart.tsv")):
    run, handler, init, first, outcome, detail = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
    rows[handler.split("::")[0].split(".")[-1]].append((int(init), int(first), outcome, detail))
print(f"\n{jv}; JVM options `{opts}`; {runs} fresh JVM(s) per handler, median shown; "
      f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n")
print("| Handler | Init (JVM start -> ready for events) | First event handled (JVM start -> response) | Outcome |\n|---|---:|---:|---|")
for h, rs in rows.items():
    init = statistics.median(r[0] for r in rs); first = statistics.median(r[1] for r in rs)
    outcomes = collections.Counter(r[2] for r in rs)
    detail = next((r[3] for r in rs if r[2] != "ok"), "")
    label = ", ".join(f"{k} x{v}" for k, v in outcomes.items()) + (f" ({detail[:90]})" if detail else "")
    print(f"| {h} | {init/1000:.2f} s | {first/1000:.2f} s | {label} |")
PY
cat "$OUT/lambda-sizes.md"
