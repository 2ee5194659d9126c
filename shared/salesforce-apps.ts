/**
 * OAuth apps as Salesforce records them: connected apps and, since they replace connected
 * apps for new integrations (connected-app creation is restricted as of Spring '26),
 * External Client Apps. The one place these names and values live (IU-14).
 *
 * - ConnectedApplication.OptionsAllowAdminApprovedUsersOnly — Object Reference, ConnectedApplication.
 * - External Client Apps: Metadata API ExternalClientApplication (distributionState Local,
 *   Packaged, …) and ExtlClntAppOauthConfigurablePolicies.permittedUsersPolicyType
 *   `AdminApprovedPreAuthorized | AllSelfAuthorized`
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthconfigurablepolicies.htm
 *   Queried over SOQL as `ExternalClientApplication` (Id, MasterLabel, DeveloperName,
 *   DistributionState) and `ExtlClntAppOauthPlcyCnfg` (ExternalClientApplicationId,
 *   PermittedUsersPolicyType) [observed: j-schreiber/js-sf-cli-security-audit, sfdx-hardis,
 *   Salesforce Inspector Reloaded]; the Object Reference lists ExtlClntAppOauthPlcyCnfg as
 *   "for internal use only" [documented], so it may be refused or change.
 * - OauthToken.AppName is "the label for the connected app"; for an External Client App's token
 *   AppMenuItem is usually empty, so tokens are joined by name to MasterLabel or DeveloperName
 *   [observed: sfdx-hardis unsecure-connected-apps]. Values compared case-insensitively (one
 *   codebase sees `Enforce_relaxrefresh`-style casing for a sibling enum).
 */

export const ECA_OBJECT = 'ExternalClientApplication';
export const ECA_OAUTH_POLICY_OBJECT = 'ExtlClntAppOauthPlcyCnfg';
export const ECA_ADMIN_APPROVED = 'AdminApprovedPreAuthorized';
export const ECA_SELF_AUTHORIZED = 'AllSelfAuthorized';

export function isAdminApprovedEcaPolicy(value: unknown): boolean | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const v = value.trim().toLowerCase();
  if (v === ECA_ADMIN_APPROVED.toLowerCase()) return true;
  if (v === ECA_SELF_AUTHORIZED.toLowerCase()) return false;
  return null;
}
