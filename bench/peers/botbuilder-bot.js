'use strict';
// The Teams peer: a "stateful echo" bot on botbuilder 4.23 (CloudAdapter + ConfigurationBotFrameworkAuthentication,
// MemoryStorage + ConversationState with a turn counter), served by express. It validates the channel's JWTs
// against the bench's OpenID metadata and sends its replies to the fake Connector in the activity's serviceUrl.
//
// Configuration (bench/run.sh sets it): PORT, BENCH_PLATFORM_URL (the fake platform, http://127.0.0.1:P),
// MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD.
//
// What differs from a production botbuilder bot, and why (bench/README.md, "Peers"): botbuilder's default
// outbound credentials (PasswordServiceClientCredentialFactory) get the bot's token through MSAL with the
// authority https://login.microsoftonline.com/botframework.com; MSAL refuses a non-https authority and would
// look the authority up on the internet. So the bot uses botbuilder's public MsalServiceClientCredentialsFactory
// with an MSAL ConfidentialClientApplication whose authority names the fake (as https), whose authority and cloud
// discovery metadata are given (no discovery calls) and whose network client (MSAL's system.networkClient option)
// carries its requests over plain http to the loopback fake. Token acquisition happens once per token lifetime,
// not per turn. Inbound validation is botbuilder's own, configured with ToBotFromChannelOpenIdMetadataUrl.

const express = require('express');
const { ConfidentialClientApplication } = require('@azure/msal-node');
const {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
} = require('botbuilder');
const { MsalServiceClientCredentialsFactory } = require('botframework-connector');

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`botbuilder-bot: ${name} is required.`);
    process.exit(2);
  }
  return value;
}

const port = Number(required('PORT'));
const platform = new URL(required('BENCH_PLATFORM_URL'));
const appId = required('MICROSOFT_APP_ID');
const appPassword = required('MICROSOFT_APP_PASSWORD');
if (!['127.0.0.1', 'localhost', '[::1]'].includes(platform.hostname)) {
  console.error('botbuilder-bot: BENCH_PLATFORM_URL must be a loopback address.');
  process.exit(2);
}

const base = platform.origin;
// MSAL only accepts https authorities; the network client below sends to the same loopback host over http.
const authorityHost = `https://${platform.host}`;
const authority = `${authorityHost}/botframework.com`;

const loopbackNetwork = {
  async sendGetRequestAsync(url, options) {
    return send(url, 'GET', options);
  },
  async sendPostRequestAsync(url, options) {
    return send(url, 'POST', options);
  },
};

async function send(url, method, options = {}) {
  const target = new URL(url);
  if (target.host !== platform.host) throw new Error(`botbuilder-bot: refusing a token request to ${target.host}`);
  const response = await fetch(`${base}${target.pathname}${target.search}`, {
    method,
    headers: options.headers,
    body: options.body,
  });
  const headers = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return { headers, body: await response.json(), status: response.status };
}

const msal = new ConfidentialClientApplication({
  auth: {
    clientId: appId,
    clientSecret: appPassword,
    authority,
    knownAuthorities: [platform.host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      issuer: `${authority}/v2.0`,
      jwks_uri: `${authorityHost}/keys`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    }),
  },
  system: { networkClient: loopbackNetwork },
});

const auth = new ConfigurationBotFrameworkAuthentication(
  {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppType: 'MultiTenant',
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: authority,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: `${base}/oauth-api`,
    ToBotFromChannelOpenIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    ToBotFromEmulatorOpenIdMetadataUrl: `${base}/aad/v2.0/.well-known/openid-configuration`,
    CallerId: 'urn:botframework:azure',
  },
  new MsalServiceClientCredentialsFactory(appId, msal),
);

const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  console.error(`botbuilder-bot: turn failed: ${error && error.message}`);
};

class StatefulEcho extends ActivityHandler {
  constructor(conversationState) {
    super();
    this.conversationState = conversationState;
    this.turns = conversationState.createProperty('turns');
    this.onMessage(async (context, next) => {
      const turn = (await this.turns.get(context, 0)) + 1;
      await this.turns.set(context, turn);
      await context.sendActivity(`Echo ${turn}: ${context.activity.text}`);
      await next();
    });
  }

  async run(context) {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }
}

const bot = new StatefulEcho(new ConversationState(new MemoryStorage()));

const app = express();
app.use(express.json({ limit: '256kb' }));
app.get('/healthz', (req, res) => res.status(200).send('ok'));
app.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`botbuilder-bot listening on http://127.0.0.1:${port}`);
});
// Kestrel keeps idle connections 130 s; match it so neither side drops a connection the other still uses.
server.keepAliveTimeout = 130_000;
server.headersTimeout = 131_000;
