// Captures the requests the official OpenAI Node SDK sends for every operation of the
// Assistants, Vector stores and Files tags, as fixtures for `tests/tests/node_sdk_requests.rs`.
//
// No network: the client's `fetch` is a function that records each request (method, path
// without the `/v1` prefix, query, the headers that matter, the body exactly as sent) and
// answers with a minimal valid response. Each case writes
// `tests/fixtures/node-sdk/<operationId>/<case>.json`, in the shape of the Python SDK's fixtures
// (tests/python-sdk/capture.py) plus the headers:
//
//     {"method": "POST", "path": "/threads/thread_abc/runs", "query": {"include[]": [...]},
//      "headers": {"content-type": "application/json", "openai-beta": "assistants=v2"},
//      "body": <the JSON body as sent, or null>}
//
// A query value is a string; a key ending in `[]` (repeated on the wire) holds a list. A
// `multipart/form-data` body (createFile) is recorded as `"multipart": [{"name", "filename",
// "content_type", "value"}...]` with `"body": null`; its content-type header without the
// boundary. A case that sends several requests (a list's next page, a helper that polls)
// writes `<case>_<n>.json`, each under the operation of its own request.
//
// Run it (see tests/node-sdk/README.md for the pinned SDK version):
//
//     cd tests/node-sdk && npm ci && node capture.mjs

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import OpenAI, { toFile } from 'openai';

const PINNED = '7.59.0';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '..', 'fixtures', 'node-sdk');

// --- recording -------------------------------------------------------------------------------

/** The operationId of a request, from its method and path (the description's templates). */
const ROUTES = [
  ['GET', '/assistants', 'listAssistants'],
  ['POST', '/assistants', 'createAssistant'],
  ['GET', '/assistants/*', 'getAssistant'],
  ['POST', '/assistants/*', 'modifyAssistant'],
  ['DELETE', '/assistants/*', 'deleteAssistant'],
  ['POST', '/threads', 'createThread'],
  ['POST', '/threads/runs', 'createThreadAndRun'],
  ['GET', '/threads/*', 'getThread'],
  ['POST', '/threads/*', 'modifyThread'],
  ['DELETE', '/threads/*', 'deleteThread'],
  ['GET', '/threads/*/messages', 'listMessages'],
  ['POST', '/threads/*/messages', 'createMessage'],
  ['GET', '/threads/*/messages/*', 'getMessage'],
  ['POST', '/threads/*/messages/*', 'modifyMessage'],
  ['DELETE', '/threads/*/messages/*', 'deleteMessage'],
  ['GET', '/threads/*/runs', 'listRuns'],
  ['POST', '/threads/*/runs', 'createRun'],
  ['GET', '/threads/*/runs/*', 'getRun'],
  ['POST', '/threads/*/runs/*', 'modifyRun'],
  ['POST', '/threads/*/runs/*/cancel', 'cancelRun'],
  ['POST', '/threads/*/runs/*/submit_tool_outputs', 'submitToolOutputsToRun'],
  ['GET', '/threads/*/runs/*/steps', 'listRunSteps'],
  ['GET', '/threads/*/runs/*/steps/*', 'getRunStep'],
  ['GET', '/vector_stores', 'listVectorStores'],
  ['POST', '/vector_stores', 'createVectorStore'],
  ['GET', '/vector_stores/*', 'getVectorStore'],
  ['POST', '/vector_stores/*', 'modifyVectorStore'],
  ['DELETE', '/vector_stores/*', 'deleteVectorStore'],
  ['POST', '/vector_stores/*/search', 'searchVectorStore'],
  ['POST', '/vector_stores/*/file_batches', 'createVectorStoreFileBatch'],
  ['GET', '/vector_stores/*/file_batches/*', 'getVectorStoreFileBatch'],
  ['POST', '/vector_stores/*/file_batches/*/cancel', 'cancelVectorStoreFileBatch'],
  ['GET', '/vector_stores/*/file_batches/*/files', 'listFilesInVectorStoreBatch'],
  ['GET', '/vector_stores/*/files', 'listVectorStoreFiles'],
  ['POST', '/vector_stores/*/files', 'createVectorStoreFile'],
  ['GET', '/vector_stores/*/files/*', 'getVectorStoreFile'],
  ['POST', '/vector_stores/*/files/*', 'updateVectorStoreFileAttributes'],
  ['DELETE', '/vector_stores/*/files/*', 'deleteVectorStoreFile'],
  ['GET', '/vector_stores/*/files/*/content', 'retrieveVectorStoreFileContent'],
  ['GET', '/files', 'listFiles'],
  ['POST', '/files', 'createFile'],
  ['GET', '/files/*', 'retrieveFile'],
  ['DELETE', '/files/*', 'deleteFile'],
  ['GET', '/files/*/content', 'downloadFile'],
];

function operationOf(method, urlPath) {
  const segments = urlPath.split('/');
  // A literal segment of a template wins over a `*` (`/threads/runs` is not `/threads/{id}`).
  let best = null;
  for (const [m, template, id] of ROUTES) {
    const parts = template.split('/');
    if (m !== method || parts.length !== segments.length) continue;
    if (!parts.every((p, i) => p === '*' ? segments[i] !== '' : p === segments[i])) continue;
    const literals = parts.filter((p) => p !== '*').length;
    if (best === null || literals > best[0]) best = [literals, id];
  }
  if (best === null) throw new Error(`no operation for ${method} ${urlPath}`);
  return best[1];
}

let captured = []; // {operation, fixture}

async function record(url, init) {
  const request = new Request(url, init);
  const parsed = new URL(request.url);
  if (!parsed.pathname.startsWith('/v1/')) throw new Error(`path ${parsed.pathname}`);
  const urlPath = parsed.pathname.slice('/v1'.length);
  const query = {};
  for (const [key, value] of parsed.searchParams) {
    if (key.endsWith('[]')) {
      (query[key] ??= []).push(value);
    } else {
      if (key in query) throw new Error(`repeated query key ${key}`);
      query[key] = value;
    }
  }
  const headers = {};
  const contentType = request.headers.get('content-type');
  const raw = Buffer.from(await request.arrayBuffer());
  let body = null;
  let multipart = null;
  if (contentType !== null) {
    headers['content-type'] = contentType.split(';')[0].trim();
  }
  if (contentType?.startsWith('multipart/form-data')) {
    multipart = parseMultipart(contentType, raw);
  } else if (raw.length > 0) {
    if (!contentType?.startsWith('application/json')) throw new Error(`content-type ${contentType}`);
    body = JSON.parse(raw.toString('utf8'));
  }
  const beta = request.headers.get('openai-beta');
  if (beta !== null) headers['openai-beta'] = beta;
  const fixture = { method: request.method, path: urlPath, query, headers, body };
  if (multipart !== null) fixture.multipart = multipart;
  captured.push({ operation: operationOf(request.method, urlPath), fixture });
  return { urlPath, query, body };
}

