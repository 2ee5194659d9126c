import { Link } from 'react-router';

export function NotFound() {
  return (
    <main className="iua-main">
      <h1 className="slds-text-heading_medium slds-m-bottom_small">Nothing here</h1>
      <p>
        This address does not match a screen. <Link to="/">Go to your orgs</Link>.
      </p>
    </main>
  );
}
