import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppError } from '@pagedesk/shared';
import type { Env } from '../../config/env';
import type { SimulatedCustomer, ThreadEntry } from './simulator-types';

const FIRST_NAMES = ['Maya', 'Liam', 'Noor', 'Kenji', 'Sofia', 'Tomás', 'Amara', 'Elias'];
const LAST_NAMES = ['Lindqvist', 'Okafor', 'Haddad', 'Sato', 'Rossi', 'Vega', 'Mensah', 'Brandt'];

/**
 * The simulated customers and their threads. Kept in a small JSON file under
 * DATA_DIR, so a restarted demo still shows the customer side of its chats.
 */
@Injectable()
export class SimulatedCustomers {
  private readonly file: string;
  private readonly customers: SimulatedCustomer[];

  constructor(config: ConfigService<Env, true>) {
    this.file = join(config.get('DATA_DIR', { infer: true }), 'demo-simulator.json');
    this.customers = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as SimulatedCustomer[])
      : [];
  }

  all(): readonly SimulatedCustomer[] {
    return this.customers;
  }

  create(kind: SimulatedCustomer['kind']): SimulatedCustomer {
    const n = this.customers.length;
    const customer: SimulatedCustomer = {
      id: numericId(),
      kind,
      firstName: FIRST_NAMES[n % FIRST_NAMES.length],
      lastName: LAST_NAMES[(n * 3 + 1) % LAST_NAMES.length],
      typing: false,
      thread: [],
    };
    this.customers.push(customer);
    this.save();
    return customer;
  }

  get(id: string): SimulatedCustomer {
    const customer = this.find(id);
    if (!customer) throw new AppError('not_found', `no simulated customer ${id}`);
    return customer;
  }

  /** By any id Facebook might use for them: their own, or the PSID an upgraded guest got. */
  find(id: string): SimulatedCustomer | undefined {
    return this.customers.find((c) => c.id === id || c.upgradedTo === id);
  }

  change(customer: SimulatedCustomer, apply: (c: SimulatedCustomer) => void): void {
    apply(customer);
    this.save();
  }

  append(customer: SimulatedCustomer, entry: ThreadEntry): void {
    this.change(customer, (c) => c.thread.push(entry));
  }

  /** Written aside and renamed: a demo stopped mid-write must not restart on half a file (it did, in a browser test). */
  private save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.customers));
    renameSync(temporary, this.file);
  }
}

/** Facebook ids are long decimal strings; 16 digits starting at 7 look like the real ones. */
const numericId = () =>
  `7${Array.from({ length: 15 }, () => Math.floor(Math.random() * 10)).join('')}`;
