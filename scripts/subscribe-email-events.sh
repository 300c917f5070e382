#!/bin/sh
# azd postdeploy hook: subscribe the hub to ACS email events once its code is deployed. Event Grid validates the
# webhook (api/webhooks/email) when the subscription is created, so the first `azd provision` leaves it out; once the
# flag is set, every later provision keeps the subscription.
set -eu
if [ "$(azd env get-value OMNI_EMAIL_EVENTS 2>/dev/null || true)" != "true" ]; then
  azd env set OMNI_EMAIL_EVENTS true
  azd provision --no-prompt
fi
