import { useEffect, useState } from 'preact/hooks';
import { api, describe, ok } from '../api/client';
import type { components } from '../api/schema';

type Spend = components['schemas']['Spend'];

const usd = (n: number) => `$${n.toFixed(2)}`;

/** "November 2026" from "2026-11" (the API counts calendar months in UTC). */
function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The tenant's AI image spending this month against its monthly cap (GET /spend), read again whenever {@code refresh}
 * changes (the list polls while anything is refining, and AI work spends as it runs).
 */
export function SpendFigure({ refresh }: { refresh: number }) {
  const [spend, setSpend] = useState<Spend | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .GET('/spend')
      .then((r) => {
        setSpend(ok(r));
        setError(null);
      })
      .catch((e) => setError(describe(e)));
  }, [refresh]);
  if (error) return <p class="spend error">AI spend this month could not be read: {error}</p>;
  if (!spend) return null;
  const over = spend.capUsd != null && spend.remainingUsd === 0;
  return (
    <p class={`spend ${over ? 'over' : ''}`} aria-label="AI spend this month">
      AI spend in {monthName(spend.month)}: <strong>{usd(spend.spentUsd)}</strong>
      {spend.capUsd != null ? (
        <>
          {' '}
          of your {usd(spend.capUsd)} monthly cap · {usd(spend.remainingUsd ?? 0)} left
          {over && ': AI work waits until next month or a higher cap; the classic engine is free'}
        </>
      ) : (
        ' · no monthly cap (the classic engine is free)'
      )}
    </p>
  );
}
