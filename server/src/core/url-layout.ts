/** URLs as written: the WHATWG URL class judges validity; a small lexical split of the text gives the columns. */

export interface UrlLayout {
  /** [start, end) of the scheme (without `:`), relative to the string. */
  scheme: { start: number; end: number };
  /** The host as written (no userinfo, no port). */
  host: { start: number; end: number };
  /** The path as written, up to `?` or `#`. */
  path: { start: number; end: number };
  /** Query parameters as written: name and value offsets. */
  params: { name: string; value: string; start: number; end: number; valueStart: number }[];
}

/** Splits `scheme://userinfo@host:port/path?query#fragment` as written. Undefined without `://`. */
export function urlLayout(raw: string): UrlLayout | undefined {
  const schemeEnd = raw.indexOf('://');
  if (schemeEnd <= 0) return undefined;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = raw.length;
  for (let i = authorityStart; i < raw.length; i++) {
    if (raw[i] === '/' || raw[i] === '?' || raw[i] === '#') {
      authorityEnd = i;
      break;
    }
  }
  const at = raw.lastIndexOf('@', authorityEnd - 1);
  const hostStart = at >= authorityStart ? at + 1 : authorityStart;
  let hostEnd = authorityEnd;
  if (raw[hostStart] !== '[') {
    const colon = raw.indexOf(':', hostStart);
    if (colon !== -1 && colon < authorityEnd) hostEnd = colon;
  }
  let pathEnd = raw.length;
  for (let i = authorityEnd; i < raw.length; i++) {
    if (raw[i] === '?' || raw[i] === '#') {
      pathEnd = i;
      break;
    }
  }
  const params: UrlLayout['params'] = [];
  if (raw[pathEnd] === '?') {
    const hash = raw.indexOf('#', pathEnd);
    const queryEnd = hash === -1 ? raw.length : hash;
    let start = pathEnd + 1;
    while (start <= queryEnd) {
      let end = raw.indexOf('&', start);
      if (end === -1 || end > queryEnd) end = queryEnd;
      const part = raw.slice(start, end);
      if (part.length > 0) {
        const eq = part.indexOf('=');
        const name = eq === -1 ? part : part.slice(0, eq);
        const value = eq === -1 ? '' : part.slice(eq + 1);
        params.push({ name, value, start, end, valueStart: eq === -1 ? end : start + eq + 1 });
      }
      start = end + 1;
    }
  }
  return {
    scheme: { start: 0, end: schemeEnd },
    host: { start: hostStart, end: hostEnd },
    path: { start: authorityEnd, end: pathEnd },
    params,
  };
}

/** `new URL(raw)`, or undefined when the WHATWG parser rejects it. */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
