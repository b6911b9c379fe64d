/**
 * Everything the audit trails record, in the privacy team's words: one list for the database enum, the API
 * document and the exports. The first part happens to requests; the second to the product's own records.
 */
export const requestAuditActions = [
  "received",
  "verification_started",
  "ready_for_review",
  "verified",
  "verification_failed",
  "verification_locked",
  "verification_resent",
  "verification_reminded",
  "closed_unverified",
  "personal_data_purged",
  "document_filed",
  "claimed",
  "assigned",
  "unassigned",
  "note_added",
  "information_requested",
  "extended",
  "denied",
  "fulfilling",
  "partly_fulfilling",
  "completed",
  "withdrawn",
  "marked_duplicate",
  "appeal_received",
  "appeal_decided",
  "task_closed",
  "task_reported",
  "task_failed",
  "package_reissued",
  "package_downloaded",
  "correction_statement_filed",
  "task_records_uploaded",
  "routed_to_controller",
  "forwarded_to_controller",
  "controller_unreachable",
  "controller_acknowledged",
  "controller_instructed",
  "scope_corrected",
] as const;

export const generalAuditActions = [
  "staff_created",
  "staff_role_changed",
  "staff_token_issued",
  "staff_tokens_revoked",
  "staff_password_set",
  "dead_letter_retried",
  "subject_records_imported",
  "data_system_registered",
  "data_system_changed",
  "data_system_secret_rotated",
  "data_system_token_issued",
  "data_system_token_revoked",
  "opt_in_recorded",
  "gpc_signal_recorded",
  "controller_registered",
  "controller_changed",
  "controller_secret_rotated",
  "controller_token_issued",
  "controller_token_revoked",
  "controller_read_request",
  "processor_registered",
  "processor_changed",
  "drp_agent_registered",
  "drp_agent_changed",
  "drp_agent_paired",
  "drp_agent_pairing_refused",
  "drp_agent_read",
  "complaint_received",
  "complaint_deadlock_sent",
  "complaint_answered",
] as const;

export const auditActions = [...requestAuditActions, ...generalAuditActions] as const;
export type RequestAuditAction = (typeof requestAuditActions)[number];
export type GeneralAuditAction = (typeof generalAuditActions)[number];
export type AuditAction = (typeof auditActions)[number];

/** What an entry of the general trail is about: the product's own records, each with its id. */
export const auditSubjects = [
  "staff",
  "outbox_message",
  "subject_records",
  "data_system",
  "suppressions",
  "controller",
  "processor",
  "drp_agent",
  "complaint",
] as const;
export type AuditSubject = (typeof auditSubjects)[number];
