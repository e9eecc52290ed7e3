/** A tiny cookie-keeping HTTP client for API tests against the running stack. */
export function client(baseUrl: string, initialCookie: string | null = null) {
  let cookie = initialCookie;
  return {
    get cookie() {
      return cookie;
    },
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = /Max-Age=0|1970/.test(set) ? null : set.split(';')[0]!;
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
      return { status: res.status, headers: res.headers, json: json as any };
    },
  };
}
