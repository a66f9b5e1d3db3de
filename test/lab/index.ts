/**
 * The Dialtone real-peer test lab: one import for tests.
 *
 * `import { startKamailio, startBaresip, … } from '../lab/index';`
 * See README.md in this directory and /work/shared/notes/lab.md.
 *
 * @module
 */
export * from './audio';
export * from './baresip';
export * from './certs';
export * from './kamailio';
export * from './keyring';
export * from './linphone';
export * from './loopback-bind';
export * from './netstring';
export * from './ports';
export * from './probe';
export * from './proc';
export * from './sipp-runner';
export * from './sipraw';
export * from './tools';
export * from './workdir';
export * from './coturn';
