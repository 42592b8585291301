// A key fingerprint in groups of four, large and spaced, so two people can read it to each other by phone.

export function Fingerprint({ value, testId }: { value: string; testId: string }) {
  const groups = value.trim().split(/\s+/).filter((g) => g !== '');
  return (
    <div className="fingerprint" data-testid={testId} data-value={value}>
      {groups.map((g, i) => (
        <span key={i} className="fingerprint-group">
          <span className="fingerprint-index">{i + 1}</span>
          {g}
        </span>
      ))}
    </div>
  );
}