/** The parts of a `multipart/form-data` body, as sent. */
function parseMultipart(contentType, raw) {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const text = raw.toString('latin1');
  const chunks = text.split(`--${boundary}`);
  if (!chunks.at(-1).startsWith('--')) throw new Error('multipart body without its closing boundary');
  const parts = [];
  for (const chunk of chunks.slice(1, -1)) {
    if (!chunk.startsWith('\r\n') || !chunk.endsWith('\r\n')) throw new Error('malformed part');
    const inner = chunk.slice(2, -2);
    const split = inner.indexOf('\r\n\r\n');
    if (split < 0) throw new Error('part without headers');
    const partHeaders = {};
    // The part's headers are UTF-8 (a file name may not be ASCII).
    const head = Buffer.from(inner.slice(0, split), 'latin1').toString('utf8');
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      partHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = partHeaders['content-disposition'] ?? '';
    const param = (name) => {
      const match = new RegExp(`;\\s*${name}="([^"]*)"`).exec(disposition);
      return match ? match[1] : undefined;
    };
    const entry = { name: param('name') };
    const filename = param('filename');
    if (filename !== undefined) entry.filename = filename;
    if (partHeaders['content-type'] !== undefined) {
      entry.content_type = partHeaders['content-type'].split(';')[0].trim();
    }
    entry.value = Buffer.from(inner.slice(split + 4), 'latin1').toString('utf8');
    parts.push(entry);
  }
  return parts;
}

// --- answers ---------------------------------------------------------------------------------

// The stream helpers want the run's final state before `done`.
const SSE_RUN_DONE =
  `event: thread.run.completed\ndata: ${JSON.stringify({ id: 'run_abc', object: 'thread.run', status: 'completed' })}\n\n` +
  'event: done\ndata: [DONE]\n\n';

/** A minimal object every model of the SDK accepts (it does not validate responses). */
function object(id) {
  return { id, object: 'thread.run', status: 'completed', created_at: 0, thread_id: 'thread_abc' };
}

async function respond(url, init) {
  const { urlPath, query, body } = await record(url, init);
  if (body !== null && body.stream === true) {
    return new Response(SSE_RUN_DONE, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }
  if (urlPath.startsWith('/files/') && urlPath.endsWith('/content')) {
    return new Response('hello', { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  }
  const json = (value) =>
    new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });
  if (init.method === 'DELETE') {
    return json({ id: urlPath.split('/').at(-1), object: 'deleted', deleted: true });
  }
  // A list asked for with `limit=2` and no cursor has a next page: the SDK's auto-pagination
  // then asks for it.
  const firstOfTwo = query.limit === '2' && query.after === undefined;
  const data = firstOfTwo ? [object('obj_1'), object('obj_2')] : [];
  return json({
    ...object('obj_abc'),
    data,
    first_id: firstOfTwo ? 'obj_1' : null,
    last_id: firstOfTwo ? 'obj_2' : null,
    has_more: firstOfTwo,
    file_counts: { in_progress: 0, completed: 1, failed: 0, cancelled: 0, total: 1 },
  });
}

const client = new OpenAI({
  apiKey: 'sk-test',
  baseURL: 'https://api.openai.com/v1',
  maxRetries: 0,
  fetch: respond,
});

// --- the cases -------------------------------------------------------------------------------

const cases = []; // [operationId, case, thunk]

function caseOf(operation, name, thunk) {
  cases.push([operation, name, thunk]);
}

async function drain(iterable) {
  for await (const _ of iterable) {
    // nothing: the requests are what matters
  }
}

const META = { project: 'golden', owner: 'sdk' };

const TOOLS_ALL = [
  { type: 'code_interpreter' },
  {
    type: 'file_search',
    file_search: {
      max_num_results: 20,
      ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.5 },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather in a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
      strict: true,
    },
  },
];

const RESPONSE_FORMAT_JSON_SCHEMA = {
  type: 'json_schema',
  json_schema: {
    name: 'weather',
    description: 'A weather report.',
    schema: {
      type: 'object',
      properties: { city: { type: 'string' }, celsius: { type: 'number' } },
      required: ['city', 'celsius'],
      additionalProperties: false,
    },
    strict: true,
  },
};

const TOOL_RESOURCES_ASSISTANT = {
  code_interpreter: { file_ids: ['file-abc', 'file-def'] },
  file_search: { vector_store_ids: ['vs_abc'] },
};

const STATIC = { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } };
const AUTO = { type: 'auto' };

const TOOL_RESOURCES_THREAD_NEW_STORE = {
  code_interpreter: { file_ids: ['file-abc'] },
  file_search: {
    // The API takes at most one vector store here.
    vector_stores: [{ file_ids: ['file-abc', 'file-def'], chunking_strategy: STATIC, metadata: META }],
  },
};

const TOOL_RESOURCES_NEW_STORE_AUTO = {
  file_search: { vector_stores: [{ file_ids: ['file-abc'], chunking_strategy: AUTO }] },
};

// Explicit null inside nested parameters, where the SDK's types allow it.
const TOOL_FUNCTION_STRICT_NULL = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: null },
};
const RESPONSE_FORMAT_STRICT_NULL = {
  type: 'json_schema',
  json_schema: { name: 'weather', schema: { type: 'object' }, strict: null },
};

const CONTENT_PARTS = [
  { type: 'text', text: 'What is in these images?' },
  { type: 'image_file', image_file: { file_id: 'file-img', detail: 'high' } },
  { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
  { type: 'image_url', image_url: { url: 'https://example.com/dog.png' } },
];

const ATTACHMENTS = [
  { file_id: 'file-abc', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] },
  { file_id: 'file-def', tools: [{ type: 'file_search' }] },
];

const THREAD_MESSAGES = [
  { role: 'user', content: 'Hello' },
  { role: 'assistant', content: 'Hi! How can I help?', metadata: { turn: '1' } },
  { role: 'user', content: CONTENT_PARTS, attachments: ATTACHMENTS, metadata: META },
];

const ATTRIBUTES = { author: 'Ada', year: 1843, draft: false };

const FILTERS_COMPOUND = {
  type: 'and',
  filters: [
    { type: 'eq', key: 'author', value: 'Ada' },
    { type: 'gte', key: 'year', value: 1800 },
    { type: 'ne', key: 'draft', value: true },
    {
      type: 'or',
      filters: [
        { type: 'in', key: 'region', value: ['eu', 'us'] },
        { type: 'lt', key: 'year', value: 2000 },
      ],
    },
  ],
};

const INCLUDE = ['step_details.tool_calls[*].file_search.results[*].content'];

// Assistants -----------------------------------------------------------------------------------

