import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';

/**
 * An SLDS modal with focus moved in on open, Escape to close, Tab kept inside, and focus
 * handed back to whatever opened it.
 */
export function Modal({
  title,
  onClose,
  children,
  footer,
  size = 'medium',
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'small' | 'medium' | 'large';
}) {
  const headingId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.slds-modal__close)');
    first?.focus();
    return () => opener?.focus?.();
  }, []);
  // A button disabled while a call runs drops focus to <body>; Escape should still close.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onDocKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && (document.activeElement === document.body || document.activeElement === null)) close.current();
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, []);
  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
    if (e.key === 'Tab' && ref.current) {
      const focusable = [...ref.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex="0"]')];
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  }
  return (
    <>
      <section role="dialog" tabIndex={-1} aria-modal="true" aria-labelledby={headingId} className={`slds-modal slds-fade-in-open slds-modal_${size}`} onKeyDown={onKeyDown}>
        <div className="slds-modal__container" ref={ref}>
          {/* Not `_icon-inverse`: SLDS 2 draws the close button on white, where a white icon vanished. */}
          <button type="button" className="slds-button slds-button_icon slds-modal__close" onClick={onClose} title="Close">
            <Icon name="close" className="slds-button__icon slds-button__icon_large" />
            <span className="slds-assistive-text">Close</span>
          </button>
          <div className="slds-modal__header">
            <h1 id={headingId} className="slds-modal__title slds-hyphenate">
              {title}
            </h1>
          </div>
          <div className="slds-modal__content slds-p-around_medium">{children}</div>
          {footer && <div className="slds-modal__footer">{footer}</div>}
        </div>
      </section>
      <div className="slds-backdrop slds-backdrop_open" role="presentation" />
    </>
  );
}
