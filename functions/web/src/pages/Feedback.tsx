import { useState } from 'preact/hooks';
import { api, describe, ok, type Session } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { estimateWords } from '../labels';
import type { paths } from '../api/schema';

type Answer = paths['/sessions/{id}/refinements']['post']['responses']['202']['content']['application/json'];

/** One feedback round in plain words, with what the session's engine and presets can do as suggestions. */
export function Feedback({ session, capabilities, disabled, onStarted }: { session: Session; capabilities: string[]; disabled: boolean; onStarted: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setAnswer(null);
    setSending(true);
    try {
      const r = ok(await api.POST('/sessions/{id}/refinements', { params: { path: { id: session.id! } }, body: { feedback: text } }));
      setText('');
      await onStarted();
      setAnswer(r);
    } catch (err) {
      setError(describe(err));
    } finally {
      setSending(false);
    }
  };
  return (
    <section aria-labelledby="feedback-h">
      <h2 id="feedback-h">Ask for changes</h2>
      <form onSubmit={send}>
        <label for="feedback">What should change? Each round keeps what you approved.</label>
        <textarea id="feedback" rows={3} maxLength={32000} value={text} placeholder="a little brighter and make the product bigger" onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        {capabilities.length > 0 && (
          <div class="suggestions" aria-label="Suggestions">
            {capabilities.slice(0, 12).map((c) => (
              <button key={c} type="button" class="chip" onClick={() => setText((t) => (t.trim() ? `${t.trim()}, ${c}` : c))}>
                {c}
              </button>
            ))}
          </div>
        )}
        <button type="submit" disabled={disabled || sending || !text.trim()}>
          {disabled ? 'Wait for the current round' : 'Refine again'}
        </button>
      </form>
      {answer?.answer && (
        <div class="notice" role="status">
          <p>{answer.answer}</p>
          {estimateWords(answer.estimate) && <p class="estimate">Estimated cost of this round: {estimateWords(answer.estimate)}</p>}
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
