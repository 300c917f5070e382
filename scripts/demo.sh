#!/usr/bin/env bash
# A guided tour against a running ./run.sh --local (the local host; the Functions host has no development sign-in): one person writes on the website chat, on Telegram (sharing
# their phone) and on WhatsApp, then sends STOP. The hub shows one merged profile with one timeline and the
# withdrawn consent, and runs the built-in chat → email → callback journey for them. Uses the LOCAL-ONLY secrets
# of functions/OmniFunctions.LocalHost/appsettings.Development.json to sign the events as the providers would.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
hub="${OMNI_URL:-http://127.0.0.1:7071}"
settings="$root/functions/OmniFunctions.LocalHost/appsettings.Development.json"
setting() { node -e 'const s=require(process.argv[1]);console.log(process.argv[2].split(".").reduce((o,k)=>o[k],s))' "$settings" "$1"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(eval(process.argv[1]))})' "$1"; }

hex_of_base64() { printf '%s' "$1" | base64 -d | od -An -v -tx1 | tr -d ' \n'; }
standard_webhook() {  # channel secret(whsec_) body
  local id="msg_$(date +%s%N)" ts; ts="$(date +%s)"
  local sig; sig="$(printf '%s' "$id.$ts.$3" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(hex_of_base64 "${2#whsec_}")" -binary | base64)"
  curl -fsS -o /dev/null -w '%{http_code}' -X POST "$hub/api/webhooks/$1" -H 'Content-Type: application/json' \
    -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig" --data-binary "$3"
}
post() {  # channel header body
  curl -fsS -o /dev/null -w '%{http_code}' -X POST "$hub/api/webhooks/$1" -H 'Content-Type: application/json' -H "$2" --data-binary "$3"
}

for _ in $(seq 1 120); do curl -fs -o /dev/null "$hub/api/profiles" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' "$hub/api/profiles")" = 401 ] && break; sleep 0.5; done

n="$(date +%s)"; n="${n: -6}"
phone="+49151${n}0"; visitor="vis-demo-$n"; user="u-demo-$n"; tg="$n"
now_iso="$(date -u +%Y-%m-%dT%H:%M:%SZ)"; now="$(date +%s)"
identity_hash="v2,$(printf 'v2\n%s\n\n%s' "$user" "$phone" | openssl dgst -sha256 -hmac "$(setting Channels.SiteChat.IdentitySecret)" | awk '{print $NF}')"

echo "1. Website chat: $user (signed in, phone $phone) asks about an order"
standard_webhook sitechat "$(setting Channels.SiteChat.Secrets.0)" "{\"type\":\"message.created\",\"timestamp\":\"$now_iso\",\"data\":{\"conversationId\":\"conv-$n\",\"messageId\":\"m-$n\",\"visitor\":{\"id\":\"$visitor\",\"name\":\"Anna\",\"locale\":\"de-DE\",\"timeZone\":\"Europe/Berlin\"},\"identity\":{\"userId\":\"$user\",\"phone\":\"$phone\",\"hash\":\"$identity_hash\"},\"text\":\"Hi, where is my order 1042?\"}}"; echo
echo "2. Telegram: the same person shares their phone with the bot"
post telegram "X-Telegram-Bot-Api-Secret-Token: $(setting Channels.Telegram.SecretToken)" "{\"update_id\":${n}1,\"message\":{\"message_id\":${n}2,\"date\":$now,\"chat\":{\"id\":$tg,\"type\":\"private\",\"first_name\":\"Anna\"},\"from\":{\"id\":$tg,\"is_bot\":false,\"first_name\":\"Anna\",\"language_code\":\"de\"},\"contact\":{\"phone_number\":\"$phone\",\"first_name\":\"Anna\",\"user_id\":$tg}}}"; echo
whatsapp() {
  local body="{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Anna\"},\"wa_id\":\"${phone#+}\"}],\"messages\":[{\"from\":\"${phone#+}\",\"id\":\"wamid.$n$1\",\"timestamp\":\"$(( now + $1 ))\",\"type\":\"text\",\"text\":{\"body\":\"$2\"}}]}}]}]}"
  post whatsapp "X-Hub-Signature-256: sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$(setting Channels.WhatsApp.AppSecret)" | awk '{print $NF}')" "$body"
}
echo "3. WhatsApp: the same phone writes again"; whatsapp 1 "Any news about 1042?"; echo
echo "4. WhatsApp: STOP"; whatsapp 2 "STOP"; echo

token="$("$root/scripts/dev-token")" || { echo "No development sign-in here: the demo needs the local host (./run.sh --local)." >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")
echo "5. One person: GET api/profiles?visitor=$visitor"
for _ in $(seq 1 60); do
  profile="$(curl -fsS "${auth[@]}" "$hub/api/profiles?visitor=$visitor" 2>/dev/null || true)"
  [ -n "$profile" ] && [ "$(printf '%s' "$profile" | json 'v.identifiers.length')" -ge 4 ] && \
    [ "$(curl -fsS "${auth[@]}" "$hub/api/profiles/$(printf '%s' "$profile" | json 'v.id')/timeline" | json 'v.items.length')" -ge 4 ] && break
  sleep 0.5
done
id="$(printf '%s' "$profile" | json 'v.id')"
printf '%s' "$profile" | json '"   id " + v.id + ", " + v.displayName + "\n" + v.identifiers.map(i => "   " + i.kind + " " + i.value + " (" + i.source + ")").join("\n")'
echo "   timeline, newest first:"
curl -fsS "${auth[@]}" "$hub/api/profiles/$id/timeline" | json 'v.items.map(e => "   " + e.time + "  " + e.channel.padEnd(9) + e.type.padEnd(24) + (e.interaction.text || "(shared their phone number)")).join("\n")'
echo "   consents:"
curl -fsS "${auth[@]}" "$hub/api/profiles/$id/consents" | json 'v.map(c => "   " + c.contactPoint + " " + c.purpose + ": " + (c.granted ? "granted" : "withdrawn") + " (" + c.evidence + ")").join("\n")'

echo "6. Dry run of the built-in journey, then a real run for this person"
curl -fsS "${auth[@]}" -X POST "$hub/api/journeys/chat-email-callback/simulate" -H 'Content-Type: application/json' \
  -d "{\"start\":\"$now_iso\",\"profile\":{\"profileId\":\"$id\",\"timeZone\":\"Europe/Berlin\",\"lastChannel\":\"whatsapp\",\"reachable\":[\"whatsapp\",\"callcenter\"]}}" \
  | json '"   simulated: " + v.run.outcome + " via " + v.run.path.map(p => p.stepId).join(" → ")'
run="$(curl -fsS "${auth[@]}" -X POST "$hub/api/journeys/chat-email-callback/runs" -H 'Content-Type: application/json' -d "{\"profileIds\":[\"$id\"]}")"
printf '%s' "$run" | json '"   start: " + v[0].result + " " + v[0].runId'
sleep 2
curl -fsS "${auth[@]}" "$hub/api/journeys/runs/$(printf '%s' "$run" | json 'v[0].runId')" \
  | json '"   run " + v.status + (v.path.length ? ": " + v.path.map(p => p.stepId + " " + (p.detail ?? "")).join(" | ") : " (the path is recorded as the run ends; GET the run again later)")'
