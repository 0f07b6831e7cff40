// How the fake Slack reads request bodies the way Slack does: form bodies from WebClient (nested
// values as JSON strings), JSON from respond(), and the bytes of a multipart file upload.

/** WebClient sends form bodies with nested values (blocks, files) as JSON strings; respond() sends JSON. */
export function parseBody(contentType: string, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (!text) return {};
  if (contentType.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** WebClient uploads the bytes as multipart/form-data: keep just the file's bytes. */
export function firstMultipartPart(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return body;
  const start = body.indexOf('\r\n\r\n');
  const end = body.indexOf(`\r\n--${boundary}`, start);
  return start < 0 || end < 0 ? body : body.subarray(start + 4, end);
}
