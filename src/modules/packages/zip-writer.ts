import { Zip, ZipDeflate } from "fflate";

const encoder = new TextEncoder();

/**
 * Text is handed to the compressor in pieces of about this size: each push allocates the compressor's working
 * tables afresh, as large objects that only a full collection frees, so many small pushes grow the heap for nothing.
 */
const pushSize = 512 * 1024;

/**
 * A ZIP written one file after another, whose bytes are taken out as they are made (`take`), so a caller can hand
 * them on before writing more: nothing but the file being compressed, half a megabyte of it at most, is held.
 */
export function zipWriter(at: Date) {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  return {
    /** Starts the next file; each must be ended before the next is started. */
    file(name: string) {
      const entry = new ZipDeflate(name, { level: 6 });
      entry.mtime = at;
      zip.add(entry);
      let pending: string[] = [];
      let pendingLength = 0;
      return {
        write(text: string) {
          pending.push(text);
          pendingLength += text.length;
          if (pendingLength < pushSize) return;
          entry.push(encoder.encode(pending.join("")));
          pending = [];
          pendingLength = 0;
        },
        end(text = "") {
          pending.push(text);
          entry.push(encoder.encode(pending.join("")), true);
        },
      };
    },
    end: () => zip.end(),
    /** The bytes made since the last call. */
    take(): Uint8Array[] {
      if (failure) throw failure;
      return ready.splice(0, ready.length);
    },
  };
}
