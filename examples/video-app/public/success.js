// The success page (/payment/success?session_id=…), in the browser. The seed's page asked once for
// the balance and showed whatever it got, usually before Stripe's webhook had landed. This one:
// 1. asks this app's server about the session (which asks Creditcast's GET /api/v1/checkout/{id};
//    that call credits a paid session itself when the webhook is late or lost);
// 2. listens to the header's <creditcast-balance>: the push for this very purchase (a `purchase`
//    change whose reference is the session id) turns the page at once, no polling, no reload;
// 3. asks again whenever the live connection (re)opens, because a snapshot says the balance but not
//    what happened while we were not connected, and a few times more while still pending, in case
//    the webhook is lost and the first question came too early.
const heading = document.querySelector('h1');
const detail = document.getElementById('detail');
const sessionId = detail.dataset.sessionId;
const number = (n) => n.toLocaleString('en-US');
let settled = false;

function show(title, text) {
  if (heading.textContent !== title) heading.textContent = title;
  detail.textContent = text;
}

function credited(credits, balance) {
  settled = true;
  show(`+${number(credits)} credits added`, `New balance: ${number(balance)} credits.`);
}

async function ask() {
  if (settled) return;
  let response;
  try {
    response = await fetch(`/checkout-status?session_id=${encodeURIComponent(sessionId)}`);
  } catch {
    return; // offline: the push, or the question asked when the socket is back, will tell
  }
  if (settled) return; // the push got here first: never step back to "waiting"
  if (!response.ok) {
    settled = true;
    return show("We can't find this payment", 'If you paid, your credits still arrive: your balance is above.');
  }
  const status = await response.json();
  if (settled) return;
  switch (status.status) {
    case 'credited':
      return credited(status.credits, status.balance);
    case 'refunded':
      settled = true;
      return show('This purchase was refunded', 'Its credits were taken back.');
    case 'failed':
    case 'expired':
      settled = true;
      return show('The payment did not go through', 'Nothing was charged.');
    case 'processing':
      return show('Your payment is processing', 'Your credits appear here and above as soon as it clears.');
    default:
      return show('Adding your credits…', 'Your payment went through. This page updates by itself.');
  }
}

let wasLive = false;
document.addEventListener('creditcast:change', (event) => {
  const { change, credits, status } = event.detail;
  if (!settled && change?.kind === 'purchase' && change.reference === sessionId) credited(change.delta, credits);
  if (status === 'live' && !wasLive) ask();
  wasLive = status === 'live';
});

ask();
for (let i = 1; i <= 6; i++) setTimeout(ask, i * 10_000);
