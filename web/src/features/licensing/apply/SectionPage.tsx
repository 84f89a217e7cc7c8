import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components';
import type { Application } from '../types';
import { DraftFrame } from './TaskListPage';
import { DocumentUpload } from './DocumentUpload';
import { GoodsSection } from './GoodsSection';
import { PartiesSection } from './PartiesSection';
import { DeclarationsSection, EndUseSection, RouteSection } from './SimpleSections';
import { SECTIONS, type SectionKey } from './sections';

function DocumentsSection({ app }: { app: Application }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (
    <div className="panel">
      <p>Attach the end-user undertaking to the end user, and technical specifications or contracts to the application (or to the party they concern). Documents are optional for submission, but the authority may ask for them.</p>
      <DocumentUpload app={app} onDone={() => qc.invalidateQueries({ queryKey: ['application', app.id] })} />
      <p><Button type="button" onClick={() => navigate(`/applications/${app.id}/apply?saved=documents`)}>Save and continue</Button></p>
    </div>
  );
}

const PAGES: Record<SectionKey, (p: { app: Application }) => React.ReactElement> = {
  route: RouteSection,
  goods: GoodsSection,
  parties: PartiesSection,
  'end-use': EndUseSection,
  documents: DocumentsSection,
  declarations: DeclarationsSection,
};

/** /applications/:id/apply/:section — one section of the task list. */
export function SectionPage() {
  const { id = '', section = '' } = useParams();
  const s = SECTIONS.find((x) => x.key === section);
  if (!s) return <p className="alert alert-error">There is no section “{section}”. <Link to={`/applications/${id}/apply`}>Back to the application sections</Link></p>;
  const Page = PAGES[s.key];
  return <DraftFrame id={id} title={s.title}>{(a) => <Page app={a} />}</DraftFrame>;
}
