import { Link, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { AuthProvider, hasRole, useAuth } from './auth';
import { features } from './features/registry';
import type { NavItem } from './features/types';
import { Button, FormError, TextField, fieldErrors } from './components';

const SECTIONS: NavItem['section'][] = ['Public', 'Industry', 'Work', 'Admin'];

/** The main menu; on a narrow screen it is folded away behind the top bar's Menu button. */
function Nav({ open }: { open: boolean }) {
  const { me } = useAuth();
  const items = features.flatMap((f) => f.nav).filter((n) => hasRole(me, n.roles));
  return (
    <nav id="main-nav" className={`side-nav${open ? ' open' : ''}`} aria-label="Main">
      {SECTIONS.map((section) => {
        const inSection = items.filter((i) => (i.section ?? 'Work') === section);
        if (!inSection.length) return null;
        return (
          <div key={section} className="nav-section">
            <h2 className="nav-heading">{section}</h2>
            <ul>
              {inSection.map((i) => (
                <li key={i.to}>
                  <NavLink to={i.to}>{i.label}</NavLink>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

function TopBar({ navOpen, onToggleNav }: { navOpen: boolean; onToggleNav: () => void }) {
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <header className="top-bar">
      <button type="button" className="menu-button" aria-expanded={navOpen} aria-controls="main-nav" onClick={onToggleNav}>
        Menu
      </button>
      <Link to="/" className="brand">
        Clearway
      </Link>
      <span className="tagline">Export-control licensing</span>
      <div className="who">
        {me ? (
          <>
            <span data-testid="whoami" className="whoami">
              {me.email} · {me.role.replace(/_/g, ' ')} · {me.organisation.name}
            </span>
            <Link to="/account">Account</Link>
            <button
              type="button"
              className="link-button"
              onClick={async () => {
                await signOut();
                navigate('/');
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <Link to="/signin">Sign in</Link>
        )}
      </div>
    </header>
  );
}

export function SignInPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form onSubmit={submit} noValidate>
        <FormError error={error} />
        <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldErrors(error).email} required />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldErrors(error).password} required />
        <Button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </section>
  );
}

function Home() {
  const { me } = useAuth();
  const items = features.flatMap((f) => f.nav).filter((n) => hasRole(me, n.roles));
  return (
    <section>
      <h1>{me ? `Welcome, ${me.email}` : 'Clearway'}</h1>
      <p>
        {me
          ? `You are signed in as ${me.role.replace(/_/g, ' ')} for ${me.organisation.name}.`
          : 'Published control lists, guidance and statistics are open to everyone. Exporters and officers sign in to work.'}
      </p>
      <ul className="cards">
        {items.map((i) => (
          <li key={i.to} className="card">
            <Link to={i.to}>{i.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Go back to the <Link to="/">start page</Link>.
      </p>
    </section>
  );
}

export function App() {
  const [navOpen, setNavOpen] = useState(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the folded menu closes whenever the page changes.
  useEffect(() => setNavOpen(false), [location.pathname]);
  return (
    <AuthProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar navOpen={navOpen} onToggleNav={() => setNavOpen((o) => !o)} />
      <div className="layout">
        <Nav open={navOpen} />
        <main id="main" tabIndex={-1}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/signin" element={<SignInPage />} />
            {features.flatMap((f) => f.routes).map((r) => (
              <Route key={r.path} path={r.path} element={r.element} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </main>
      </div>
    </AuthProvider>
  );
}
