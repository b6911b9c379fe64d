import stringify from "safe-stable-stringify";
import { sha256Hex } from "../../security/secrets.js";

/** Where every chain starts: the `prevHash` of its first entry. */
export const genesisHash = "0".repeat(64);

/** The fields of an audit entry that its hash covers, whichever trail it is on. */
export interface ChainedEntry {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  data: Record<string, unknown>;
  requestId?: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  rulesVersion?: string | null;
  subjectType?: string;
  subjectId?: string;
}

/**
 * SHA-256 over the previous entry's hash and this entry's canonical content: JSON with sorted keys, absent values
 * as null and the time as ISO 8601, so the same entry read back from the database hashes the same.
 */
export function entryHash(prevHash: string, entry: ChainedEntry): string {
  const content = {
    at: entry.at.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId ?? null,
    actorRole: entry.actorRole ?? null,
    action: entry.action,
    data: entry.data,
    requestId: entry.requestId ?? null,
    fromStatus: entry.fromStatus ?? null,
    toStatus: entry.toStatus ?? null,
    rulesVersion: entry.rulesVersion ?? null,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
  };
  return sha256Hex(`${prevHash}\n${stringify(content)}`);
}

/** Links entries in order after `head`: each gets the hash before it and its own. Returns them and the new head. */
export function chain<Entry extends ChainedEntry>(
  head: string,
  entries: Entry[],
): { entries: (Entry & { prevHash: string; hash: string })[]; head: string } {
  let prevHash = head;
  const linked = entries.map((entry) => {
    const hash = entryHash(prevHash, entry);
    const link = { ...entry, prevHash, hash };
    prevHash = hash;
    return link;
  });
  return { entries: linked, head: prevHash };
}

export interface StoredEntry extends ChainedEntry {
  id: number;
  prevHash: string | null;
  hash: string | null;
}

export interface ChainBreak {
  eventId: number;
  reason: string;
}

/**
 * Walks one chain's entries in order, fed one at a time, and names the first that does not match: its content
 * changed (its hash is not what it holds), or it does not follow the entry before it (one removed or inserted).
 * Entries written before the trails were chained (no hash) may only come first. `end` takes the chain's recorded
 * head, which catches entries cut from the end.
 */
export function chainWalker() {
  let previous: string | undefined;
  let lastId = 0;
  let broken: ChainBreak | undefined;
  const check = (entry: StoredEntry): ChainBreak | undefined => {
    if (entry.hash === null || entry.prevHash === null) {
      return previous === undefined
        ? undefined
        : { eventId: entry.id, reason: "an unchained entry follows chained ones" };
    }
    if (entry.prevHash !== (previous ?? genesisHash)) {
      return { eventId: entry.id, reason: "it does not follow the entry before it (one was removed or inserted)" };
    }
    if (entryHash(entry.prevHash, entry) !== entry.hash) {
      return { eventId: entry.id, reason: "its content no longer matches its hash (it was changed)" };
    }
    previous = entry.hash;
    return undefined;
  };
  return {
    next(entry: StoredEntry): void {
      lastId = entry.id;
      broken ??= check(entry);
    },
    end(head: string | null): ChainBreak | undefined {
      if (broken) return broken;
      if (previous !== undefined && head !== null && head !== previous) {
        return { eventId: lastId, reason: "the chain's recorded head is not its last entry (entries were cut off)" };
      }
      return undefined;
    },
  };
}
