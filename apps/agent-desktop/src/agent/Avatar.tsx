import type { Customer } from '@pagedesk/contracts';

export const customerName = (customer: Customer | null): string =>
  customer?.name ?? (customer?.guest ? 'Website visitor' : 'Messenger user');

export function Avatar({ customer }: { customer: Customer | null }) {
  if (customer?.pictureUrl) return <img className="avatar" src={customer.pictureUrl} alt="" />;
  return <span className="avatar avatar-blank">{customerName(customer).slice(0, 1)}</span>;
}