caseOf('createAssistant', 'minimal', () => client.beta.assistants.create({ model: 'gpt-4o' }));
caseOf('createAssistant', 'full', () =>
  client.beta.assistants.create({
    model: 'gpt-4o',
    name: 'Math tutor',
    description: 'Answers questions about maths.',
    instructions: 'You are a personal math tutor.',
    metadata: META,
    reasoning_effort: 'medium',
    response_format: RESPONSE_FORMAT_JSON_SCHEMA,
    temperature: 0.2,
    top_p: 0.9,
    tool_resources: TOOL_RESOURCES_ASSISTANT,
    tools: TOOLS_ALL,
  }),
);
caseOf('createAssistant', 'nulls', () =>
  client.beta.assistants.create({
    model: 'o3-mini',
    name: null,
    description: null,
    instructions: null,
    metadata: null,
    reasoning_effort: null,
    response_format: null,
    temperature: null,
    top_p: null,
    tool_resources: null,
  }),
);
caseOf('createAssistant', 'nested_nulls', () =>
  client.beta.assistants.create({
    model: 'gpt-4o',
    tools: [TOOL_FUNCTION_STRICT_NULL],
    response_format: RESPONSE_FORMAT_STRICT_NULL,
    tool_resources: {
      code_interpreter: { file_ids: [] },
      file_search: { vector_stores: [{ file_ids: ['file-abc'], chunking_strategy: AUTO, metadata: null }] },
    },
  }),
);
caseOf('createAssistant', 'tool_variants', () =>
  client.beta.assistants.create({
    model: 'gpt-5',
    tools: [
      { type: 'file_search' },
      { type: 'file_search', file_search: { max_num_results: 5 } },
      { type: 'file_search', file_search: { ranking_options: { score_threshold: 0 } } },
      { type: 'function', function: { name: 'noop' } },
    ],
    temperature: 0,
    top_p: 1,
    metadata: {},
    tool_resources: { code_interpreter: {} },
  }),
);
caseOf('createAssistant', 'fine_tuned_model', () =>
  client.beta.assistants.create({ model: 'ft:gpt-4o-mini:acme::abc123', reasoning_effort: 'minimal' }),
);
caseOf('createAssistant', 'reasoning_efforts', async () => {
  for (const effort of ['none', 'low', 'high', 'xhigh', 'max']) {
    await client.beta.assistants.create({ model: 'gpt-5.1', reasoning_effort: effort });
  }
});
caseOf('createAssistant', 'response_formats', async () => {
  for (const format of ['auto', { type: 'text' }, { type: 'json_object' }]) {
    await client.beta.assistants.create({ model: 'gpt-4o', response_format: format, tools: [] });
  }
});
caseOf('getAssistant', 'minimal', () => client.beta.assistants.retrieve('asst_abc'));
caseOf('deleteAssistant', 'minimal', () => client.beta.assistants.delete('asst_abc'));
caseOf('listAssistants', 'minimal', () => client.beta.assistants.list());
caseOf('listAssistants', 'full', () =>
  client.beta.assistants.list({ after: 'asst_abc', before: 'asst_xyz', limit: 20, order: 'asc' }),
);
caseOf('listAssistants', 'auto_pagination', () => drain(client.beta.assistants.list({ limit: 2, order: 'desc' })));
caseOf('modifyAssistant', 'minimal', () => client.beta.assistants.update('asst_abc', {}));
caseOf('modifyAssistant', 'full', () =>
  client.beta.assistants.update('asst_abc', {
    model: 'gpt-4.1',
    name: 'Math tutor',
    description: 'Answers questions about maths.',
    instructions: 'You are a personal math tutor.',
    metadata: META,
    reasoning_effort: 'high',
    response_format: { type: 'json_object' },
    temperature: 1.5,
    top_p: 0.5,
    tool_resources: { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: [] } },
    tools: TOOLS_ALL,
  }),
);
caseOf('modifyAssistant', 'nulls', () =>
  client.beta.assistants.update('asst_abc', {
    name: null,
    description: null,
    instructions: null,
    metadata: null,
    reasoning_effort: null,
    response_format: null,
    temperature: null,
    top_p: null,
    tool_resources: null,
  }),
);

// Threads ----------------------------------------------------------------------------------------

caseOf('createThread', 'minimal', () => client.beta.threads.create());
caseOf('createThread', 'empty', () => client.beta.threads.create({}));
caseOf('createThread', 'full', () =>
  client.beta.threads.create({
    messages: THREAD_MESSAGES,
    metadata: META,
    tool_resources: TOOL_RESOURCES_THREAD_NEW_STORE,
  }),
);
caseOf('createThread', 'auto_chunking', () =>
  client.beta.threads.create({ tool_resources: TOOL_RESOURCES_NEW_STORE_AUTO }),
);
caseOf('createThread', 'nested_nulls', () =>
  client.beta.threads.create({
    messages: [{ role: 'user', content: 'Hi', attachments: null, metadata: null }],
    tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-abc'], metadata: null }] } },
  }),
);
caseOf('createThread', 'existing_vector_store', () =>
  client.beta.threads.create({ messages: [], tool_resources: { file_search: { vector_store_ids: ['vs_abc'] } } }),
);
caseOf('createThread', 'nulls', () => client.beta.threads.create({ metadata: null, tool_resources: null }));
caseOf('getThread', 'minimal', () => client.beta.threads.retrieve('thread_abc'));
caseOf('deleteThread', 'minimal', () => client.beta.threads.delete('thread_abc'));
caseOf('modifyThread', 'minimal', () => client.beta.threads.update('thread_abc', {}));
caseOf('modifyThread', 'full', () =>
  client.beta.threads.update('thread_abc', { metadata: META, tool_resources: TOOL_RESOURCES_ASSISTANT }),
);
caseOf('modifyThread', 'nulls', () => client.beta.threads.update('thread_abc', { metadata: null, tool_resources: null }));

// Messages ---------------------------------------------------------------------------------------

