import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../auth';

/** Authority-only pages: a partner agency's user (whatever their role) is sent to their own checks, nothing is fetched. */
export function NotForPartners({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  if (me?.organisation.kind === 'partner_agency')
    return (
      <p role="alert">
        This page is for the authority. See <Link to="/verification">your end-use checks</Link>.
      </p>
    );
  return <>{children}</>;
}
