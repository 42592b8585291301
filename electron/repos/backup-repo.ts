// SQL the backup needs: SQLite's online snapshot, pragmas and the few reads that check an archive's
// database. The archive code opens staged databases of any schema version, so each statement is
// prepared when first used (a table such as evidence_blob may not exist in an old file).

import type { Db } from '../db/database.js';

export class BackupRepo {
  constructor(private readonly db: Db) {}

  /** A consistent copy while the app keeps writing: SQLite copies the pages of one snapshot, WAL included. */
  async snapshotTo(file: string): Promise<void> {
    await this.db.backup(file);
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** `PRAGMA integrity_check`'s first line: 'ok' for a sound file. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string | undefined) ?? '';
  }

  /** Moves the WAL's pages into the file and empties it, so the file alone is the whole database. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * Takes and releases an exclusive lock at once; throws (SQLITE_BUSY) while any other connection holds the
   * file. Open the connection with `timeout: 0` so the refusal does not wait.
   */
  lockExclusively(): void {
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.exec('BEGIN EXCLUSIVE');
    this.db.exec('COMMIT');
  }

  tableNames(): Set<string> {
    return new Set(this.db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck(true).all());
  }

  campaignCount(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM campaign').pluck(true).get() ?? 0;
  }

  /** Every evidence blob the database references, with its size. */
  blobSizes(): Map<string, number> {
    return new Map(this.db.prepare<[], [string, number]>('SELECT sha256, size FROM evidence_blob').raw(true).all());
  }

  /** Every referenced blob's hash, streamed (a store can hold many). */
  *blobHashes(): Generator<string> {
    yield* this.db.prepare<[], string>('SELECT sha256 FROM evidence_blob').pluck(true).iterate();
  }
}