caseOf('createMessage', 'minimal', () =>
  client.beta.threads.messages.create('thread_abc', { role: 'user', content: 'Hello' }),
);
caseOf('createMessage', 'full', () =>
  client.beta.threads.messages.create('thread_abc', {
    role: 'user',
    content: CONTENT_PARTS,
    attachments: ATTACHMENTS,
    metadata: META,
  }),
);
caseOf('createMessage', 'nulls', () =>
  client.beta.threads.messages.create('thread_abc', {
    role: 'assistant',
    content: 'Earlier answer',
    attachments: null,
    metadata: null,
  }),
);
caseOf('createMessage', 'text_parts', () =>
  client.beta.threads.messages.create('thread_abc', {
    role: 'assistant',
    content: [{ type: 'text', text: 'Earlier answer' }],
  }),
);
caseOf('createMessage', 'image_detail_auto', () =>
  client.beta.threads.messages.create('thread_abc', {
    role: 'user',
    content: [
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' } },
      { type: 'image_file', image_file: { file_id: 'file-img', detail: 'auto' } },
    ],
    attachments: [{ file_id: 'file-abc' }],
  }),
);
caseOf('getMessage', 'minimal', () => client.beta.threads.messages.retrieve('msg_abc', { thread_id: 'thread_abc' }));
caseOf('deleteMessage', 'minimal', () => client.beta.threads.messages.delete('msg_abc', { thread_id: 'thread_abc' }));
caseOf('modifyMessage', 'minimal', () => client.beta.threads.messages.update('msg_abc', { thread_id: 'thread_abc' }));
caseOf('modifyMessage', 'full', () =>
  client.beta.threads.messages.update('msg_abc', { thread_id: 'thread_abc', metadata: META }),
);
caseOf('modifyMessage', 'nulls', () =>
  client.beta.threads.messages.update('msg_abc', { thread_id: 'thread_abc', metadata: null }),
);
caseOf('listMessages', 'minimal', () => client.beta.threads.messages.list('thread_abc'));
caseOf('listMessages', 'full', () =>
  client.beta.threads.messages.list('thread_abc', {
    after: 'msg_abc',
    before: 'msg_xyz',
    limit: 100,
    order: 'desc',
    run_id: 'run_abc',
  }),
);
caseOf('listMessages', 'auto_pagination', () =>
  drain(client.beta.threads.messages.list('thread_abc', { limit: 2, run_id: 'run_abc' })),
);

// Runs -------------------------------------------------------------------------------------------

const TRUNCATION = { type: 'last_messages', last_messages: 10 };

function runEverything(overrides = {}) {
  return {
    assistant_id: 'asst_abc',
    model: 'gpt-4o',
    instructions: 'Answer briefly.',
    max_completion_tokens: 1000,
    max_prompt_tokens: 2000,
    metadata: META,
    parallel_tool_calls: false,
    response_format: RESPONSE_FORMAT_JSON_SCHEMA,
    temperature: 0.7,
    top_p: 1.0,
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    tools: TOOLS_ALL,
    truncation_strategy: TRUNCATION,
    ...overrides,
  };
}

function runNulls() {
  return {
    assistant_id: 'asst_abc',
    model: null,
    instructions: null,
    max_completion_tokens: null,
    max_prompt_tokens: null,
    metadata: null,
    parallel_tool_calls: undefined,
    temperature: null,
    top_p: null,
    tool_choice: null,
    tools: null,
    truncation_strategy: null,
  };
}

const TOOL_CHOICES = [
  'none',
  'auto',
  'required',
  { type: 'file_search' },
  { type: 'code_interpreter' },
  { type: 'function', function: { name: 'get_weather' } },
];

caseOf('createRun', 'minimal', () => client.beta.threads.runs.create('thread_abc', { assistant_id: 'asst_abc' }));
caseOf('createRun', 'full', () =>
  client.beta.threads.runs.create('thread_abc', {
    include: INCLUDE,
    additional_instructions: 'Call the user Jane.',
    additional_messages: THREAD_MESSAGES,
    reasoning_effort: 'low',
    ...runEverything(),
  }),
);
caseOf('createRun', 'nulls', () =>
  client.beta.threads.runs.create('thread_abc', {
    additional_instructions: null,
    additional_messages: null,
    reasoning_effort: null,
    response_format: null,
    stream: null,
    ...runNulls(),
  }),
);
caseOf('createRun', 'nested_nulls', () =>
  client.beta.threads.runs.create('thread_abc', {
    assistant_id: 'asst_abc',
    additional_messages: [{ role: 'user', content: 'Hi', attachments: null, metadata: null }],
    tools: [TOOL_FUNCTION_STRICT_NULL],
    response_format: RESPONSE_FORMAT_STRICT_NULL,
    truncation_strategy: { type: 'auto', last_messages: null },
  }),
);
caseOf('createRun', 'tool_choices', async () => {
  for (const choice of TOOL_CHOICES) {
    await client.beta.threads.runs.create('thread_abc', {
      assistant_id: 'asst_abc',
      tool_choice: choice,
      truncation_strategy: { type: 'auto' },
    });
  }
});
caseOf('createRun', 'response_formats', async () => {
  for (const format of ['auto', { type: 'text' }, { type: 'json_object' }]) {
    await client.beta.threads.runs.create('thread_abc', { assistant_id: 'asst_abc', response_format: format });
  }
});
caseOf('createRun', 'limits', () =>
  client.beta.threads.runs.create('thread_abc', {
    assistant_id: 'asst_abc',
    max_prompt_tokens: 256,
    max_completion_tokens: 256,
    temperature: 0,
    top_p: 0,
    parallel_tool_calls: true,
    truncation_strategy: { type: 'auto' },
    tools: [],
    metadata: {},
    additional_messages: [],
  }),
);
caseOf('createRun', 'include_empty', () =>
  client.beta.threads.runs.create('thread_abc', { assistant_id: 'asst_abc', include: [] }),
);
caseOf('createRun', 'stream', async () =>
  drain(await client.beta.threads.runs.create('thread_abc', { assistant_id: 'asst_abc', stream: true })),
);
caseOf('createRun', 'stream_false', () =>
  client.beta.threads.runs.create('thread_abc', { assistant_id: 'asst_abc', stream: false }),
);
caseOf('createRun', 'stream_full', async () =>
  drain(
    await client.beta.threads.runs.create('thread_abc', {
      include: INCLUDE,
      additional_instructions: 'Call the user Jane.',
      additional_messages: THREAD_MESSAGES,
      reasoning_effort: 'minimal',
      stream: true,
      ...runEverything(),
    }),
  ),
);
caseOf('createRun', 'stream_helper', () =>
  drain(client.beta.threads.runs.stream('thread_abc', { include: INCLUDE, ...runEverything() })),
);
caseOf('createRun', 'create_and_stream', () =>
  drain(client.beta.threads.runs.createAndStream('thread_abc', { assistant_id: 'asst_abc' })),
);
// Posts the run, then polls it (getRun) until its status is terminal.
caseOf('createRun', 'create_and_poll', () =>
  client.beta.threads.runs.createAndPoll(
    'thread_abc',
    { assistant_id: 'asst_abc', include: INCLUDE, instructions: 'Poll me.' },
    { pollIntervalMs: 1 },
  ),
);

