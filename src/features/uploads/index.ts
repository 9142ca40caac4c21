import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Audit } from '../audit/index.ts';
import { createUploads } from './uploads.service.ts';
import { recordingStorage, trackUploaders } from './uploads.storage.ts';
import { registerUploadsAdmin, type UploadsAdminDeps } from './uploads.admin.tsx';

export {
  createUploads,
  SWEEP_GRACE_MS,
  SWEEP_JOB,
  SWEEP_MAX_FILES,
  SWEEP_MAX_SHARE,
  type Uploads,
  type SweepOutcome,
  type SweepRefusal,
  type UploadItem,
} from './uploads.service.ts';
export { recordingStorage, trackUploaders, kindOfKey, isSweepableKey, STORED_FOLDERS } from './uploads.storage.ts';
export { scanUsage, usageOfKey, uploadKeysIn, type Usage, type UseRef } from './uploads.usage.ts';
export { formatBytes } from './uploads.admin.tsx';

/**
 * 附件管理 in one call for the composition root: the storage every feature gets (each file recorded, with
 * its uploader), the service (list, delete, sweep) and, once the HTTP app exists, its admin pages.
 */
export function createUploadsFeature(deps: { db: Db; clock: Clock; storage: Storage; audit: Audit }) {
  let uploads: ReturnType<typeof createUploads> | undefined;
  // An upload or a removal by any feature drops 附件管理's cached scan.
  const storage = recordingStorage(deps.storage, { ...deps, onChange: () => uploads?.changed() });
  uploads = createUploads({ ...deps, storage });
  return {
    storage,
    uploads,
    /** Install before any route: each upload's member is known from its request. */
    trackUploaders,
    registerAdmin(app: FastifyInstance, http: Omit<UploadsAdminDeps, 'uploads'>): void {
      registerUploadsAdmin(app, { ...http, uploads });
    },
  };
}
