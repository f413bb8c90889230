#!/usr/bin/env bash
# An example session against the local stack's API (needs curl and jq).
# The tenant comes from the X-Refinery-Tenant header: the local stand-in for the Cognito authorizer's claim.
set -euo pipefail
API=${API:-@API@}
PHOTO=${PHOTO:-@PHOTO@}
H="X-Refinery-Tenant: ${TENANT:-@TENANT@}"
J='Content-Type: application/json'
wait_done() {  # poll a session until COMPLETED, NEEDS_REVIEW or FAILED (at most 5 minutes)
  for _ in $(seq 1 300); do
    s=$(curl -fsS -H "$H" "$API/sessions/$1" | jq -r .session.status)
    case $s in COMPLETED|NEEDS_REVIEW|FAILED) echo "session $1: $s"; return 0;; esac
    sleep 1
  done
  echo "session $1 did not finish" >&2; return 1
}

# 1. A presigned POST form for one photo of SKU MUG-1 (the key is pinned under uploads/<tenant>/MUG-1/).
FORM=$(curl -fsS -H "$H" -H "$J" -d '{"sku":"MUG-1","fileName":"mug.jpg"}' "$API/uploads")
KEY=$(jq -r .key <<<"$FORM")
# 2. Upload the photo with the form (as a browser would). The upload itself starts a session for the
#    SKU's catalog presets, as the S3 notification does in AWS.
mapfile -t FIELDS < <(jq -r '.fields | to_entries[] | "-F", "\(.key)=\(.value)"' <<<"$FORM")
curl -fsS -o /dev/null -w 'upload: HTTP %{http_code}\n' "${FIELDS[@]}" -F "file=@$PHOTO;type=image/jpeg" "$(jq -r .url <<<"$FORM")"
# 3. Start one more session from the same upload, for walmart (202 with the session id).
SID=$(curl -fsS -H "$H" -H "$J" -d "{\"uploadKey\":\"$KEY\",\"presets\":[\"walmart\"]}" "$API/sessions" | jq -r .sessionId)
echo "started session $SID"
# 4. Poll it, then list its versions (each with a short-lived download URL).
wait_done "$SID"
curl -fsS -H "$H" "$API/sessions/$SID/versions" | jq -c '.versions[] | {number, stage, preset, approval}'
# 5. One feedback round on the latest approved version, then poll again.
curl -fsS -H "$H" -H "$J" -d '{"feedback":"a little brighter and warmer, please"}' "$API/sessions/$SID/refinements" | jq -c .
wait_done "$SID"
# 6. Approve the newest final, then revert the master to version 2 (earlier versions stay recorded).
N=$(curl -fsS -H "$H" "$API/sessions/$SID/versions" | jq '[.versions[] | select(.stage == "finalize")] | last | .number')
curl -fsS -X POST -H "$H" "$API/sessions/$SID/versions/$N/approve" | jq -c '{id, status, finals}'
#    The approved final into the exports/ folder under walmart's name (again: nothing written twice).
curl -fsS -H "$H" -H "$J" -d '{}' "$API/sessions/$SID/exports" | jq -c '.files[] | {key, status}'
curl -fsS -H "$H" -H "$J" -d '{}' "$API/sessions/$SID/exports" | jq -c '.files[] | {key, status}'
#    The SKU's set of images: per preset, each final's product look, fill and lighting corrections, and their spread.
curl -fsS -H "$H" "$API/catalog/items/MUG-1/set" | jq -c '.presets[] | {preset, views: (.views | length), spread}'
curl -fsS -X POST -H "$H" "$API/sessions/$SID/versions/2/revert" | jq -c '{id, status, head}'
# 7. Every session of the SKU, and the completion events (what EventBridge would have delivered).
curl -fsS -H "$H" "$API/sessions?sku=MUG-1" | jq -c '.sessions[] | {id, status, presets}'
curl -fsS -H "$H" "$API/local/events" | jq -c '.events[] | {type: ."detail-type", session: .detail.sessionId, status: .detail.status}'
# 8. The tenant's brand kit: the look of its own site's images (the brand-site preset), each change a new version.
curl -fsS -X PUT -H "$H" -H "$J" -d '{"background":"#f4efe6","margin":0.1,"canvas":1600}' "$API/brand-kit" | jq -c '.kit | {version, background, preset}'
