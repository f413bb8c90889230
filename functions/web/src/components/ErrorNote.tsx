/** What went wrong and what to do, announced to screen readers; nothing when there is no error. */
export function ErrorNote({ error }: { error: string | null | undefined }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}
