/** What the trail records (a closed list: the admin page filters on it, and names each one). */
export const AUDIT_ACTIONS = [
  'login.failed',
  'login.throttled',
  'logout',
  'password.change',
  'password.change_failed',
  'forbidden',
  'org.import',
  'campaign.create',
  'campaign.change',
  'campaign.remind',
  'user.disable',
  'user.enable',
  'calendar.change',
  'delegation.create',
  'delegation.revoke',
  'authorisation.create',
  'authorisation.revoke',
  'certificate.import',
  'signature_image.change',
  'seal.change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
