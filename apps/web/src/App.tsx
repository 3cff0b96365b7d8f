/** The shell: sign-in, the header (who, unread notifications), the navigation and the pages. */
import { useEffect, useRef, useState } from 'react';
import { api, type User } from './api';
import { DRAFTING_POSITIONS, SIGNER_POSITIONS, isLeaderPosition } from '../../../libs/domain/src/types';
import { Link, navigate, useLocation } from './router';
import { SessionProvider, useSession, useStoredUser } from './session';
import { LoginPage } from './pages/LoginPage';
import { TasksPage } from './pages/TasksPage';
import { AuditPage } from './pages/AuditPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { DocumentPage } from './pages/DocumentPage';
import { CreateDocumentPage } from './pages/CreateDocumentPage';
import { SigningQueuePage } from './pages/SigningQueuePage';
import { OverviewPage } from './pages/OverviewPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { OrgPage } from './pages/OrgPage';
import { RegisterPage } from './pages/RegisterPage';
import { CalendarPage } from './pages/CalendarPage';
import { PasswordPage } from './pages/PasswordPage';
import { CertificatePage } from './pages/CertificatePage';
import { IncomingPage } from './pages/IncomingPage';
import { BoardPage, CampaignsPage } from './pages/CampaignPages';
import { IncomingItemPage } from './pages/IncomingItemPage';
import { Loading } from './components/ui';

export function App() {
  const [user, setUser] = useStoredUser();
  if (user === undefined) return <Loading />;
  if (user === null) return <LoginPage onSignedIn={(u: User, token: string) => setUser(u, token)} />;
  return (
    <SessionProvider
      user={user}
      onSignOut={() => {
        // End the token on the server too (every session of the user), then forget it here whatever the answer.
        void api.post('/api/auth/logout').catch(() => undefined);
        setUser(null);
        navigate('/');
      }}
      onUserChange={(u: User) => setUser(u)}
    >
      <Shell />
    </SessionProvider>
  );
}

interface NavItem { to: string; label: string; show: boolean }

