import { useCallback, useEffect, useState } from 'react';
import type { Community } from '../api/types';
import { useServices } from '../auth/session';
import { messageOf } from '../live/hooks';

export interface Communities {
  list: Community[] | null;
  error: string | null;
  busy: string | null;
  reload: () => void;
  toggle: (c: Community) => Promise<void>;
}

export function useCommunities(): Communities {
  const { api } = useServices();
  const [list, setList] = useState<Community[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const reload = useCallback(() => {
    api
      .communities()
      .then((l) => {
        setList(l);
        setError(null);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, [api]);

  useEffect(reload, [reload]);

  const toggle = useCallback(
    async (c: Community) => {
      setBusy(c.id);
      setError(null);
      try {
        if (c.member) await api.leave(c.id);
        else await api.join(c.id);
        setList((l) =>
          l?.map((x) =>
            x.id === c.id ? { ...x, member: !c.member, members: Math.max(0, x.members + (c.member ? -1 : 1)) } : x,
          ) ?? l,
        );
        reload();
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setBusy(null);
      }
    },
    [api, reload],
  );

  return { list, error, busy, reload, toggle };
}
