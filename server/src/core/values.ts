/** Small value predicates shared by rules. Pure, no I/O. */
import { fullFormats } from 'ajv-formats/dist/formats';
import type { Span } from './types';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ANY_ENV_REFERENCE = /\$\{env:[^}]*\}/;
const PLACEHOLDER = /<[^<>]*>/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Whether a value depends on something only known at run time: rules stay silent on it. */
export function hasEnvReference(value: string): boolean {
  return ANY_ENV_REFERENCE.test(value);
}

export function hasPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** Whether a value cannot be judged offline (an `${env:NAME}` reference) or is a placeholder owned by IMP-HOST-002. */
export function isUnknowable(value: string): boolean {
  return hasEnvReference(value) || hasPlaceholder(value);
}

/** Email address, by the same definition ajv-formats uses for `format: email`. */
export function isEmail(value: string): boolean {
  const email = fullFormats.email;
  return email instanceof RegExp ? email.test(value) : false;
}

/** IPv4 or IPv6 address, by ajv-formats' definitions (the core imports no network module, not even for isIP). */
export function isIpAddress(value: string): boolean {
  const { ipv4, ipv6 } = fullFormats;
  return (ipv4 instanceof RegExp && ipv4.test(value)) || (ipv6 instanceof RegExp && ipv6.test(value));
}

/** Why a string is not a DNS name (RFC 1123 labels, 253 characters), or undefined when it is one. */
export function dnsNameProblem(name: string, allowLeadingWildcard = false): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (/\s/.test(name)) return 'it contains whitespace';
  let host = name.endsWith('.') ? name.slice(0, -1) : name;
  if (allowLeadingWildcard && host.startsWith('*.')) host = host.slice(2);
  if (host.length > 253) return `it is ${host.length} characters long (at most 253)`;
  for (const label of host.split('.')) {
    if (label.length === 0) return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label === '*') return 'a wildcard is only allowed as the first label (`*.example.com`)';
    if (label.length > 63) return `the label "${label.slice(0, 20)}…" is ${label.length} characters long (at most 63)`;
    if (!LABEL.test(label)) {
      if (label.startsWith('-') || label.endsWith('-')) return `the label "${label}" starts or ends with a hyphen`;
      return `the label "${label}" contains characters other than letters, digits and hyphens`;
    }
  }
  return undefined;
}

export function isDnsName(name: string): boolean {
  return dnsNameProblem(name) === undefined && name.includes('.');
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate within `max` edits, or undefined. Case differences count as one edit each. */
export function closest(value: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const distance = editDistance(value, candidate, max);
    if (distance < bestDistance || (distance === bestDistance && best === undefined)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= max ? best : undefined;
}

export interface ListItem {
  /** The item without surrounding whitespace. */
  text: string;
  /** Offsets relative to the start of the list string; an empty item has start === end. */
  start: number;
  end: number;
}

/** Splits "a, b,,c" into items with their positions, keeping empty items so they can be reported. */
export function splitCommaList(list: string): ListItem[] {
  const items: ListItem[] = [];
  let itemStart = 0;
  for (let i = 0; i <= list.length; i++) {
    if (i === list.length || list[i] === ',') {
      const raw = list.slice(itemStart, i);
      const leading = raw.length - raw.trimStart().length;
      const text = raw.trim();
      const start = itemStart + leading;
      items.push({ text, start, end: start + text.length });
      itemStart = i + 1;
    }
  }
  return items;
}

/** Shifts a span relative to a string into the document, given where the string's text starts. */
export function shift(span: { start: number; end: number }, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}
