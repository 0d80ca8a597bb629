import { useId } from 'react';
import { ROLES, type Role } from '../api-client/types';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  agent: 'Agent',
  viewer: 'Viewer',
};

interface RoleSelectProps {
  value: Role;
  onChange: (role: Role) => void;
  label: string;
  /** Show the label visually, or keep it for screen readers only (inside table rows). */
  hideLabel?: boolean;
  disabled?: boolean;
  roles?: readonly Role[];
}

export function RoleSelect({ value, onChange, label, hideLabel, disabled, roles = ROLES }: RoleSelectProps) {
  const id = useId();
  return (
    <span className={hideLabel ? 'inline-field' : 'field'}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as Role)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
    </span>
  );
}
