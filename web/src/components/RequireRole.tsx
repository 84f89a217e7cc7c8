import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { hasRole, useAuth } from '../auth';
import type { Role } from '../features/types';
import { Loading } from './Status';

/** Renders children only for the given roles; otherwise says why and what to do. */
export function RequireRole({ roles, children }: { roles: Role[] | 'all'; children: ReactNode }) {
  const { me, loading } = useAuth();
  if (loading) return <Loading />;
  if (!me)
    return (
      <div className="alert alert-info" role="alert">
        Please <Link to="/signin">sign in</Link> to see this page.
      </div>
    );
  if (!hasRole(me, roles))
    return (
      <div className="alert alert-error" role="alert">
        Your role ({me.role.replace(/_/g, ' ')}) does not give access to this page.
      </div>
    );
  return <>{children}</>;
}
