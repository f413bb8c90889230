import type { Status } from '../api/client';

const WORDS: Record<Status, string> = {
  PENDING: 'Waiting',
  RUNNING: 'Refining',
  COMPLETED: 'Ready',
  NEEDS_REVIEW: 'Needs review',
  FAILED: 'Failed',
};

export function StatusBadge({ status }: { status?: Status }) {
  const s = status ?? 'PENDING';
  return <span class={`badge ${s.toLowerCase().replace('_', '-')}`}>{WORDS[s]}</span>;
}