caseOf('createThreadAndRun', 'minimal', () => client.beta.threads.createAndRun({ assistant_id: 'asst_abc' }));
caseOf('createThreadAndRun', 'full', () =>
  client.beta.threads.createAndRun({
    thread: { messages: THREAD_MESSAGES, metadata: META, tool_resources: TOOL_RESOURCES_THREAD_NEW_STORE },
    tool_resources: TOOL_RESOURCES_ASSISTANT,
    ...runEverything(),
  }),
);
caseOf('createThreadAndRun', 'nulls', () =>
  client.beta.threads.createAndRun({
    thread: {
      messages: [{ role: 'user', content: 'Hi', attachments: null, metadata: null }],
      metadata: null,
      tool_resources: null,
    },
    tool_resources: null,
    response_format: null,
    stream: null,
    ...runNulls(),
  }),
);
caseOf('createThreadAndRun', 'nested_nulls', () =>
  client.beta.threads.createAndRun({
    assistant_id: 'asst_abc',
    thread: { tool_resources: TOOL_RESOURCES_NEW_STORE_AUTO },
    tools: [TOOL_FUNCTION_STRICT_NULL],
    response_format: RESPONSE_FORMAT_STRICT_NULL,
    truncation_strategy: { type: 'last_messages', last_messages: null },
  }),
);
caseOf('createThreadAndRun', 'tool_choices', async () => {
  for (const choice of TOOL_CHOICES) {
    await client.beta.threads.createAndRun({ assistant_id: 'asst_abc', tool_choice: choice });
  }
});
caseOf('createThreadAndRun', 'response_formats', async () => {
  for (const format of ['auto', { type: 'text' }, { type: 'json_object' }, RESPONSE_FORMAT_JSON_SCHEMA]) {
    await client.beta.threads.createAndRun({ assistant_id: 'asst_abc', response_format: format });
  }
});
caseOf('createThreadAndRun', 'thread_with_parts', () =>
  client.beta.threads.createAndRun({
    assistant_id: 'asst_abc',
    thread: {
      messages: [{ role: 'user', content: CONTENT_PARTS, attachments: ATTACHMENTS }],
      tool_resources: { code_interpreter: { file_ids: ['file-abc'] } },
    },
    tool_resources: { file_search: { vector_store_ids: ['vs_abc'] } },
    model: 'gpt-4.1-mini',
  }),
);
caseOf('createThreadAndRun', 'stream', async () =>
  drain(await client.beta.threads.createAndRun({ assistant_id: 'asst_abc', stream: true })),
);
caseOf('createThreadAndRun', 'stream_helper', () =>
  drain(
    client.beta.threads.createAndRunStream({
      thread: { messages: THREAD_MESSAGES },
      tool_resources: TOOL_RESOURCES_ASSISTANT,
      ...runEverything(),
    }),
  ),
);
caseOf('createThreadAndRun', 'create_and_run_poll', () =>
  client.beta.threads.createAndRunPoll(
    { assistant_id: 'asst_abc', thread: { messages: [{ role: 'user', content: 'Hi' }] } },
    { pollIntervalMs: 1 },
  ),
);

caseOf('getRun', 'minimal', () => client.beta.threads.runs.retrieve('run_abc', { thread_id: 'thread_abc' }));
caseOf('cancelRun', 'minimal', () => client.beta.threads.runs.cancel('run_abc', { thread_id: 'thread_abc' }));
caseOf('modifyRun', 'minimal', () => client.beta.threads.runs.update('run_abc', { thread_id: 'thread_abc' }));
caseOf('modifyRun', 'full', () =>
  client.beta.threads.runs.update('run_abc', { thread_id: 'thread_abc', metadata: META }),
);
caseOf('modifyRun', 'nulls', () =>
  client.beta.threads.runs.update('run_abc', { thread_id: 'thread_abc', metadata: null }),
);
caseOf('listRuns', 'minimal', () => client.beta.threads.runs.list('thread_abc'));
caseOf('listRuns', 'full', () =>
  client.beta.threads.runs.list('thread_abc', { after: 'run_abc', before: 'run_xyz', limit: 5, order: 'asc' }),
);
caseOf('listRuns', 'auto_pagination', () => drain(client.beta.threads.runs.list('thread_abc', { limit: 2 })));

const TOOL_OUTPUTS = [{ tool_call_id: 'call_abc', output: '22 C' }, { tool_call_id: 'call_def' }, { output: 'no id' }];

caseOf('submitToolOutputsToRun', 'minimal', () =>
  client.beta.threads.runs.submitToolOutputs('run_abc', { thread_id: 'thread_abc', tool_outputs: [] }),
);
caseOf('submitToolOutputsToRun', 'full', () =>
  client.beta.threads.runs.submitToolOutputs('run_abc', {
    thread_id: 'thread_abc',
    tool_outputs: TOOL_OUTPUTS,
    stream: false,
  }),
);
caseOf('submitToolOutputsToRun', 'nulls', () =>
  client.beta.threads.runs.submitToolOutputs('run_abc', {
    thread_id: 'thread_abc',
    tool_outputs: TOOL_OUTPUTS.slice(0, 1),
    stream: null,
  }),
);
caseOf('submitToolOutputsToRun', 'stream', async () =>
  drain(
    await client.beta.threads.runs.submitToolOutputs('run_abc', {
      thread_id: 'thread_abc',
      tool_outputs: TOOL_OUTPUTS,
      stream: true,
    }),
  ),
);
caseOf('submitToolOutputsToRun', 'stream_helper', () =>
  drain(
    client.beta.threads.runs.submitToolOutputsStream('run_abc', {
      thread_id: 'thread_abc',
      tool_outputs: TOOL_OUTPUTS,
    }),
  ),
);
caseOf('submitToolOutputsToRun', 'and_poll', () =>
  client.beta.threads.runs.submitToolOutputsAndPoll(
    'run_abc',
    { thread_id: 'thread_abc', tool_outputs: TOOL_OUTPUTS.slice(0, 1) },
    { pollIntervalMs: 1 },
  ),
);

// Run steps --------------------------------------------------------------------------------------

caseOf('listRunSteps', 'minimal', () => client.beta.threads.runs.steps.list('run_abc', { thread_id: 'thread_abc' }));
caseOf('listRunSteps', 'full', () =>
  client.beta.threads.runs.steps.list('run_abc', {
    thread_id: 'thread_abc',
    after: 'step_abc',
    before: 'step_xyz',
    include: INCLUDE,
    limit: 50,
    order: 'desc',
  }),
);
caseOf('listRunSteps', 'auto_pagination', () =>
  drain(client.beta.threads.runs.steps.list('run_abc', { thread_id: 'thread_abc', include: INCLUDE, limit: 2 })),
);
caseOf('getRunStep', 'minimal', () =>
  client.beta.threads.runs.steps.retrieve('step_abc', { thread_id: 'thread_abc', run_id: 'run_abc' }),
);
caseOf('getRunStep', 'full', () =>
  client.beta.threads.runs.steps.retrieve('step_abc', { thread_id: 'thread_abc', run_id: 'run_abc', include: INCLUDE }),
);

// Vector stores ----------------------------------------------------------------------------------

const EXPIRES = { anchor: 'last_active_at', days: 7 };

