import { useState } from 'react';
import { Icon } from './Icon';

/** Copies text for workpapers; falls back to selecting it when the clipboard is refused. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <button type="button" className="slds-button slds-button_neutral slds-m-left_x-small" onClick={() => void copy()}>
        <Icon name="copy" className="slds-button__icon slds-button__icon_left" />
        {label}
      </button>
      <span role="status" className="slds-m-left_x-small slds-text-color_weak">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy was blocked: select the text and copy it by hand' : ''}
      </span>
    </>
  );
}

/** A written file's path, monospaced, with a button to copy it into workpapers (a `<dt>/<dd>` pair). */
export function FilePathEntry({ path, testId }: { path: string; testId: string }) {
  return (
    <>
      <dt className="slds-text-title">File</dt>
      <dd className="slds-m-bottom_x-small">
        <span className="iua-mono" data-testid={testId}>
          {path}
        </span>
        <CopyButton text={path} label="Copy path" />
      </dd>
    </>
  );
}
