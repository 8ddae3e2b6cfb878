// JSON requests to hubd: as the signed-in user (session cookie) or, in test mode, as another
// data-file user through a short-lived bearer token (so a person can act as a collaborator).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Act as this data-file user (test mode token) instead of the session. */
  as?: string;
  signal?: AbortSignal;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.as) headers.Authorization = `Bearer ${await tokenFor(options.as)}`;
  const res = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: options.as ? 'omit' : 'same-origin',
    signal: options.signal,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      `${res.status} ${error?.code ?? res.statusText}${error?.message ? `: ${error.message}` : ''}`,
      body,
    );
  }
  return body as T;
}

export const post = <T = unknown>(path: string, body: unknown = {}, as?: string) =>
  api<T>(path, { method: 'POST', body, as });

/** A short error line for the UI. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** A bearer token for `user` from hubd's test-mode token endpoint (cached until near expiry). */
export async function tokenFor(user: string, ttlSeconds = 600, fresh = false): Promise<string> {
  const cached = tokens.get(user);
  if (!fresh && cached && cached.expiresAt * 1000 > Date.now() + 30_000) return cached.token;
  const res = await fetch('/api/v1/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, ttlSeconds }),
    credentials: 'omit',
  });
  if (!res.ok)
    throw new ApiError(
      res.status,
      'no_token',
      `cannot act as ${user}: tokens need hubd --test-mode`,
      null,
    );
  const issued = (await res.json()) as { token: string; expiresAt: number };
  if (!fresh) tokens.set(user, issued);
  return issued.token;
}