caseOf('createVectorStore', 'minimal', () => client.vectorStores.create({}));
caseOf('createVectorStore', 'full', () =>
  client.vectorStores.create({
    name: 'Support FAQ',
    description: 'Answers to the questions customers ask.',
    file_ids: ['file-abc', 'file-def'],
    chunking_strategy: STATIC,
    expires_after: EXPIRES,
    metadata: META,
  }),
);
caseOf('createVectorStore', 'auto_chunking', () =>
  client.vectorStores.create({ name: 'Docs', file_ids: ['file-abc'], chunking_strategy: AUTO }),
);
caseOf('createVectorStore', 'static_only', () =>
  client.vectorStores.create({
    chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } },
    expires_after: { anchor: 'last_active_at', days: 365 },
  }),
);
caseOf('createVectorStore', 'nulls', () => client.vectorStores.create({ metadata: null }));
caseOf('getVectorStore', 'minimal', () => client.vectorStores.retrieve('vs_abc'));
caseOf('deleteVectorStore', 'minimal', () => client.vectorStores.delete('vs_abc'));
caseOf('modifyVectorStore', 'minimal', () => client.vectorStores.update('vs_abc', {}));
caseOf('modifyVectorStore', 'full', () =>
  client.vectorStores.update('vs_abc', { name: 'Renamed', expires_after: EXPIRES, metadata: META }),
);
caseOf('modifyVectorStore', 'nulls', () =>
  client.vectorStores.update('vs_abc', { name: null, expires_after: null, metadata: null }),
);
caseOf('listVectorStores', 'minimal', () => client.vectorStores.list());
caseOf('listVectorStores', 'full', () =>
  client.vectorStores.list({ after: 'vs_abc', before: 'vs_xyz', limit: 10, order: 'desc' }),
);
caseOf('listVectorStores', 'auto_pagination', () => drain(client.vectorStores.list({ limit: 2 })));

caseOf('searchVectorStore', 'minimal', () => client.vectorStores.search('vs_abc', { query: 'return policy' }));
caseOf('searchVectorStore', 'full', () =>
  client.vectorStores.search('vs_abc', {
    query: ['return policy', 'refunds'],
    filters: FILTERS_COMPOUND,
    max_num_results: 10,
    ranking_options: { ranker: 'default-2024-11-15', score_threshold: 0.25 },
    rewrite_query: true,
  }),
);
caseOf('searchVectorStore', 'comparison_filter', () =>
  client.vectorStores.search('vs_abc', {
    query: 'return policy',
    filters: { type: 'eq', key: 'author', value: 'Ada' },
    ranking_options: { ranker: 'auto' },
    rewrite_query: false,
  }),
);
caseOf('searchVectorStore', 'number_filters', () =>
  client.vectorStores.search('vs_abc', {
    query: 'x',
    filters: {
      type: 'or',
      filters: [
        { type: 'lte', key: 'price', value: 9.5 },
        { type: 'nin', key: 'tag', value: ['a', 2] },
      ],
    },
    max_num_results: 1,
  }),
);
caseOf('searchVectorStore', 'ranker_none', () =>
  client.vectorStores.search('vs_abc', { query: 'x', ranking_options: { ranker: 'none', score_threshold: 0 } }),
);

// Vector store file batches ------------------------------------------------------------------------

caseOf('createVectorStoreFileBatch', 'minimal', () =>
  client.vectorStores.fileBatches.create('vs_abc', { file_ids: ['file-abc'] }),
);
caseOf('createVectorStoreFileBatch', 'full', () =>
  client.vectorStores.fileBatches.create('vs_abc', {
    file_ids: ['file-abc', 'file-def'],
    attributes: ATTRIBUTES,
    chunking_strategy: STATIC,
  }),
);
caseOf('createVectorStoreFileBatch', 'files', () =>
  client.vectorStores.fileBatches.create('vs_abc', {
    files: [
      { file_id: 'file-abc', attributes: ATTRIBUTES, chunking_strategy: STATIC },
      { file_id: 'file-def', chunking_strategy: AUTO },
      { file_id: 'file-ghi', attributes: null },
    ],
  }),
);
caseOf('createVectorStoreFileBatch', 'auto_chunking', () =>
  client.vectorStores.fileBatches.create('vs_abc', { file_ids: ['file-abc'], chunking_strategy: AUTO }),
);
caseOf('createVectorStoreFileBatch', 'nulls', () =>
  client.vectorStores.fileBatches.create('vs_abc', { file_ids: ['file-abc'], attributes: null }),
);
// Creates the batch, then polls it (getVectorStoreFileBatch) until it is done.
caseOf('createVectorStoreFileBatch', 'create_and_poll', () =>
  client.vectorStores.fileBatches.createAndPoll('vs_abc', { file_ids: ['file-abc'] }, { pollIntervalMs: 1 }),
);
// Uploads each file (createFile), creates the batch, then polls it.
caseOf('createVectorStoreFileBatch', 'upload_and_poll', async () =>
  client.vectorStores.fileBatches.uploadAndPoll(
    'vs_abc',
    { files: [await toFile(Buffer.from('first'), 'a.txt', { type: 'text/plain' })], fileIds: ['file-abc'] },
    { pollIntervalMs: 1 },
  ),
);
caseOf('getVectorStoreFileBatch', 'minimal', () =>
  client.vectorStores.fileBatches.retrieve('vsfb_abc', { vector_store_id: 'vs_abc' }),
);
caseOf('cancelVectorStoreFileBatch', 'minimal', () =>
  client.vectorStores.fileBatches.cancel('vsfb_abc', { vector_store_id: 'vs_abc' }),
);
caseOf('listFilesInVectorStoreBatch', 'minimal', () =>
  client.vectorStores.fileBatches.listFiles('vsfb_abc', { vector_store_id: 'vs_abc' }),
);
caseOf('listFilesInVectorStoreBatch', 'full', () =>
  client.vectorStores.fileBatches.listFiles('vsfb_abc', {
    vector_store_id: 'vs_abc',
    after: 'file-abc',
    before: 'file-xyz',
    filter: 'in_progress',
    limit: 30,
    order: 'asc',
  }),
);
caseOf('listFilesInVectorStoreBatch', 'auto_pagination', () =>
  drain(client.vectorStores.fileBatches.listFiles('vsfb_abc', { vector_store_id: 'vs_abc', limit: 2, filter: 'failed' })),
);

// Vector store files -----------------------------------------------------------------------------

