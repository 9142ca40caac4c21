import type { Generated } from 'kysely';

/** 附件管理: one row per stored file (migration 2026112930, features/uploads). */
export interface UploadsTable {
  id: Generated<number>;
  /** Storage key; the public URL is `/uploads/<key>`. */
  key: string;
  /** cover | body_image | avatar | logo | ad | link_logo | gift | demo | other | legacy (uploads.storage.ts) */
  kind: string;
  size: number;
  uploader_id: number | null;
  created_at: string;
}

/** One row per site day the daily sweep ran; the unique day is its claim across app instances. */
export interface UploadSweepsTable {
  day: string;
  started_at: string;
  /** Null while the sweep runs (or after it crashed): the day is done only once this is set. */
  finished_at: string | null;
}

export interface UploadsTables {
  uploads: UploadsTable;
  upload_sweeps: UploadSweepsTable;
}
