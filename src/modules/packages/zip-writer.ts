import { Zip, ZipDeflate } from "fflate";

const encoder = new TextEncoder();

/**
 * A ZIP written one file after another, whose bytes are taken out as they are made (`take`), so a caller can hand
 * them on before writing more: nothing but the file being compressed is ever held.
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
      return {
        write: (text: string) => entry.push(encoder.encode(text)),
        end: (text = "") => entry.push(encoder.encode(text), true),
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
