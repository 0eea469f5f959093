// A page compressed once, with holes for per-person values, answered gzip-encoded without
// compressing it again (app/public-page-cache.server.ts). A fresh gzip stream per response cost
// about as much CPU as everything else a cached answer does.
//
// One valid gzip member: the fixed parts are deflated once each, every one flushed to a byte
// boundary (Z_FULL_FLUSH: no final block, no back-reference into another part); a hole's value
// travels as an uncompressed ("stored") block; an empty final block ends the stream. The trailer's
// CRC-32 and length are of the whole text, computed per answer (zlib.crc32, native).
import { constants, crc32, deflateRawSync } from "node:zlib";

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** BFINAL=1, BTYPE=00 (stored), LEN=0, NLEN=0xffff. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
/** A stored block holds at most this many bytes (LEN is 16 bits); the values here are tokens of a few dozen. */
const MAX_STORED_BYTES = 0xffff;

export interface GzipTemplate {
  /** The fixed texts between holes, as given. */
  texts: string[];
  /** Each text deflated, ending on a byte boundary. */
  deflated: Buffer[];
}

/** `texts` are the page around its holes: the page is texts[0] + value[0] + texts[1] + … */
export function gzipTemplate(texts: string[]): GzipTemplate {
  return { texts, deflated: texts.map((text) => deflateRawSync(text, { level: 6, finishFlush: constants.Z_FULL_FLUSH })) };
}

function storedBlock(value: Buffer): Buffer {
  if (value.length > MAX_STORED_BYTES) throw new Error("a gzip template's value is longer than one stored block");
  const header = Buffer.from([0x00, value.length & 0xff, value.length >> 8, ~value.length & 0xff, (~value.length >> 8) & 0xff]);
  return Buffer.concat([header, value]);
}

/** The gzip bytes of texts[0] + values[0] + texts[1] + … (values.length === texts.length - 1). */
export function fillGzip(template: GzipTemplate, values: string[]): Buffer {
  if (values.length !== template.texts.length - 1) throw new Error("a gzip template needs one value per hole");
  const pieces: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  template.texts.forEach((text, i) => {
    pieces.push(template.deflated[i]!);
    crc = crc32(text, crc);
    size += Buffer.byteLength(text);
    if (i < values.length) {
      const value = Buffer.from(values[i]!);
      pieces.push(storedBlock(value));
      crc = crc32(value, crc);
      size += value.length;
    }
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  pieces.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(pieces);
}
