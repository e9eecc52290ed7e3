/**
 * Catches a render error in one page or widget and shows a friendly panel with a retry, so one
 * broken part never blanks the whole app.
 */
import { ErrorBoundary, type JSX } from 'solid-js';
import { ApiError } from '../api/client';
import { ErrorState } from './ErrorState';

export interface BoundaryProps {
  /** What failed, in the user's words: "The CPU panel". */
  label?: string;
  /** Runs before the content re-renders, e.g. to refetch the data that failed. */
  onRetry?: () => void;
  children: JSX.Element;
}

export function Boundary(props: BoundaryProps) {
  return (
    <ErrorBoundary
      fallback={(error: unknown, reset) => {
        console.error(error);
        return (
          <div class="glass-panel p-4">
            <ErrorState
              title={`${props.label ?? 'This part of the page'} ran into a problem`}
              message={error instanceof ApiError ? error.message : 'It may be a temporary hiccup. Try again.'}
              onRetry={() => {
                props.onRetry?.();
                reset();
              }}
            />
          </div>
        );
      }}
    >
      {props.children}
    </ErrorBoundary>
  );
}
