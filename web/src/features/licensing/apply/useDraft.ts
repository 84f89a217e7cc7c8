import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../../api/client';
import type { Application } from '../types';
import type { SectionKey } from './sections';

/** The draft being filled in, and a save that PUTs one section's answers and goes back to the task list. */
export function useDraft(id: string, section?: SectionKey) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ['application', id], queryFn: () => api.get<Application>(`/api/applications/${id}`) });
  const save = useMutation({
    mutationFn: (payload: Record<string, unknown>) => api.put<Application>(`/api/applications/${id}`, payload),
    onSuccess: (app) => {
      qc.setQueryData(['application', id], app);
      qc.invalidateQueries({ queryKey: ['applications'] });
      navigate(`/applications/${id}/apply${section ? `?saved=${section}` : ''}`);
    },
  });
  return { query, save };
}
