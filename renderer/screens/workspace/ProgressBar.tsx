// A thin progress bar (scored of assigned); its width is set through the style object, which the
// strict CSP allows (it forbids only inline style attributes in markup).

export function ProgressBar({ done, total }: { done: number; total: number }) {
  const share = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return (
    <span className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <span className={done >= total && total > 0 ? 'progress-fill done' : 'progress-fill'} style={{ width: `${share}%` }} />
    </span>
  );
}
