import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSmtpServer } from '../helpers/smtp-server.js';
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HIDDEN = '@nestjs/terminus';
/**
 * An app directory outside the repository whose node_modules links every installed package except
 * @nestjs/terminus, with the library compiled into it: what a user without Terminus has.
 */
async function makeAppWithoutTerminus() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-no-terminus-'));
    const modules = path.join(dir, 'node_modules');
    await mkdir(modules);
    for (const entry of await readdir(path.join(ROOT, 'node_modules'))) {
        if (entry.startsWith('.'))
            continue;
        if (!entry.startsWith('@')) {
            await symlink(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
            continue;
        }
        await mkdir(path.join(modules, entry));
        for (const scoped of await readdir(path.join(ROOT, 'node_modules', entry))) {
            if (`${entry}/${scoped}` === HIDDEN)
                continue;
            await symlink(path.join(ROOT, 'node_modules', entry, scoped), path.join(modules, entry, scoped));
        }
    }
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    await run(process.execPath, [
        path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'),
        // Emit only: the type check is `npm test`'s own step.
        '--outDir', path.join(dir, 'dist'), '--declaration', 'false', '--sourceMap', 'false', '--noCheck',
    ], { cwd: ROOT }).catch((err) => {
        throw new Error(`the library does not build:\n${err.stdout ?? String(err)}`);
    });
    await writeFile(path.join(dir, 'check.mjs'), CHECK_SCRIPT);
    return dir;
}
/** Runs in the app directory: loads the main entry, sends one message, runs the health indicator. */
const CHECK_SCRIPT = `
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
const lib = await import('./dist/index.js');
const testing = await import('./dist/testing.js');
let terminusHidden = false;
try { await import('${HIDDEN}'); } catch (err) { terminusHidden = err.code === 'ERR_MODULE_NOT_FOUND'; }

class AppModule {}
Module({ imports: [lib.MailerModule.forRoot({ transport: 'smtp://127.0.0.1:' + process.env.SMTP_PORT, defaults: { from: 'app@example.com' } })] })(AppModule);
const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
const info = await app.get(lib.MailerService).sendMail({ to: 'ann@example.com', subject: 'no terminus', text: 'still works' });
let health;
try { health = await app.get(lib.MailerHealthIndicator).isHealthy(); } catch (err) { health = { name: err.name, code: err.code, message: err.message }; }
await app.close();
console.log(JSON.stringify({ terminusHidden, accepted: info.accepted, health, testing: typeof testing.MailerTestingModule }));
`;
describe('main entry without @nestjs/terminus installed', () => {
    let dir;
    let server;
    beforeAll(async () => {
        // Each is kept as soon as it exists, so that afterAll cleans up even when the other fails.
        const building = makeAppWithoutTerminus().then((made) => (dir = made));
        const starting = startSmtpServer().then((started) => (server = started));
        await Promise.all([building, starting]);
    }, 120_000);
    afterAll(async () => {
        await server?.close();
        if (dir)
            await rm(dir, { recursive: true, force: true });
    });
    it('loads, registers MailerModule and sends; the health indicator says which package to install', async () => {
        const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: dir, env: { ...process.env, SMTP_PORT: String(server.port), NODE_PATH: '' } });
        const result = JSON.parse(stdout.trim().split('\n').pop());
        expect(result.terminusHidden).toBe(true);
        expect(result.accepted).toEqual(['ann@example.com']);
        expect(result.testing).toBe('function');
        expect(result.health).toEqual({
            name: 'SmtpError',
            code: 'ECONFIG',
            message: 'MailerHealthIndicator needs @nestjs/terminus: npm install @nestjs/terminus',
        });
        expect(server.messages[0].envelope).toEqual({ from: 'app@example.com', to: ['ann@example.com'] });
    }, 30_000);
});
//# sourceMappingURL=entry-without-terminus.spec.js.map