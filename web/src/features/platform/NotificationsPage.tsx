import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, EmptyState, ErrorState, Loading, PageHeader, RequireRole } from '../../components';

interface Notification { id: string; kind: string; title: string; body: string; link: string | null; createdAt: string; readAt: string | null }

function Notifications() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['notifications'], queryFn: () => api.get<{ notifications: Notification[] }>('/api/notifications') });
  const read = useMutation({ mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`), onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }) });
  return (
    <>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} /> : !q.data!.notifications.length ? <EmptyState title="No notifications" /> : (
        <ul className="notifications">
          {q.data!.notifications.map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              <strong>{n.title}</strong> <time>{n.createdAt.slice(0, 16).replace('T', ' ')}</time>
              <p>{n.body}</p>
              {n.link && <Link to={n.link}>Open</Link>}
              {!n.readAt && <Button variant="secondary" onClick={() => read.mutate(n.id)}>Mark read</Button>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function NotificationsPage() {
  return (
    <RequireRole roles="all">
      <PageHeader title="Notifications" />
      <Notifications />
    </RequireRole>
  );
}
