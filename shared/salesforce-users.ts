/**
 * Users and licenses as Salesforce ships them: the users it creates for itself, and the
 * Salesforce Integration license. The one place these values live (classification, IU-02,
 * ORG-03, the collector's integration scope).
 *
 * - User.UserType of Salesforce's own users [observed in orgs; the User object's full picklist
 *   was not retrieved, unverified completeness]: `AutomatedProcess` (Automated Process user),
 *   `CloudIntegrationUser` (the Platform Integration User, formerly "Platform Integration"),
 *   `Guest` (a site's guest user; a documented UserType value — Event Log File USER_TYPE,
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventlogfile_login.htm).
 * - The CRM Analytics "Integration User" and "Security User" are `Standard` users on the
 *   "Analytics Cloud Integration User" license and profile [documented: help
 *   analytics.bi_help_internal_users.htm; Health Cloud docs name the profile]: recognised by
 *   that license, never by username.
 * - `CsnOnly` (Chatter Free) is NOT a system type: Chatter Free users are people (the stock
 *   "Chatter Expert" is one such user); treating them as system would hide a person's account
 *   used as an integration from ORG-01/ORG-02.
 * - Salesforce Integration license: "makes the Minimum Access - API Only Integrations profile
 *   and the Salesforce API Integration permission set license available"; API only cannot be
 *   turned off — https://help.salesforce.com/s/articleView?id=platform.integration_user.htm
 *   The permission set license's DeveloperName `SalesforceAPIIntegrationPsl` [observed:
 *   sfdx-hardis, CLI scripts].
 */

export const SYSTEM_USER_TYPES: readonly string[] = ['AutomatedProcess', 'CloudIntegrationUser', 'Guest'];
/** Licenses only Salesforce's own users hold (CRM Analytics integration and security users). */
export const SYSTEM_LICENSE_NAMES: readonly string[] = ['Analytics Cloud Integration User'];

export const INTEGRATION_LICENSE_NAME = 'Salesforce Integration';
export const INTEGRATION_PROFILE_NAME = 'Minimum Access - API Only Integrations';
export const INTEGRATION_PSL_DEVELOPER_NAME = 'SalesforceAPIIntegrationPsl';
export const INTEGRATION_PSL_LABEL = 'Salesforce API Integration';

/** What the Salesforce Integration license provides, in words for IU-02. */
export const INTEGRATION_LICENSE_PROVIDES = `the ${INTEGRATION_LICENSE_NAME} license (profile ${INTEGRATION_PROFILE_NAME}, permission set license ${INTEGRATION_PSL_LABEL}; API only, which cannot be turned off)`;
