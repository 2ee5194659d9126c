/** An error the simulator answers in Salesforce's REST shape: `[{ message, errorCode }]`. */
export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SfError';
  }
  body(): { message: string; errorCode: string }[] {
    return [{ message: this.message, errorCode: this.errorCode }];
  }
}

export const malformed = (message: string) => new SfError(400, 'MALFORMED_QUERY', message);
export const invalidField = (message: string) => new SfError(400, 'INVALID_FIELD', message);
export const invalidType = (object: string) =>
  new SfError(
    400,
    'INVALID_TYPE',
    `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
export const notFound = (message = 'The requested resource does not exist') => new SfError(404, 'NOT_FOUND', message);

/**
 * `/services/oauth2/userinfo` and the identity URL answer an expired or unknown token with
 * `403` and `Bad_OAuth_Token`, not the data API's `401 INVALID_SESSION_ID` (Salesforce Help
 * "UserInfo Endpoint"; forcedotcom/SalesforceMobileSDK-Android PR #2430; ForceCLI/force PR
 * #49). The body is the bare text (its exact shape is unverified; clients match the text).
 */
export class BadOAuthToken extends SfError {
  constructor() {
    super(403, 'Bad_OAuth_Token', 'Bad_OAuth_Token');
  }
}
