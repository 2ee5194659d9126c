import { iconMarkup, type IconName } from './icons';

export type { IconName };

interface IconProps {
  name: IconName;
  /** SLDS classes, e.g. `slds-button__icon slds-button__icon_left`. Default: a small text-coloured icon. */
  className?: string;
  /** Omit for decorative icons (the default); give it when the icon is the only label. */
  title?: string;
}

export function Icon({ name, className = 'slds-icon slds-icon_x-small slds-icon-text-default', title }: IconProps) {
  const { viewBox, body } = iconMarkup(name);
  return (
    <svg
      className={className}
      viewBox={viewBox}
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
      aria-label={title}
      focusable="false"
      dangerouslySetInnerHTML={{ __html: body }}
    />
  );
}
