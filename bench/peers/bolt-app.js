'use strict';
// The Slack peer: a Bolt for JavaScript app (5.x) with its default HTTP receiver, verifying every request
// with the signing secret and answering each direct message with chat.postMessage to the fake Web API.
//
// Configuration (bench/run.sh sets it): PORT, BENCH_PLATFORM_URL (the fake platform, http://127.0.0.1:P),
// SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_BOT_USER_ID, SLACK_BOT_ID.
//
// The bot user and bot ids are given so Bolt does not call auth.test when it is constructed (the fake platform
// may not be listening yet); with a single token, Bolt would otherwise call auth.test once and reuse the answer.

const { App } = require('@slack/bolt');

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`bolt-app: ${name} is required.`);
    process.exit(2);
  }
  return value;
}

const port = Number(required('PORT'));
const platform = new URL(required('BENCH_PLATFORM_URL'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(platform.hostname)) {
  console.error('bolt-app: BENCH_PLATFORM_URL must be a loopback address.');
  process.exit(2);
}

const app = new App({
  signingSecret: required('SLACK_SIGNING_SECRET'),
  token: required('SLACK_BOT_TOKEN'),
  botUserId: required('SLACK_BOT_USER_ID'),
  botId: required('SLACK_BOT_ID'),
  endpoints: '/api/slack/events',
  clientOptions: { slackApiUrl: `${platform.origin}/slack/api/` },
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (req, res) => {
        res.writeHead(200);
        res.end('ok');
      },
    },
  ],
});

app.message(async ({ message, client }) => {
  if (message.channel_type !== 'im' || message.subtype) return;
  await client.chat.postMessage({ channel: message.channel, text: `You said: ${message.text}` });
});

app.error(async (error) => {
  console.error(`bolt-app: ${error && error.message}`);
});

(async () => {
  const server = await app.start({ port, host: '127.0.0.1' });
  // Kestrel keeps idle connections 130 s; match it so neither side drops a connection the other still uses.
  server.keepAliveTimeout = 130_000;
  server.headersTimeout = 131_000;
  console.log(`bolt-app listening on http://127.0.0.1:${port}`);
})();