caseOf('createVectorStoreFile', 'minimal', () => client.vectorStores.files.create('vs_abc', { file_id: 'file-abc' }));
caseOf('createVectorStoreFile', 'full', () =>
  client.vectorStores.files.create('vs_abc', {
    file_id: 'file-abc',
    attributes: ATTRIBUTES,
    chunking_strategy: STATIC,
  }),
);
caseOf('createVectorStoreFile', 'auto_chunking', () =>
  client.vectorStores.files.create('vs_abc', { file_id: 'file-abc', chunking_strategy: AUTO }),
);
caseOf('createVectorStoreFile', 'nulls', () =>
  client.vectorStores.files.create('vs_abc', { file_id: 'file-abc', attributes: null }),
);
caseOf('createVectorStoreFile', 'create_and_poll', () =>
  client.vectorStores.files.createAndPoll('vs_abc', { file_id: 'file-abc' }, { pollIntervalMs: 1 }),
);
// Uploads the file (createFile), attaches it, then polls it (getVectorStoreFile).
caseOf('createVectorStoreFile', 'upload_and_poll', async () =>
  client.vectorStores.files.uploadAndPoll(
    'vs_abc',
    await toFile(Buffer.from('# Returns\nWithin 30 days.\n'), 'policy.md', { type: 'text/markdown' }),
    { pollIntervalMs: 1 },
  ),
);
caseOf('getVectorStoreFile', 'minimal', () =>
  client.vectorStores.files.retrieve('file-abc', { vector_store_id: 'vs_abc' }),
);
caseOf('deleteVectorStoreFile', 'minimal', () =>
  client.vectorStores.files.delete('file-abc', { vector_store_id: 'vs_abc' }),
);
caseOf('updateVectorStoreFileAttributes', 'full', () =>
  client.vectorStores.files.update('file-abc', { vector_store_id: 'vs_abc', attributes: ATTRIBUTES }),
);
caseOf('updateVectorStoreFileAttributes', 'nulls', () =>
  client.vectorStores.files.update('file-abc', { vector_store_id: 'vs_abc', attributes: null }),
);
caseOf('updateVectorStoreFileAttributes', 'empty', () =>
  client.vectorStores.files.update('file-abc', { vector_store_id: 'vs_abc', attributes: {} }),
);
caseOf('retrieveVectorStoreFileContent', 'minimal', () =>
  client.vectorStores.files.content('file-abc', { vector_store_id: 'vs_abc' }),
);
caseOf('listVectorStoreFiles', 'minimal', () => client.vectorStores.files.list('vs_abc'));
caseOf('listVectorStoreFiles', 'full', () =>
  client.vectorStores.files.list('vs_abc', {
    after: 'file-abc',
    before: 'file-xyz',
    filter: 'completed',
    limit: 100,
    order: 'desc',
  }),
);
caseOf('listVectorStoreFiles', 'auto_pagination', () =>
  drain(client.vectorStores.files.list('vs_abc', { limit: 2, order: 'asc' })),
);

// Files ------------------------------------------------------------------------------------------

caseOf('createFile', 'minimal', async () =>
  client.files.create({
    file: await toFile(Buffer.from('hello'), 'notes.txt', { type: 'text/plain' }),
    purpose: 'assistants',
  }),
);
caseOf('createFile', 'full', async () =>
  client.files.create({
    file: await toFile(Buffer.from('{"custom_id": "1"}\n'), 'batch.jsonl', { type: 'application/jsonl' }),
    purpose: 'batch',
    expires_after: { anchor: 'created_at', seconds: 3600 },
  }),
);
caseOf('createFile', 'bytes_only', async () =>
  client.files.create({ file: await toFile(Buffer.from('raw bytes')), purpose: 'user_data' }),
);
caseOf('createFile', 'file_object', () =>
  client.files.create({ file: new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' }), purpose: 'vision' }),
);
// A file streamed from disk (the SDK's ReadStream path).
caseOf('createFile', 'read_stream', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-sdk-capture-'));
  try {
    const file = path.join(dir, 'report.txt');
    fs.writeFileSync(file, 'streamed from disk\n');
    await client.files.create({ file: fs.createReadStream(file), purpose: 'assistants' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
caseOf('listFiles', 'minimal', () => client.files.list());
caseOf('listFiles', 'full', () => client.files.list({ after: 'file-abc', limit: 10000, order: 'asc', purpose: 'assistants' }));
caseOf('listFiles', 'auto_pagination', () => drain(client.files.list({ limit: 2, purpose: 'batch' })));
caseOf('retrieveFile', 'minimal', () => client.files.retrieve('file-abc'));
caseOf('deleteFile', 'minimal', () => client.files.delete('file-abc'));
caseOf('downloadFile', 'minimal', async () => (await client.files.content('file-abc')).text());

// Boundaries and odd values ---------------------------------------------------------------------
// The description's limits at their edges, text that needs escaping, numbers as JavaScript
// writes them.

const KEY64 = 'k'.repeat(60);
const META_MAX = Object.fromEntries(
  Array.from({ length: 16 }, (_, i) => [`${KEY64}${String(i).padStart(4, '0')}`, 'v'.repeat(512)]),
);
const TEXT_ODD = 'Zoë 💡 "quoted" \\ back\nslash \u2028 tab\t 中文 \u0000 nul';

caseOf('createAssistant', 'limits', () =>
  client.beta.assistants.create({
    model: 'gpt-4o',
    name: 'n'.repeat(256),
    description: 'd'.repeat(512),
    instructions: 'i'.repeat(256000),
    metadata: META_MAX,
    temperature: 2,
    top_p: 0,
    tools: Array.from({ length: 128 }, (_, i) => ({ type: 'function', function: { name: `f_${i}` } })),
    tool_resources: {
      code_interpreter: { file_ids: Array.from({ length: 20 }, (_, i) => `file-${i}`) },
      file_search: { vector_store_ids: ['vs_abc'] },
    },
  }),
);
caseOf('createAssistant', 'odd_text', () =>
  client.beta.assistants.create({
    model: 'gpt-4o',
    name: TEXT_ODD,
    instructions: TEXT_ODD,
    metadata: { [TEXT_ODD.slice(0, 20)]: TEXT_ODD },
    temperature: 0.1 + 0.2,
    top_p: 1e-7,
  }),
);
caseOf('createAssistant', 'file_search_edges', () =>
  client.beta.assistants.create({
    model: 'gpt-4o',
    tools: [
      { type: 'file_search', file_search: { max_num_results: 1, ranking_options: { ranker: 'auto', score_threshold: 1 } } },
      { type: 'file_search', file_search: { max_num_results: 50, ranking_options: { score_threshold: 0 } } },
    ],
    tool_resources: {
      file_search: {
        vector_stores: [
          {
            file_ids: Array.from({ length: 100 }, (_, i) => `file-${i}`),
            chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 4096, chunk_overlap_tokens: 2048 } },
          },
        ],
      },
    },
  }),
);
caseOf('createThread', 'null_body', () => client.beta.threads.create(null));
caseOf('createThread', 'odd_text', () =>
  client.beta.threads.create({
    messages: [
      { role: 'user', content: TEXT_ODD },
      { role: 'user', content: [{ type: 'text', text: TEXT_ODD }] },
    ],
    metadata: META_MAX,
  }),
);
caseOf('createMessage', 'images_only', () =>
  client.beta.threads.messages.create('thread_abc', {
    role: 'user',
    content: [
      { type: 'image_file', image_file: { file_id: 'file-img', detail: 'low' } },
      { type: 'image_url', image_url: { url: 'https://example.com/a.jpg', detail: 'high' } },
    ],
  }),
);
caseOf('createMessage', 'empty_text', () =>
  client.beta.threads.messages.create('thread_abc', { role: 'user', content: '' }),
);
caseOf('createMessage', 'attachment_without_tools', () =>
  client.beta.threads.messages.create('thread_abc', {
    role: 'user',
    content: 'See attached.',
    attachments: [{ file_id: 'file-abc', tools: [] }, { file_id: 'file-def' }],
  }),
);
caseOf('createThreadAndRun', 'empty_thread', () =>
  client.beta.threads.createAndRun({ assistant_id: 'asst_abc', thread: {}, instructions: '' }),
);
caseOf('createThreadAndRun', 'limits', () =>
  client.beta.threads.createAndRun({
    assistant_id: 'asst_abc',
    max_prompt_tokens: 256,
    max_completion_tokens: 256,
    temperature: 2,
    top_p: 1,
    truncation_strategy: { type: 'last_messages', last_messages: 1 },
    metadata: META_MAX,
    parallel_tool_calls: true,
  }),
);
caseOf('createRun', 'reasoning_and_models', async () => {
  for (const [model, effort] of [['o3', 'max'], ['gpt-5-pro', 'none'], ['o1', null]]) {
    await client.beta.threads.runs.create('thread_abc', { assistant_id: 'asst_abc', model, reasoning_effort: effort });
  }
});
caseOf('listAssistants', 'limits', async () => {
  await client.beta.assistants.list({ limit: 1 });
  await client.beta.assistants.list({ limit: 100, before: 'asst_abc' });
});
caseOf('createVectorStore', 'limits', () =>
  client.vectorStores.create({
    name: TEXT_ODD,
    file_ids: Array.from({ length: 500 }, (_, i) => `file-${i}`),
    chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 } },
    expires_after: { anchor: 'last_active_at', days: 1 },
    metadata: META_MAX,
  }),
);
caseOf('searchVectorStore', 'limits', () =>
  client.vectorStores.search('vs_abc', {
    query: TEXT_ODD,
    max_num_results: 50,
    ranking_options: { ranker: 'auto', score_threshold: 1 },
    filters: { type: 'in', key: 'year', value: [1843, 1900.5] },
  }),
);
caseOf('createVectorStoreFileBatch', 'limits', () =>
  client.vectorStores.fileBatches.create('vs_abc', {
    file_ids: Array.from({ length: 500 }, (_, i) => `file-${i}`),
    attributes: Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`${KEY64}${String(i).padStart(4, '0')}`, i % 2 ? 'v'.repeat(512) : i]),
    ),
  }),
);
caseOf('updateVectorStoreFileAttributes', 'odd_values', () =>
  client.vectorStores.files.update('file-abc', {
    vector_store_id: 'vs_abc',
    attributes: { text: TEXT_ODD, float: 0.1 + 0.2, big: 2 ** 53, negative: -1.5e-3, yes: true },
  }),
);
caseOf('createFile', 'purposes', async () => {
  for (const purpose of ['fine-tune', 'vision', 'evals']) {
    await client.files.create({ file: await toFile(Buffer.from('{}\n'), 'data.jsonl'), purpose });
  }
});
caseOf('createFile', 'expiry_limits', async () => {
  for (const seconds of [3600, 2592000]) {
    await client.files.create({
      file: await toFile(Buffer.from('x'), 'x.txt'),
      purpose: 'user_data',
      expires_after: { anchor: 'created_at', seconds },
    });
  }
});
caseOf('createFile', 'odd_file_name', async () =>
  client.files.create({
    file: await toFile(Buffer.from('naïve ☃\n'), 'résumé "final".txt', { type: 'text/plain; charset=utf-8' }),
    purpose: 'assistants',
  }),
);
caseOf('listFiles', 'limits', async () => {
  await client.files.list({ limit: 1 });
  await client.files.list({ limit: 10000, purpose: 'fine-tune', order: 'desc' });
});

