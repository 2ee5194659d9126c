import { Alert } from '../../components/Alert';

/** Coverage gaps in plain words: which object, why, and what it means for the checks. */
export function GapList({ gaps }: { gaps: { object: string; errorCode: string; message: string }[] }) {
  if (gaps.length === 0)
    return (
      <p data-testid="no-gaps">
        <strong>Full coverage:</strong> every object the checks need was readable.
      </p>
    );
  return (
    <div data-testid="coverage-gaps">
      <Alert variant="warning" title={`${gaps.length} object${gaps.length === 1 ? '' : 's'} could not be read`}>
        Checks that need these objects show <em>Error (data missing)</em>, never <em>Pass</em>. Give the auditing user read access and collect again.
      </Alert>
      <ul className="slds-list_dotted">
        {gaps.map((g) => (
          <li key={g.object}>
            <strong>{g.object}</strong>: {g.message} <span className="slds-text-color_weak">({g.errorCode})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
