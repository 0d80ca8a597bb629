import { DomainError } from '../common/domain-error';

export type EgressErrorCode = 'EGRESS_BLOCKED' | 'EGRESS_TIMEOUT' | 'EGRESS_TOO_LARGE' | 'EGRESS_TOO_MANY_REDIRECTS' | 'EGRESS_NETWORK';

/**
 * Why an outbound request did not happen or did not finish. Flows see only the code and a generic message
 * (never which internal address was refused); `detail` is for logs and the audit trail.
 */
export class EgressError extends DomainError {
  constructor(
    code: EgressErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(code, message, code === 'EGRESS_BLOCKED' ? 400 : 502);
  }

  /** Network trouble worth a retry (a sender classifies these as transient). */
  get transient(): boolean {
    return this.code === 'EGRESS_TIMEOUT' || this.code === 'EGRESS_NETWORK';
  }
}
