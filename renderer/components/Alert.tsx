import type { ReactNode } from 'react';
import { Icon } from './Icon';

type Variant = 'error' | 'warning' | 'info' | 'success';

const ICON = { error: 'error', warning: 'warning', info: 'info', success: 'success' } as const;

/** An inline SLDS scoped notification: the way every screen says something went wrong or right. */
export function Alert({ variant, title, children, testId }: { variant: Variant; title?: string; children?: ReactNode; testId?: string }) {
  const theme = { error: 'slds-theme_error', warning: 'slds-theme_warning', info: 'slds-theme_info', success: 'slds-theme_success' }[variant];
  return (
    <div
      className={`slds-notify slds-notify_alert ${theme} slds-m-bottom_small`}
      role={variant === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      style={{ justifyContent: 'flex-start', textAlign: 'left' }}
    >
      <span className="slds-icon_container slds-m-right_x-small">
        <Icon name={ICON[variant]} className={`slds-icon slds-icon_x-small ${variant === 'warning' ? 'slds-icon-text-default' : ''}`} />
      </span>
      <div>
        {title && <h2 className="slds-text-heading_small">{title}</h2>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
