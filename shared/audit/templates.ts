/**
 * Starting scopes for common systems. Deliberately narrow: a consultant widens them to what
 * the client's integration really needs, never the other way round. Owner, users and review
 * date are left blank so IU-15 stays `manual` until someone fills them.
 */
import type { SystemScope } from './scope';

function template(name: string, purpose: string, objects: SystemScope['objects'], extra: Partial<SystemScope> = {}): SystemScope {
  return { name, owner: '', purpose, users: [], objects, authFlow: 'jwt', ...extra };
}

export const SCOPE_TEMPLATES: Readonly<Record<string, SystemScope>> = {
  middleware: template('Middleware', 'Synchronises accounts, contacts and orders between Salesforce and back-office systems.', {
    Account: ['read', 'create', 'edit'],
    Contact: ['read', 'create', 'edit'],
    Order: ['read', 'create', 'edit'],
  }),
  hr: template(
    'HR',
    'Keeps employee and contractor records in step with the HR system of record.',
    {
      Contact: ['read', 'create', 'edit'],
      User: ['read'],
    },
    { classifications: ['PII'] },
  ),
  erp: template('ERP', 'Sends accounts, products, orders and invoices to and from the ERP.', {
    Account: ['read', 'edit'],
    Product2: ['read', 'create', 'edit'],
    Pricebook2: ['read'],
    PricebookEntry: ['read', 'create', 'edit'],
    Order: ['read', 'create', 'edit'],
    OrderItem: ['read', 'create', 'edit'],
  }),
  ehr: template(
    'EHR',
    'Exchanges patient demographics and encounters with the electronic health record.',
    {
      Account: ['read', 'create', 'edit'],
      Contact: ['read', 'create', 'edit'],
      Case: ['read', 'create', 'edit'],
    },
    { classifications: ['HIPAA', 'PHI', 'PII'] },
  ),
  billing: template('Billing', 'Posts invoices and payment status for accounts to the billing platform.', {
    Account: ['read'],
    Contact: ['read'],
    Order: ['read', 'edit'],
  }),
  'lab-results': template(
    'Lab results',
    'Delivers lab results onto patient records.',
    {
      Contact: ['read'],
      Case: ['read', 'create', 'edit'],
    },
    { classifications: ['HIPAA', 'PHI'] },
  ),
  pharmacy: template(
    'Pharmacy',
    'Exchanges prescriptions and fulfilment status with the pharmacy network.',
    {
      Contact: ['read'],
      Case: ['read', 'create', 'edit'],
    },
    { classifications: ['HIPAA', 'PHI'] },
  ),
  'patient-portal': template(
    'Patient portal',
    'Lets patients see and update their own contact details and cases.',
    {
      Contact: ['read', 'edit'],
      Case: ['read', 'create'],
    },
    { classifications: ['PII'], authFlow: 'oauth_web' },
  ),
};

export const TEMPLATE_NAMES: readonly string[] = Object.keys(SCOPE_TEMPLATES).sort();

/** A fresh copy, so callers can edit it. Null for an unknown name. */
export function scopeTemplate(name: string): SystemScope | null {
  const t = SCOPE_TEMPLATES[name.toLowerCase()];
  return t ? structuredClone(t) : null;
}
