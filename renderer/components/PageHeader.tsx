import type { ReactNode } from 'react';

export function PageHeader({ title, meta, actions }: { title: string; meta?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="slds-page-header slds-m-bottom_medium">
      <div className="slds-page-header__row">
        <div className="slds-page-header__col-title">
          <h1 className="slds-page-header__title slds-truncate" title={title}>
            {title}
          </h1>
          {meta && <div className="slds-page-header__name-meta">{meta}</div>}
        </div>
        {actions && (
          <div className="slds-page-header__col-actions">
            <div className="slds-page-header__controls">{actions}</div>
          </div>
        )}
      </div>
    </div>
  );
}
