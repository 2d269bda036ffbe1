// A bare HTTP/1.1 client over a TCP socket: sends exactly the bytes a test builds (any method,
// path, header or framing, malformed ones included) and reads the answer.
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Decodes a chunked body (RFC 9112, 7.1); trailers are ignored. */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The response in `data`, once it is complete (by its length or framing), else undefined. */
function complete(data: Buffer, closed: boolean): RawResponse | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(end + 4);
  if (headers['transfer-encoding']?.includes('chunked')) {
    return closed || rest.includes('0\r\n\r\n')
      ? { status, headers, body: dechunk(rest) }
      : undefined;
  }
  const length = headers['content-length'];
  if (length !== undefined && rest.length >= Number(length))
    return { status, headers, body: rest.subarray(0, Number(length)) };
  return closed ? { status, headers, body: rest } : undefined;
}

/**
 * Sends `request` to `port` on loopback and resolves with the answer as soon as it is complete,
 * as curl does: a server may answer early (a header too large) while the body is still going out.
 */
export function rawRequest(
  port: number,
  request: Buffer,
  timeoutMs = 30_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let settled = false;
    const settle = (outcome: () => RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    // Not half-closed after the request: Node's server aborts a request whose client has ended.
    // `connection: close` makes the server close once it has answered.
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const response = complete(data, false);
      if (response) settle(() => response);
    });
    // The server may close as soon as it has answered, before it has read everything we sent.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
        settled = true;
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', () =>
      settle(() => {
        const response = complete(data, true);
        if (!response)
          throw new Error(`no complete response: ${JSON.stringify(data.toString('latin1'))}`);
        return response;
      }),
    );
  });
}
