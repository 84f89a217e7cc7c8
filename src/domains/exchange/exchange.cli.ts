import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { addPeer, listPeers, showKeys } from './peers.service.js';

const fail = (err: unknown) => {
  if (err instanceof AppError) {
    const fields = Object.entries(err.fields ?? {}).map(([k, v]) => `  --${k === 'publicKey' ? 'public-key' : k}: ${v}`);
    process.stderr.write(`${err.message}\n${fields.join('\n')}\n`);
  } else process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
};

export function registerExchangeCli(program: Command, getDeps: () => Promise<Deps>) {
  const ex = program.command('exchange').description('Signed messages with peer authorities (denials, consultations)');
  ex.command('keys')
    .description('Exchange keys')
    .command('show')
    .description("Print this authority's public key (give it to peers) and its key id")
    .action(async () => {
      const k = showKeys(ctxFor(await getDeps(), SYSTEM_ACTOR, 'cli'));
      process.stdout.write(`name:   ${k.name}\nkey id: ${k.keyId}\n${k.publicKey}`);
    });
  const peer = ex.command('peer').description('Peer authorities');
  peer
    .command('add')
    .description('Add a peer authority')
    .requiredOption('--name <name>', "the peer's name")
    .requiredOption('--url <url>', "the peer's base URL, e.g. https://licensing.example.gov")
    .requiredOption('--public-key <pemOrFile>', "the peer's public key (PEM text, or a file holding it)")
    .action(async (o: { name: string; url: string; publicKey: string }) => {
      try {
        const pem = o.publicKey.includes('BEGIN') ? o.publicKey : readFileSync(o.publicKey, 'utf8');
        const p = await addPeer(ctxFor(await getDeps(), SYSTEM_ACTOR, 'cli'), { name: o.name, url: o.url, publicKey: pem });
        process.stdout.write(`Added peer ${p.name} (${p.url}), key id ${p.keyId}\n`);
      } catch (err) {
        fail(err);
      }
    });
  peer
    .command('list')
    .description('List peers and messages waiting for each')
    .action(async () => {
      const { peers } = await listPeers(ctxFor(await getDeps(), SYSTEM_ACTOR, 'cli'));
      if (!peers.length) process.stdout.write('No peers yet: clearway exchange peer add --name … --url … --public-key …\n');
      for (const p of peers) process.stdout.write(`${p.name}\t${p.url}\t${p.keyId}\t${p.active ? 'active' : 'disabled'}\t${p.pendingMessages} waiting\n`);
    });
}
