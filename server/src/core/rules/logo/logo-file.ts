/**
 * The organization logo of `cloudPlatform.logo`, read once per analysis and shared by the IMP-LOGO rules:
 * where it is, its bytes, its format by content (magic bytes) and its dimensions (from `image-size`).
 */
import { imageSize } from 'image-size';
import * as path from 'node:path';
import { isScalar } from 'yaml';
import type { Model } from '../../model';
import type { Span } from '../../types';
import { hasEnvReference } from '../../values';
import type { RuleContext } from '../rule';

/** Seed 000: "200 x 100 pixels or smaller" (width x height). */
export const MAX_WIDTH = 200;
export const MAX_HEIGHT = 100;
/** Seed 000: "max 100KB". Decision: 100 KB = 102,400 bytes (1 KB = 1024 bytes, as file dialogs count). */
export const MAX_BYTES = 102_400;

export type ImageFormat = 'png' | 'jpeg' | 'gif';

export const FORMAT_NAME: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF' };

/** File name extensions per format (lower case, with the dot). */
export const EXTENSIONS: Readonly<Record<ImageFormat, readonly string[]>> = {
  png: ['.png'],
  jpeg: ['.jpg', '.jpeg', '.jpe', '.jfif'],
  gif: ['.gif'],
};

export interface LogoFile {
  /** The `logo` value's span: where every logo finding is reported. */
  span: Span;
  /** The path as written, trimmed. */
  value: string;
  /** Resolved against the folder of the configuration file. */
  absolutePath: string;
  /** Undefined when the file does not exist or is not a regular file. */
  bytes?: Uint8Array;
  /** By content; undefined when the content is none of PNG, JPEG, GIF. */
  format?: ImageFormat;
  /** The dimensions, when the format is known and its header could be read. */
  size?: { width: number; height: number };
}

const cache = new WeakMap<Model, LogoFile | null>();

/**
 * The logo to judge, or undefined when there is none to judge: no `logo`, a value that is not text
 * (IMP-DOC-003), an `${env:}` reference, an empty value (IMP-LOGO-001 reports it by itself), or a document
 * without a file path (an unsaved buffer has no folder to resolve against).
 */
export function logoFile(ctx: RuleContext): LogoFile | undefined {
  const cached = cache.get(ctx.model);
  if (cached !== undefined) return cached ?? undefined;
  const logo = readLogo(ctx);
  cache.set(ctx.model, logo ?? null);
  return logo;
}

function readLogo(ctx: RuleContext): LogoFile | undefined {
  const { doc } = ctx;
  const node = doc.scalar(['cloudPlatform', 'logo']);
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const value = node.value.trim();
  if (value === '' || hasEnvReference(value) || !doc.filePath) return undefined;
  const absolutePath = path.resolve(path.dirname(doc.filePath), value);
  const logo: LogoFile = { span: doc.span(node), value, absolutePath };
  const bytes = ctx.files.read(absolutePath);
  if (!bytes) return logo;
  logo.bytes = bytes;
  logo.format = sniff(bytes);
  if (logo.format) {
    try {
      const size = imageSize(bytes);
      if (size.width > 0 && size.height > 0) logo.size = { width: size.width, height: size.height };
    } catch {
      // A truncated or damaged header: IMP-LOGO-002 reports it.
    }
  }
  return logo;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The format by magic bytes: PNG's 8-byte signature, JPEG's SOI marker followed by a marker, `GIF87a`/`GIF89a`. */
export function sniff(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  return undefined;
}

/** What a file that is not PNG, JPEG or GIF looks like, for the message. */
export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'a WebP image';
  if (startsWith(bytes, ascii('BM'))) return 'a BMP image';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return 'an ICO icon';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
  if (startsWith(bytes, ascii('%PDF'))) return 'a PDF document';
  if (startsWith(bytes, ascii('ftyp'), 4)) return 'an HEIC/AVIF image';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!--')) && head.includes('<svg'))) return 'an SVG drawing';
  // Printable ASCII plus tab and line breaks: the control characters are the point here.
  // eslint-disable-next-line no-control-regex
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(head)) return 'text';
  return 'not an image format this tool recognizes';
}

export function formatOfExtension(file: string): ImageFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return (Object.keys(EXTENSIONS) as ImageFormat[]).find((f) => EXTENSIONS[f].includes(ext));
}

export function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes (${(n / 1024).toFixed(1)} KB)`;
}
