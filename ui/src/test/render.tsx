import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Api } from '../api/client';
import type { Session } from '../api/types';
import { ServicesProvider } from '../auth/session';
import { WebSocketDouble } from './doubles';

/** Renders `ui` with the app's services wired to a fetch double and the WebSocket double. */
export function renderWithServices(ui: ReactElement, fetchImpl: typeof fetch, session: Session | null) {
  const apiFactory = (token: () => string | null, onUnauthorized: () => void) =>
    new Api(token, onUnauthorized, '', fetchImpl);
  return render(
    <ServicesProvider
      apiFactory={apiFactory}
      initialSession={session}
      WebSocketImpl={WebSocketDouble as unknown as typeof WebSocket}
    >
      {ui}
    </ServicesProvider>,
  );
}
