// `node --import ./register-nest-ts.mjs child.ts`: TypeScript through SWC with legacy decorators and their
// metadata, which Nest's dependency injection needs (register-ts.mjs compiles without them). netns-hooks.mjs
// already holds exactly that transform, so it is reused rather than copied.
import { register } from 'node:module';

register('./netns-hooks.mjs', import.meta.url);
