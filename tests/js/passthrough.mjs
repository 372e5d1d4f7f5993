// Drives an Anthropic-compatible POST /v1/messages (the ASP.NET sample's pass-through) with the official Anthropic
// TypeScript SDK and prints what it parsed as one JSON line. Usage: node passthrough.mjs http://127.0.0.1:5000
import Anthropic from '@anthropic-ai/sdk';

const baseURL = process.argv[2] ?? process.env.AKI_SAMPLE_URL;
if (!baseURL) {
  console.error('usage: node passthrough.mjs <base address of the sample>');
  process.exit(2);
}

// The key is the browser's side of the story: the sample ignores it and uses its own AKI.IO key.
const client = new Anthropic({ baseURL, apiKey: 'no-aki-key-in-the-browser', maxRetries: 0 });
const model = 'gemma4-26b';
const messages = [{ role: 'user', content: 'In one sentence: why does data residency in the EU matter?' }];

const created = await client.messages.create({ model, max_tokens: 1024, messages });

const stream = client.messages.stream({ model, max_tokens: 1024, messages });
const events = [];
let text = '';
stream.on('streamEvent', (event) => events.push(event.type));
stream.on('text', (delta) => { text += delta; });
const final = await stream.finalMessage();

let error = null;
try {
  await client.messages.create({ model, max_tokens: 1024, messages: [] });
} catch (e) {
  error = { status: e.status ?? null, type: e.error?.error?.type ?? null, name: e.constructor?.name ?? null };
}

const summary = (message) => ({
  id: message.id,
  type: message.type,
  role: message.role,
  model: message.model,
  stop_reason: message.stop_reason,
  content_types: message.content.map((block) => block.type),
  text: message.content.filter((block) => block.type === 'text').map((block) => block.text).join(''),
  output_tokens: message.usage?.output_tokens ?? null,
});

console.log(JSON.stringify({ created: summary(created), streamed: summary(final), events, text, error }));