// Free-form JSON Schemas (function parameters, response formats) pass through as written.
const SCHEMA_RICH = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: { unit: { type: 'string', enum: ['c', 'f'] } },
  properties: {
    unit: { $ref: '#/$defs/unit' },
    days: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 10 }, maxItems: 3 },
    where: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  required: ['unit', 'days', 'where'],
  additionalProperties: false,
};

caseOf('createAssistant', 'function_variants', () =>
  client.beta.assistants.create({
    model: 'gpt-4o',
    tools: [
      { type: 'function', function: { name: 'no_params', description: '', parameters: {}, strict: false } },
      { type: 'function', function: { name: 'forecast', parameters: SCHEMA_RICH, strict: true } },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'forecast', schema: SCHEMA_RICH } },
  }),
);
caseOf('submitToolOutputsToRun', 'empty_output', () =>
  client.beta.threads.runs.submitToolOutputs('run_abc', {
    thread_id: 'thread_abc',
    tool_outputs: [{ tool_call_id: 'call_abc', output: '' }, { tool_call_id: 'call_def', output: TEXT_ODD }],
  }),
);
caseOf('modifyVectorStore', 'limits', () =>
  client.vectorStores.update('vs_abc', {
    name: '',
    expires_after: { anchor: 'last_active_at', days: 365 },
    metadata: {},
  }),
);

// --- writing ---------------------------------------------------------------------------------

async function main() {
  const installed = JSON.parse(
    fs.readFileSync(path.join(HERE, 'node_modules', 'openai', 'package.json'), 'utf8'),
  ).version;
  if (installed !== PINNED) {
    throw new Error(`openai@${PINNED} is pinned, found ${installed} (run npm ci)`);
  }
  fs.rmSync(OUT, { recursive: true, force: true });
  let count = 0;
  for (const [operation, name, thunk] of cases) {
    captured = [];
    await thunk();
    if (captured.length === 0) throw new Error(`${operation}/${name} sent nothing`);
    if (!captured.some((c) => c.operation === operation)) {
      throw new Error(`${operation}/${name} sent no ${operation} request`);
    }
    captured.forEach(({ operation: sent, fixture }, index) => {
      const base = captured.length === 1 ? name : `${name}_${index + 1}`;
      // A request of a helper made for another operation names that operation.
      const fileName = sent === operation ? base : `${operation}-${base}`;
      const target = path.join(OUT, sent, `${fileName}.json`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (fs.existsSync(target)) throw new Error(`${target} written twice`);
      fs.writeFileSync(target, JSON.stringify(fixture, null, 2) + '\n');
      count += 1;
    });
  }
  const operations = new Set(cases.map(([operation]) => operation));
  console.log(`${count} fixtures for ${operations.size} operations in ${OUT}`);
}

await main();
