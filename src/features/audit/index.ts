export { createAudit, type Audit, type AuditEntry, type AuditInput } from './audit.service.ts';
