import type { Generated } from 'kysely';

/** 附件管理: one row per stored file (migration 2026112930, features/uploads). */
export interface UploadsTable {
  id: Generated<number>;
  /** Storage key; the public URL is `/uploads/<key>`. */
  key: string;
  /** cover | body_image | avatar | logo | ad | gift | demo | other | legacy */
  kind: string;
  size: number;
  uploader_id: number | null;
  created_at: string;
}

/** One row per site day the daily sweep ran; the unique day is its claim across app instances. */
export interface UploadSweepsTable {
  day: string;
  started_at: string;
}

export interface UploadsTables {
  uploads: UploadsTable;
  upload_sweeps: UploadSweepsTable;
}
