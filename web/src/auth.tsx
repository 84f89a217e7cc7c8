import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './api/client';
import type { Role } from './features/types';

export interface Me {
  id: string;
  email: string;
  role: Role;
  team: string | null;
  organisation: { id: string; name: string; kind: string };
}

interface AuthState {
  me: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      // Sign-in sets the readable cw_csrf cookie beside the session and sign-out clears it: without it there is
      // no session to ask about, so a signed-out visitor's page makes no failing request.
      if (!/(?:^|;\s*)cw_csrf=/.test(document.cookie)) return null;
      try {
        return await api.get<Me>('/api/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
  });
  const value: AuthState = {
    me: q.data ?? null,
    loading: q.isLoading,
    signIn: async (email, password) => {
      await api.post('/api/auth/login', { email, password });
      await qc.invalidateQueries();
    },
    signOut: async () => {
      await api.post('/api/auth/logout');
      qc.clear();
      await qc.invalidateQueries({ queryKey: ['me'] });
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The signed-in user (or null) and sign-in/out actions. */
export function useAuth(): AuthState {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** True when the user has one of the roles. */
export const hasRole = (me: Me | null, roles: Role[] | 'public' | 'all') =>
  roles === 'public' || (me !== null && (roles === 'all' || roles.includes(me.role)));
