/** Starts the sample: `npm run sample`, then open the URL it prints. */
import 'reflect-metadata';