function Shell() {
  const { user, unread, live, signOut, canSign } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    setMenuOpen(false);
  }, [path]);
  const p = user.position;
  const nav: NavItem[] = [
    { to: '/', label: 'Việc của tôi', show: true },
    { to: '/van-ban', label: 'Văn bản', show: true },
    { to: '/van-ban/moi', label: 'Soạn dự thảo', show: DRAFTING_POSITIONS.includes(p) },
    { to: '/ky-duyet', label: 'Ký duyệt', show: canSign },
    { to: '/van-ban-den', label: 'Văn bản đến', show: p !== 'admin' },
    { to: '/ky-thi', label: 'Kỳ thi', show: true },
    { to: '/tong-quan', label: 'Tổng quan', show: isLeaderPosition(p) || p === 'unit_head' || p === 'admin' },
    { to: '/so-van-ban-di', label: 'Sổ văn bản đi', show: p === 'clerk' || isLeaderPosition(p) || p === 'admin' },
    { to: '/lich', label: 'Lịch làm việc', show: p === 'admin' },
    { to: '/to-chuc', label: 'Tổ chức', show: p === 'admin' },
    { to: '/nhat-ky', label: 'Nhật ký', show: p === 'admin' },
  ];
  const active = (to: string) => (to === '/' ? path === '/' : path === to || (path.startsWith(`${to}/`) && !nav.some((n) => n.to !== to && n.to.startsWith(to) && path.startsWith(n.to))));
  return (
    <>
      <a className="skip" href="#main">Bỏ qua thanh điều hướng</a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="examflow — trang chủ">
          examflow
        </Link>
        <button className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Danh mục
        </button>
        <nav id="main-nav" className={menuOpen ? 'open' : ''} aria-label="Điều hướng chính">
          {nav.filter((n) => n.show).map((n) => (
            <Link key={n.to} to={n.to} aria-current={active(n.to) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <Link to="/thong-bao" className="bell" aria-label={`Thông báo: ${unread} chưa đọc`} data-live={live}>
            Thông báo{unread > 0 && <span className="count" data-testid="unread-count">{unread}</span>}
          </Link>
          <span className="user" data-testid="current-user">
            <strong>{user.fullName}</strong>
            <small>{user.title}</small>
          </span>
          {SIGNER_POSITIONS.includes(p) && (
            <Link to="/chu-ky-so" className="link" aria-current={path === '/chu-ky-so' ? 'page' : undefined}>
              Chữ ký số
            </Link>
          )}
          <Link to="/mat-khau" className="link" aria-current={path === '/mat-khau' ? 'page' : undefined}>
            Đổi mật khẩu
          </Link>
          <button className="link" onClick={signOut}>
            Đăng xuất
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {user.mustChangePassword && path !== '/mat-khau' && (
          <p className="notice" role="note" data-testid="change-password-notice">
            Mật khẩu của bạn do quản trị viên đặt: hãy <Link to="/mat-khau">đổi mật khẩu</Link> của riêng bạn.
          </p>
        )}
        <Routes />
      </main>
    </>
  );
}

const TITLES: Array<[RegExp, string]> = [
  [/^\/$/, 'Việc của tôi'],
  [/^\/van-ban\/moi$/, 'Soạn dự thảo'],
  [/^\/van-ban\/.+/, 'Văn bản'],
  [/^\/van-ban$/, 'Danh sách văn bản'],
  [/^\/ky-duyet$/, 'Ký duyệt'],
  [/^\/tong-quan$/, 'Tổng quan'],
  [/^\/thong-bao$/, 'Thông báo'],
  [/^\/so-van-ban-di$/, 'Sổ văn bản đi'],
  [/^\/to-chuc$/, 'Tổ chức'],
  [/^\/lich$/, 'Lịch làm việc'],
  [/^\/nhat-ky$/, 'Nhật ký hệ thống'],
  [/^\/mat-khau$/, 'Đổi mật khẩu'],
  [/^\/chu-ky-so$/, 'Chữ ký số'],
  [/^\/van-ban-den(\/.*)?$/, 'Văn bản đến'],
  [/^\/ky-thi\/.+/, 'Bảng theo dõi báo cáo'],
  [/^\/ky-thi$/, 'Kỳ thi'],
];

function Routes() {
  const { path } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    // A new page: its title, the top, and the keyboard's focus at the start of its content.
    document.title = `${TITLES.find(([re]) => re.test(path))?.[1] ?? 'examflow'} — examflow`;
    window.scrollTo(0, 0); // a block: Chromium's scrollTo now returns a promise, which React would take for a clean-up
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  if (path === '/') return <TasksPage />;
  if (path === '/van-ban') return <DocumentsPage />;
  if (path === '/van-ban/moi') return <CreateDocumentPage />;
  const doc = /^\/van-ban\/([0-9a-f-]{36})$/i.exec(path);
  if (doc) return <DocumentPage key={doc[1]} id={doc[1]} />;
  if (path === '/ky-duyet') return <SigningQueuePage />;
  if (path === '/tong-quan') return <OverviewPage />;
  if (path === '/thong-bao') return <NotificationsPage />;
  if (path === '/to-chuc') return <OrgPage />;
  if (path === '/so-van-ban-di') return <RegisterPage />;
  if (path === '/lich') return <CalendarPage />;
  if (path === '/nhat-ky') return <AuditPage />;
  if (path === '/mat-khau') return <PasswordPage />;
  if (path === '/chu-ky-so') return <CertificatePage />;
  if (path === '/van-ban-den') return <IncomingPage />;
  if (path === '/ky-thi') return <CampaignsPage />;
  const board = /^\/ky-thi\/([0-9a-f-]{36})$/i.exec(path);
  if (board) return <BoardPage key={board[1]} id={board[1]} />;
  const incoming = /^\/van-ban-den\/([0-9a-f-]{36})$/i.exec(path);
  if (incoming) return <IncomingItemPage key={incoming[1]} id={incoming[1]} />;
  return (
    <section>
      <h1>Không tìm thấy trang</h1>
      <p>
        <Link to="/">Về trang Việc của tôi</Link>
      </p>
    </section>
  );
}
