/**
 * The organization logo of `cloudPlatform.logo`, examined once per analysis and shared by the IMP-LOGO rules:
 * where it is, what the file system says about it (kind, size), its format by content (magic bytes) and its
 * dimensions (from `image-size`). The file is never read whole: its size comes from `stat`, and only the first bytes
 * that `image-size` needs are read; what they say is cached by path, size and modification time.
 */
import { imageSize } from 'image-size';
import * as path from 'node:path';
import { isScalar } from 'yaml';
import type { Span } from '../../types';
import { hasEnvReference } from '../../values';
import type { FileKind, FileReader, FileStat, RuleContext } from '../rule';
import { withThousandsSeparators } from '../../digit-grouping';

/** Seed 000: "200 x 100 pixels or smaller" (width x height). */
export const MAX_WIDTH = 200;
export const MAX_HEIGHT = 100;
/** Seed 000: "max 100KB". Decision: 100 KB = 102,400 bytes (1 KB = 1024 bytes, as file dialogs count). */
export const MAX_BYTES = 102_400;

/**
 * The first read: PNG's dimensions are in its first 24 bytes (signature and IHDR; 40 for Apple's CgBI variant),
 * GIF's in its first 10, and the 512 bytes `describeContent` looks at are covered too.
 */
const FIRST_HEADER_BYTES = 4096;
/**
 * A JPEG's dimensions are in its SOF segment, which follows any number of APPn/COM segments (EXIF with a thumbnail,
 * ICC profiles: up to 64 KB each): the read grows (x8) until `image-size` finds them, up to this many bytes, the
 * same bound `image-size`'s own file reader (`imageSizeFromFile`) uses.
 */
const MAX_HEADER_BYTES = 512 * 1024;

/** What a file of each kind is called in messages. */
export const FILE_KIND_NAMES: Readonly<Record<FileKind, string>> = {
  file: 'a file',
  directory: 'a folder',
  fifo: 'a named pipe (FIFO)',
  socket: 'a socket',
  device: 'a device',
  other: 'a special file',
};

export type ImageFormat = 'png' | 'jpeg' | 'gif';

export const FORMAT_NAME: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF' };

/** File name extensions per format (lower case, with the dot). */
export const EXTENSIONS: Readonly<Record<ImageFormat, readonly string[]>> = {
  png: ['.png'],
  jpeg: ['.jpg', '.jpeg', '.jpe', '.jfif'],
  gif: ['.gif'],
};

/** What the first bytes of a regular file say. */
export interface LogoContent {
  /** By content; undefined when the content is none of PNG, JPEG, GIF. */
  format?: ImageFormat;
  /** The dimensions, when the format is known and its header could be read. */
  size?: { width: number; height: number };
  /** What the file looks like when it is none of the three formats ("an SVG drawing"), for messages. */
  description: string;
}

export interface LogoFile {
  /** The `logo` value's span: where every logo finding is reported. */
  span: Span;
  /** The path as written, trimmed. */
  value: string;
  /** Resolved against the folder of the configuration file. */
  absolutePath: string;
  /** What is at the path (any kind of file); undefined when nothing is. */
  stat?: FileStat;
  /** For a regular file whose first bytes could be read. */
  content?: LogoContent;
}

const perAnalysis = new WeakMap<object, LogoFile | null>();

/**
 * What the header of each recently seen logo says, by path, size and modification time: an unchanged file is
 * not read again on every keystroke. A few entries suffice (one logo per open configuration).
 */
const contentCache = new Map<string, LogoContent>();
const CONTENT_CACHE_ENTRIES = 32;

/**
 * The logo to judge, or undefined when there is none to judge: no `logo`, a value that is not text
 * (IMP-DOC-003), an `${env:}` reference, an empty value (IMP-LOGO-001 reports it by itself), or a document
 * without a file path (an unsaved buffer has no folder to resolve against).
 */
export function logoFile(ctx: RuleContext): LogoFile | undefined {
  const cached = perAnalysis.get(ctx.run);
  if (cached !== undefined) return cached ?? undefined;
  const logo = examineLogo(ctx);
  perAnalysis.set(ctx.run, logo ?? null);
  return logo;
}

function examineLogo(ctx: RuleContext): LogoFile | undefined {
  const { doc } = ctx;
  const node = doc.scalar(['cloudPlatform', 'logo']);
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const value = node.value.trim();
  if (value === '' || hasEnvReference(value) || !doc.filePath) return undefined;
  const absolutePath = path.resolve(path.dirname(doc.filePath), value);
  const logo: LogoFile = { span: doc.span(node), value, absolutePath };
  const stat = ctx.files.stat(absolutePath);
  if (!stat) return logo;
  logo.stat = stat;
  if (stat.kind === 'file') logo.content = contentOf(ctx.files, absolutePath, stat);
  return logo;
}

function contentOf(files: FileReader, absolutePath: string, stat: FileStat): LogoContent | undefined {
  const key = `${absolutePath}\0${stat.size}\0${stat.mtimeMs}`;
  const cached = contentCache.get(key);
  if (cached) return cached;
  const content = readContent(files, absolutePath, stat.size);
  // Unreadable now (permissions) may be readable in a moment without a new modification time: not cached.
  if (!content) return undefined;
  if (contentCache.size >= CONTENT_CACHE_ENTRIES) contentCache.delete(contentCache.keys().next().value as string);
  contentCache.set(key, content);
  return content;
}

function readContent(files: FileReader, absolutePath: string, fileSize: number): LogoContent | undefined {
  let want = Math.min(FIRST_HEADER_BYTES, MAX_HEADER_BYTES);
  for (;;) {
    const header = files.readHeader(absolutePath, want);
    if (!header) return undefined;
    const format = sniff(header);
    const content: LogoContent = { format, description: format ? FORMAT_NAME[format] : describeContent(header) };
    if (!format) return content;
    const size = dimensions(header);
    if (size) return { ...content, size };
    // Only a JPEG's header can lie beyond the first read; a shorter read means the file ended there.
    if (format !== 'jpeg' || header.length < want || want >= MAX_HEADER_BYTES || want >= fileSize) return content;
    want = Math.min(want * 8, MAX_HEADER_BYTES);
  }
}

/** The stored pixel size, from a prefix of the file; undefined when the prefix does not hold a usable one. */
function dimensions(header: Uint8Array): { width: number; height: number } | undefined {
  try {
    const size = imageSize(header);
    if (size.width > 0 && size.height > 0) return { width: size.width, height: size.height };
  } catch {
    // A truncated or damaged header (or, for a JPEG, one that lies further in: see readContent).
  }
  return undefined;
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
  const GiB = 1024 ** 3;
  const MiB = 1024 ** 2;
  const short = n >= GiB ? `${(n / GiB).toFixed(1)} GB` : n >= MiB ? `${(n / MiB).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;
  return `${withThousandsSeparators(n)} bytes (${short})`;
}
