import { NavLink, Outlet } from "react-router";

export interface NavItem {
  to: string;
  label: string;
  /** Active only on this exact path (the section's own index). */
  end?: boolean;
}

/** The staff console's and the admin's shell: a labelled side navigation and the page. */
export function ConsoleShell({ title, items }: { title: string; items: NavItem[] }) {
  return (
    <div className="page console">
      <nav aria-label={title} className="sub-nav">
        <strong>{title}</strong>
        <ul>
          {items.map((i) => (
            <li key={i.to}>
              <NavLink to={i.to} end={i.end}>
                {i.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="console-body">
        <Outlet />
      </div>
    </div>
  );
}
