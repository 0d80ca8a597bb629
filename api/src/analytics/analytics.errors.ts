import { BadRequestError, NotFoundError } from '../common/domain-error';

export class AnalyticsFlowNotFoundError extends NotFoundError {
  constructor() {
    super('The flow', 'FLOW_NOT_FOUND');
  }
}

export class AnalyticsVersionNotFoundError extends NotFoundError {
  constructor() {
    super('The flow version', 'FLOW_VERSION_NOT_FOUND');
  }
}

export class InvalidPeriodError extends BadRequestError {
  constructor(message: string) {
    super('INVALID_PERIOD', message);
  }
}

export class NotARandomizerError extends BadRequestError {
  constructor(nodeId: string) {
    super('NOT_A_RANDOMIZER', `Node ${nodeId} is not a randomizer in this flow version.`);
  }
}
